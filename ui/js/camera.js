// Scan with camera: the camera dialog shows what the camera sees (JPEG previews Rust sends through a
// channel) while Rust decodes frames; the first setup code opens the usual add preview. Closing the
// dialog stops the camera. The button shows only when Rust finds a camera.

import { t } from "./l10n.js";
import { $, ask } from "./ipc.js";
import { describe } from "./errors.js";
import { Command } from "./commands.js";
import { showPreview } from "./preview.js";

const dialog = $("camera-dialog");
const image = $("camera-preview");
let shown = null;

function showFrame(bytes) {
  const url = URL.createObjectURL(new Blob([bytes], { type: "image/jpeg" }));
  image.src = url;
  image.hidden = false;
  if (shown) URL.revokeObjectURL(shown);
  shown = url;
}

function clearFrame() {
  image.hidden = true;
  image.removeAttribute("src");
  if (shown) URL.revokeObjectURL(shown);
  shown = null;
}

async function scan() {
  $("add-dialog").close();
  clearFrame();
  $("camera-error").textContent = "";
  $("camera-status").textContent = t("camera-starting");
  dialog.showModal();
  const previews = new window.__TAURI__.core.Channel();
  previews.onmessage = (message) => {
    if (!dialog.open) return;
    if (message instanceof ArrayBuffer) showFrame(message);
    else if (message?.status) $("camera-status").textContent = message.status;
  };
  try {
    const preview = await ask(Command.camera_scan, { previews });
    if (dialog.open) dialog.close();
    if (preview) showPreview(preview);
  } catch (error) {
    $("camera-status").textContent = "";
    $("camera-error").textContent = describe(error);
  }
}

/** Shows "Scan with camera" in the add dialog when there is a camera. */
export async function offerCamera() {
  const button = $("scan-camera");
  const present = await ask(Command.camera_available).catch(() => false);
  button.hidden = !present;
  button.dataset.checked = present ? "present" : "none";
}

$("scan-camera").addEventListener("click", scan);
$("add-dialog").addEventListener("close", () => { delete $("scan-camera").dataset.checked; });
dialog.addEventListener("close", () => {
  ask(Command.camera_stop).catch(() => {});
  clearFrame();
});
