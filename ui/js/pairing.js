// Pairing a browser: its Keyfob extension asked (through `keyfob browser-host`), and the window shows the
// code derived from the extension's key. The user pairs only when the extension shows the same code: an
// add-on posing as Keyfob's shows another, or none the user sees. Settings list the paired browsers.

import { $, ask, on } from "./ipc.js";
import { describe, toast } from "./errors.js";
import { language, setL10n, t } from "./l10n.js";
import { Command } from "./commands.js";
import { armed, disarm } from "./arming.js";

/** The code the dialog shows, sent back so a newer request (another code) is never paired unseen. */
let shownCode = null;

/** Shows the waiting request, if any; a locked vault shows it once unlocked. */
export async function showPairing() {
  const request = await ask(Command.pairing_request).catch(() => null);
  const dialog = $("pairing-dialog");
  if (!request) { if (dialog.open) dialog.close(); shownCode = null; return; }
  if (request.code === shownCode && dialog.open) return;
  shownCode = request.code;
  $("pairing-browser").textContent = t("pairing-asks", { browser: request.browser });
  $("pairing-code").textContent = request.code;
  $("pairing-error").textContent = "";
  disarm($("pairing-confirm"));
  if (!dialog.open) dialog.showModal();
  $("pairing-title").focus();
}

$("pairing-confirm").addEventListener("click", async () => {
  if (!shownCode || !armed($("pairing-confirm"))) return;
  try {
    await ask(Command.confirm_pairing, { code: shownCode });
    $("pairing-dialog").close();
    shownCode = null;
    toast(t("paired"));
  } catch (error) {
    if (error?.code === "pairing.changed") { shownCode = null; await showPairing(); }
    $("pairing-error").textContent = describe(error);
  }
});

async function refuse() {
  await ask(Command.refuse_pairing).catch(() => {});
  shownCode = null;
  $("pairing-dialog").close();
}
$("pairing-refuse").addEventListener("click", refuse);
$("pairing-dialog").addEventListener("cancel", (event) => { event.preventDefault(); refuse(); });

on("browser-pairing", () => showPairing());

/** Fills Settings' list of paired browsers, each with Remove. */
export async function showPairedBrowsers() {
  const list = $("settings-browsers");
  const browsers = await ask(Command.paired_browsers).catch(() => []);
  if (!browsers.length) {
    const none = document.createElement("li");
    none.className = "muted";
    none.textContent = t("browsers-none");
    list.replaceChildren(none);
    return;
  }
  list.replaceChildren(...browsers.map((browser) => {
    const row = document.createElement("li");
    const name = document.createElement("span");
    const said = { browser: browser.browser, date: new Date(browser.paired * 1000).toLocaleDateString(language, { dateStyle: "medium" }) };
    name.textContent = t("browser-paired", said);
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "link";
    setL10n(remove, "browser-remove", said);
    remove.addEventListener("click", async () => {
      try {
        await ask(Command.unpair_browser, { id: browser.id });
        toast(t("browser-removed"));
      } catch (error) {
        $("settings-error").textContent = describe(error);
      }
      await showPairedBrowsers();
    });
    row.append(name, remove);
    return row;
  }));
}
