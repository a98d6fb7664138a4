// Showing accounts as QR codes for a phone (Google Authenticator's export): every account from the
// Import or export dialog, or one from its edit dialog. Nothing secret is made until the user asks (and
// Rust's native confirmation is answered), and it is forgotten when the dialog closes.

import { setL10n, t } from "./l10n.js";
import { $, ask } from "./ipc.js";
import { showError } from "./errors.js";
import { Command } from "./commands.js";

let phone = { images: [], index: 0 };
/** The one account to show (its id and label), or null for every account. */
let phoneAccount = null;
function renderPhone() {
  const { images, index } = phone;
  $("phone-qr").src = images[index] || "";
  $("phone-count").textContent = t("phone-count", { index: index + 1, count: images.length });
  $("phone-prev").hidden = index === 0;
  $("phone-next").hidden = index >= images.length - 1;
}

/** Opens the phone dialog for every account, or for one (`{ id, label }`), showing nothing secret yet. */
export function openPhone(account) {
  phoneAccount = account;
  setL10n($("phone-title"), account ? "phone-title-one" : "phone-title", account ? { account: account.label } : undefined);
  setL10n($("phone-warning"), account ? "phone-warning-one" : "phone-warning");
  $("phone-intro").hidden = false;
  $("phone-figure").hidden = true;
  $("phone-prev").hidden = true;
  $("phone-next").hidden = true;
  $("phone-left-out").replaceChildren();
  $("phone-dialog").showModal();
}
$("phone-show").addEventListener("click", async () => {
  try {
    const exported = await ask(Command.phone_export, phoneAccount ? { id: phoneAccount.id } : {});
    phone = { images: exported.images, index: 0 };
    $("phone-left-out").replaceChildren(...exported.left_out.map((name) => Object.assign(
      document.createElement("li"), { textContent: t("phone-left-out", { account: name }) })));
    $("phone-intro").hidden = true;
    $("phone-figure").hidden = false;
    renderPhone();
  } catch (error) {
    $("phone-dialog").close();
    showError(error);
  }
});
$("phone-prev").addEventListener("click", () => { phone.index -= 1; renderPhone(); });
$("phone-next").addEventListener("click", () => { phone.index += 1; renderPhone(); });
// The images hold secrets: forget them as soon as the dialog closes (Done forgets them at once; the close
// event, which also covers Escape, comes a moment later).
function forgetPhone() { phone = { images: [], index: 0 }; $("phone-qr").removeAttribute("src"); }
$("phone-done").addEventListener("click", forgetPhone);
$("phone-dialog").addEventListener("close", forgetPhone);
