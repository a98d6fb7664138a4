// Adding: the add dialog (scan the screen, an image, a pasted link, typed in), and paste and drop
// anywhere. Whatever is found goes to the preview (preview.js), which confirms it.

import { $, ask } from "./ipc.js";
import { t } from "./l10n.js";
import { describe, showError } from "./errors.js";
import { Command } from "./commands.js";
import { showPreview } from "./preview.js";
import { importFile } from "./transfer.js";
import { offerCamera } from "./camera.js";

const addDialog = $("add-dialog");

function openAdd() {
  $("add-error").textContent = "";
  $("link-input").value = "";
  addDialog.showModal();
  offerCamera();
}

function addFailed(error) {
  $("add-error").textContent = describe(error);
}

async function stageThen(command, args) {
  $("add-error").textContent = "";
  try {
    const preview = await ask(command, args);
    if (preview) showPreview(preview);
  } catch (error) {
    if (addDialog.open) addFailed(error); else showError(error);
  }
}

$("add-button").addEventListener("click", openAdd);
$("empty-add").addEventListener("click", openAdd);
$("empty-scan").addEventListener("click", () => stageThen(Command.stage_screen));
$("scan-screen").addEventListener("click", () => stageThen(Command.stage_screen));
$("choose-image").addEventListener("click", () => stageThen(Command.stage_image_file));
$("add-import").addEventListener("click", () => { addDialog.close(); importFile(); });
$("empty-import").addEventListener("click", () => importFile());
$("link-add").addEventListener("click", () => stageThen(Command.stage_links, { text: $("link-input").value }));

// "…or type the secret key" says whether its form is open (a summary is no button to WebKitGTK's tree).
$("typed").addEventListener("toggle", () => {
  $("typed").querySelector("summary").setAttribute("aria-expanded", String($("typed").open));
});

// Ctrl+N: add, from wherever the list is (not over another dialog).
document.addEventListener("keydown", (event) => {
  const add = (event.ctrlKey || event.metaKey) && (event.key === "n" || event.key === "N");
  if (!add || document.querySelector("dialog[open]")) return;
  event.preventDefault();
  openAdd();
});

async function stageImageBlob(blob) {
  const bytes = Array.from(new Uint8Array(await blob.arrayBuffer()));
  await stageThen(Command.stage_image, { bytes });
}

// Ctrl+V outside a text field: Rust reads the clipboard (WebKitGTK fires no paste event there, and the
// web view holds no clipboard permission). Preventing the key stops webviews that would paste as well.
document.addEventListener("keydown", (event) => {
  const paste = (event.ctrlKey || event.metaKey) && (event.key === "v" || event.key === "V");
  const otherDialog = [...document.querySelectorAll("dialog[open]")].some((d) => d !== addDialog);
  if (!paste || event.target.matches("input, textarea, select") || otherDialog) return;
  event.preventDefault();
  stageThen(Command.stage_clipboard);
});

// Paste in a field, or where the web view fires it: an image (a screenshot of the QR code) or text (an
// otpauth:// link).
document.addEventListener("paste", (event) => {
  const data = event.clipboardData;
  if (!data) return;
  const image = [...data.items].find((i) => i.type.startsWith("image/"));
  if (image) {
    event.preventDefault();
    stageImageBlob(image.getAsFile());
    return;
  }
  const text = data.getData("text");
  if (text.includes("://") && !event.target.matches("input, textarea")) {
    event.preventDefault();
    stageThen(Command.stage_links, { text });
  }
});

const drop = $("drop-zone");
drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (event) => {
  event.preventDefault();
  drop.classList.remove("over");
  const file = [...(event.dataTransfer?.files || [])].find((f) => f.type.startsWith("image/"));
  if (file) stageImageBlob(file); else $("add-error").textContent = t("drop-not-image");
});

// Typing the secret: validated as it is typed; the secret goes to Rust and never comes back.
let checkTimer;
$("typed-secret").addEventListener("input", () => {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(async () => {
    const secret = $("typed-secret").value;
    $("typed-secret-error").textContent = secret ? (await ask(Command.check_secret, { secret })) || "" : "";
  }, 150);
});
$("typed-add").addEventListener("click", () => stageThen(Command.stage_typed, {
  secret: $("typed-secret").value,
  issuer: $("typed-issuer").value || null,
  name: $("typed-name").value,
  digits: Number($("typed-digits").value),
  period: Number($("typed-period").value),
  algorithm: $("typed-algorithm").value,
}));
