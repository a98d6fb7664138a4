// "Link this site in Keyfob": a browser extension asked for codes on a site no account is linked to.
// Keyfob (not the page) shows the site and the user picks the account; nothing is preselected and nothing
// is linked otherwise. A site named like an account linked elsewhere is warned about ("This is not …").

import { list, t } from "./l10n.js";
import { $, ask, on } from "./ipc.js";
import { describe, toast } from "./errors.js";
import { Command } from "./commands.js";
import { state } from "./state.js";
import { paintIcon } from "./icons.js";
import { armed, disarm, recheck } from "./arming.js";

/** The page's host the dialog shows, as Rust named it (sent back so a newer request is never linked unseen). */
let shownHost = null;
/** Its site (registrable domain), for the messages. */
let shownSite = null;

/** Link acts once an account is picked (and the dialog has been up for a moment: see arming.js). */
const picked = () => document.querySelector("input[name=site-link-account]:checked");

function accountRow(account, request) {
  const row = document.createElement("label");
  const radio = document.createElement("input");
  radio.type = "radio";
  radio.name = "site-link-account";
  radio.value = String(account.id);
  radio.addEventListener("change", () => recheck($("site-link-confirm")));
  const icon = document.createElement("span");
  icon.className = "avatar mini";
  icon.setAttribute("aria-hidden", "true");
  paintIcon(icon, account);
  const name = document.createElement("span");
  name.textContent = account.label;
  const note = document.createElement("span");
  note.className = "note muted";
  const sites = account.sites || [];
  note.textContent = request.linked.includes(account.id) ? t("site-already-linked")
    : sites.length ? t("site-linked-to", { sites: list(sites) }) : "";
  row.append(radio, icon, name, note);
  return row;
}

/** Shows the waiting request, if any; a locked vault shows it once unlocked. */
export async function showSiteLink() {
  const request = await ask(Command.site_link_request).catch(() => null);
  const dialog = $("site-link-dialog");
  if (!request) { if (dialog.open) dialog.close(); shownHost = null; shownSite = null; return; }
  shownHost = request.host;
  shownSite = request.site;
  // The list may have changed outside this window (another Keyfob, the command line).
  await state.refreshAccounts().catch(() => {});
  // The site large, the rest of the host dimmed before it: the part a look-alike cannot fake stands out.
  const prefix = request.host === request.site ? "" : request.host.slice(0, request.host.length - request.site.length);
  $("site-link-host-part").textContent = prefix;
  $("site-link-domain").textContent = request.site;
  $("site-link-warnings").replaceChildren(...request.lookalikes.map((account) => {
    const item = document.createElement("li");
    item.textContent = t("site-lookalike", { sites: list(account.sites, "disjunction"), account: account.label, linked: list(account.sites) });
    return item;
  }));
  $("site-link-scope").hidden = !prefix;
  $("site-link-scope-site").textContent = t("site-scope-site", { site: request.site });
  $("site-link-scope-host").textContent = t("site-scope-host", { host: request.host });
  document.querySelector("input[name=site-link-scope][value=site]").checked = true;
  $("site-link-error").textContent = "";
  // Codes go to pages for time-based accounts only (an HOTP code shown would be used up).
  const fitting = state.accounts.filter((a) => a.kind === "totp" || a.kind === "steam");
  const accounts = $("site-link-accounts");
  accounts.replaceChildren(...fitting.map((a) => accountRow(a, request)));
  if (!fitting.length) accounts.textContent = t("site-no-account");
  disarm($("site-link-confirm"), () => Boolean(picked()));
  if (!dialog.open) dialog.showModal();
}

$("site-link-confirm").addEventListener("click", async () => {
  const chosen = picked();
  if (!chosen) { $("site-link-error").textContent = t("site-choose-first"); return; }
  if (!shownHost || !armed($("site-link-confirm"))) return;
  const hostOnly = document.querySelector("input[name=site-link-scope]:checked")?.value === "host" && !$("site-link-scope").hidden;
  try {
    await ask(Command.link_site, { host: shownHost, id: Number(chosen.value), hostOnly });
    $("site-link-dialog").close();
    toast(hostOnly ? t("site-linked-host", { host: shownHost }) : t("site-linked-site", { site: shownSite }));
    shownHost = null;
    shownSite = null;
  } catch (error) {
    if (error?.code === "site_link.changed") { await showSiteLink(); return; }
    $("site-link-error").textContent = describe(error);
  }
});

async function dismiss() {
  if (shownHost) await ask(Command.dismiss_site_link, { host: shownHost }).catch(() => {});
  shownHost = null;
  shownSite = null;
  $("site-link-dialog").close();
}
$("site-link-dismiss").addEventListener("click", dismiss);
$("site-link-dialog").addEventListener("cancel", (event) => { event.preventDefault(); dismiss(); });

on("site-link", () => showSiteLink());
