// Moving in and out: the Import or export dialog, importing another authenticator's export (files picked
// and read in Rust, then the preview), and exporting to Aegis or, through phone.js, to a phone.

import { $, ask } from "./ipc.js";
import { describe, showError, toast } from "./errors.js";
import { Command } from "./commands.js";
import { showPreview } from "./preview.js";
import { openPhone } from "./phone.js";

export async function importFile() {
  try {
    const preview = await ask(Command.pick_import_files);
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

$("import-password-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const preview = await ask(Command.stage_import_password, { password: $("import-password").value });
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
    const path = await ask(Command.export_aegis_file, { password: $("export-password").value });
    if (path) {
      $("export-password").value = "";
      toast(`Saved ${path}`);
    }
  } catch (error) {
    $("transfer-error").textContent = describe(error);
  }
});
$("export-phone").addEventListener("click", () => {
  $("transfer-dialog").close();
  openPhone(null);
});
