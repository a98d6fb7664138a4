// Moving in and out: importing another authenticator's export (files picked and read in Rust), exporting
// to Aegis, and showing the accounts as QR codes for a phone.

import { $, ask } from "./ipc.js";
import { describe, showError, toast } from "./errors.js";
import { showPreview } from "./add.js";

export async function importFile() {
  try {
    const preview = await ask("pick_import_files");
    if (preview) showPreview(preview);
  } catch (error) {
    if (error?.code === "import.password_needed") askImportPassword();
    else showError(error);
  }
}

function askImportPassword(message = "") {
  $("import-password").value = "";
  $("import-password-error").textContent = message;
  if (!$("import-password-dialog").open) $("import-password-dialog").showModal();
  $("import-password").focus();
}

$("import-password-cancel").addEventListener("click", () => $("import-password-dialog").close());
$("import-password-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const preview = await ask("stage_import_password", { password: $("import-password").value });
    $("import-password").value = "";
    $("import-password-dialog").close();
    showPreview(preview);
  } catch (error) {
    askImportPassword(describe(error));
  }
});

$("transfer-open").addEventListener("click", () => {
  $("transfer-error").textContent = "";
  $("transfer-dialog").showModal();
});
$("import-choose").addEventListener("click", () => { $("transfer-dialog").close(); importFile(); });
$("export-aegis").addEventListener("click", async () => {
  $("transfer-error").textContent = "";
  try {
    const path = await ask("export_aegis_file", { password: $("export-password").value });
    if (path) {
      $("export-password").value = "";
      toast(`Saved ${path}`);
    }
  } catch (error) {
    $("transfer-error").textContent = describe(error);
  }
});

let phone = { images: [], index: 0 };
/** The one account to show (its id and label), or null for every account. */
let phoneAccount = null;
const everyAccountWarning = $("phone-warning").innerHTML;
function renderPhone() {
  const { images, index } = phone;
  $("phone-qr").src = images[index] || "";
  $("phone-count").textContent = `QR code ${index + 1} of ${images.length}`;
  $("phone-prev").hidden = index === 0;
  $("phone-next").hidden = index >= images.length - 1;
}
$("export-phone").addEventListener("click", () => {
  $("transfer-dialog").close();
  openPhone(null);
});

/** Opens the phone dialog for every account, or for one (`{ id, label }`), showing nothing secret yet. */
export function openPhone(account) {
  phoneAccount = account;
  $("phone-title").textContent = account ? `Show ${account.label} as a QR code` : "Move to a phone";
  if (account) {
    $("phone-warning").textContent = "This QR code contains the account's secret: anyone who photographs it can make its codes. Show it only to your own phone, in any authenticator app.";
  } else {
    $("phone-warning").innerHTML = everyAccountWarning;
  }
  $("phone-intro").hidden = false;
  $("phone-figure").hidden = true;
  $("phone-prev").hidden = true;
  $("phone-next").hidden = true;
  $("phone-left-out").replaceChildren();
  $("phone-dialog").showModal();
}
$("phone-show").addEventListener("click", async () => {
  try {
    const exported = await ask("phone_export", phoneAccount ? { id: phoneAccount.id } : {});
    phone = { images: exported.images, index: 0 };
    $("phone-left-out").replaceChildren(...exported.left_out.map((name) => Object.assign(
      document.createElement("li"), { textContent: `Not included (Google Authenticator cannot hold it): ${name}` })));
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

