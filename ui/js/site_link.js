// "Link this site in Keyfob": a browser extension asked for codes on a site no account is linked to.
// Keyfob (not the page) shows the site and the user picks the account; nothing is linked otherwise.

import { $, ask, on } from "./ipc.js";
import { describe, toast } from "./errors.js";
import { accounts, label, paintIcon, refreshAccounts } from "./list.js";

/** The site the dialog shows, as Rust named it (sent back so a newer request is never linked unseen). */
let shownSite = null;

function accountRow(account, request) {
  const row = document.createElement("label");
  const radio = document.createElement("input");
  radio.type = "radio";
  radio.name = "site-link-account";
  radio.value = String(account.id);
  radio.checked = account.id === request.suggested;
  radio.addEventListener("change", () => { $("site-link-confirm").disabled = false; });
  const icon = document.createElement("span");
  icon.className = "avatar mini";
  icon.setAttribute("aria-hidden", "true");
  paintIcon(icon, account);
  const name = document.createElement("span");
  name.textContent = label(account);
  const note = document.createElement("span");
  note.className = "note muted";
  const sites = account.sites || [];
  note.textContent = request.linked.includes(account.id) ? "Already linked"
    : account.id === request.suggested ? "Suggested"
    : sites.length ? `Linked to ${sites.join(", ")}` : "";
  row.append(radio, icon, name, note);
  return row;
}

/** Shows the waiting request, if any; a locked vault shows it once unlocked. */
export async function showSiteLink() {
  const request = await ask("site_link_request").catch(() => null);
  const dialog = $("site-link-dialog");
  if (!request) { if (dialog.open) dialog.close(); shownSite = null; return; }
  shownSite = request.site;
  // The list may have changed outside this window (another Keyfob, the command line).
  await refreshAccounts().catch(() => {});
  $("site-link-site").textContent = request.site;
  $("site-link-error").textContent = "";
  // Codes go to pages for time-based accounts only (an HOTP code shown would be used up).
  const fitting = accounts.filter((a) => a.kind === "totp" || a.kind === "steam");
  const list = $("site-link-accounts");
  list.replaceChildren(...fitting.map((a) => accountRow(a, request)));
  if (!fitting.length) list.textContent = "No account here gives time-based codes.";
  $("site-link-confirm").disabled = !fitting.some((a) => a.id === request.suggested);
  if (!dialog.open) dialog.showModal();
}

$("site-link-confirm").addEventListener("click", async () => {
  const picked = document.querySelector("input[name=site-link-account]:checked");
  if (!picked || !shownSite) return;
  try {
    await ask("link_site", { site: shownSite, id: Number(picked.value) });
    $("site-link-dialog").close();
    toast(`${shownSite} is linked: its pages get this account's codes`);
    shownSite = null;
  } catch (error) {
    if (error?.code === "site_link.changed") { await showSiteLink(); return; }
    $("site-link-error").textContent = describe(error);
  }
});

async function dismiss() {
  if (shownSite) await ask("dismiss_site_link", { site: shownSite }).catch(() => {});
  shownSite = null;
  $("site-link-dialog").close();
}
$("site-link-dismiss").addEventListener("click", dismiss);
$("site-link-dialog").addEventListener("cancel", (event) => { event.preventDefault(); dismiss(); });

on("site-link", () => showSiteLink());
