// Adding: the add dialog (scan the screen, an image, a pasted link, typed in), paste and drop anywhere,
// deep links, and the preview that confirms what was found. What was found stays in Rust; the preview
// shows names only.

import { $, ask, on } from "./ipc.js";
import { describe, showError, clearError, toast } from "./errors.js";
import { accounts, label, paintIcon, refreshAccounts } from "./list.js";
import { backup, openBackup } from "./backups.js";
import { importFile } from "./transfer.js";
import { offerCamera } from "./camera.js";
import { armed, disarm } from "./arming.js";

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

export async function stageThen(command, args) {
  $("add-error").textContent = "";
  try {
    const preview = await ask(command, args);
    if (preview) showPreview(preview);
  } catch (error) {
    if (addDialog.open) addFailed(error); else showError(error);
  }
}

export function showPreview(preview) {
  const items = preview.accounts.map((account) => {
    const li = document.createElement("li");
    const labelEl = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = !account.duplicate;
    box.disabled = account.duplicate;
    box.value = account.index;
    box.dataset.kind = account.kind;
    const avatar = Object.assign(document.createElement("span"), { className: "avatar mini" });
    avatar.setAttribute("aria-hidden", "true");
    paintIcon(avatar, account);
    labelEl.append(box, avatar, document.createTextNode(label(account)));
    const carried = [account.favourite ? "★ Pinned" : "", ...account.groups, account.has_note ? "with a note" : ""].filter(Boolean);
    if (carried.length) labelEl.append(Object.assign(document.createElement("span"), { className: "dup carried", textContent: carried.join(" · ") }));
    if (account.kind === "push") {
      const mark = document.createElement("span");
      mark.className = "dup";
      mark.textContent = account.server ? `push approval from ${account.server}` : "push approval";
      labelEl.append(mark);
    }
    if (account.duplicate) {
      const dup = document.createElement("span");
      dup.className = "dup";
      dup.textContent = "already added";
      labelEl.append(dup);
    }
    li.append(labelEl);
    return li;
  });
  $("preview-list").replaceChildren(...items);
  $("preview-dialog").dataset.generation = preview.generation;
  $("preview-problems").replaceChildren(...preview.problems.map((p) => Object.assign(document.createElement("li"), { textContent: p })));
  const fresh = preview.accounts.filter((a) => !a.duplicate).length;
  $("preview-title").textContent = preview.accounts.length === 1 ? "Add this account?" : `Add these ${preview.accounts.length} accounts?`;
  $("preview-confirm").textContent = fresh === 1 ? "Add" : `Add ${fresh}`;
  $("preview-confirm").disabled = fresh === 0;
  // Shown or changed (another link arrived): Add waits a moment, so a click meant for what was there
  // does not add what is here now.
  disarm($("preview-confirm"));
  if (addDialog.open) addDialog.close();
  if (!$("preview-dialog").open) $("preview-dialog").showModal();
}

$("preview-confirm").addEventListener("click", (event) => {
  if (!armed($("preview-confirm"))) event.preventDefault();
});

$("preview-dialog").addEventListener("close", async () => {
  const dialog = $("preview-dialog");
  const generation = Number(dialog.dataset.generation);
  if (dialog.returnValue !== "confirm") {
    await ask("discard_pending", { generation });
    return;
  }
  const indices = [...$("preview-list").querySelectorAll("input:checked")].map((b) => Number(b.value));
  const hadAccounts = accounts.length > 0;
  const enrolling = [...$("preview-list").querySelectorAll("input:checked")].some((b) => b.dataset.kind === "push");
  if (enrolling) toast("Setting up push approval with the service…");
  let added;
  try {
    added = await ask("commit_pending", { generation, indices });
    clearError();
  } catch (error) {
    showError(error);
    // What is staged now (the link that arrived) gets its own look.
    const pending = await ask("pending_preview").catch(() => null);
    if (pending?.accounts.length) showPreview(pending);
    return;
  }
  await refreshAccounts();
  toast(added.length === 1 ? "Account added" : `${added.length} accounts added`);
  // Right after the first account: offer the backup, while it is on the user's mind.
  if (!hadAccounts && added.length && backup && !backup.enabled) openBackup({ first: true });
});

$("add-button").addEventListener("click", openAdd);
$("empty-add").addEventListener("click", openAdd);
$("empty-scan").addEventListener("click", () => stageThen("stage_screen"));
$("scan-screen").addEventListener("click", () => stageThen("stage_screen"));
$("choose-image").addEventListener("click", () => stageThen("stage_image_file"));
$("add-import").addEventListener("click", () => { addDialog.close(); importFile(); });
$("empty-import").addEventListener("click", () => importFile());
$("link-add").addEventListener("click", () => stageThen("stage_links", { text: $("link-input").value }));
$("link-input").addEventListener("keydown", (event) => {
  if (event.key === "Enter") { event.preventDefault(); $("link-add").click(); }
});

async function stageImageBlob(blob) {
  const bytes = Array.from(new Uint8Array(await blob.arrayBuffer()));
  await stageThen("stage_image", { bytes });
}

// Ctrl+V outside a text field: Rust reads the clipboard (WebKitGTK fires no paste event there, and the
// web view holds no clipboard permission). Preventing the key stops webviews that would paste as well.
document.addEventListener("keydown", (event) => {
  const paste = (event.ctrlKey || event.metaKey) && (event.key === "v" || event.key === "V");
  const otherDialog = [...document.querySelectorAll("dialog[open]")].some((d) => d !== addDialog);
  if (!paste || event.target.matches("input, textarea, select") || otherDialog) return;
  event.preventDefault();
  stageThen("stage_clipboard");
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
    stageThen("stage_links", { text });
  }
});

const drop = $("drop-zone");
drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (event) => {
  event.preventDefault();
  drop.classList.remove("over");
  const file = [...(event.dataTransfer?.files || [])].find((f) => f.type.startsWith("image/"));
  if (file) stageImageBlob(file); else $("add-error").textContent = "Drop an image file of the QR code.";
});

// Typing the secret: validated as it is typed; the secret goes to Rust and never comes back.
let checkTimer;
$("typed-secret").addEventListener("input", () => {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(async () => {
    const secret = $("typed-secret").value;
    $("typed-secret-error").textContent = secret ? (await ask("check_secret", { secret })) || "" : "";
  }, 150);
});
$("typed-add").addEventListener("click", () => stageThen("stage_typed", {
  secret: $("typed-secret").value,
  issuer: $("typed-issuer").value || null,
  name: $("typed-name").value,
  digits: Number($("typed-digits").value),
  period: Number($("typed-period").value),
  algorithm: $("typed-algorithm").value,
}));


on("links-received", async ({ found, problems }) => {
  if (!found) { showError({ message: problems[0] || "The link holds no account." }); return; }
  try {
    // The accounts are already staged in Rust; this only asks for their metadata to preview.
    const preview = await ask("pending_preview");
    showPreview({ ...preview, problems });
  } catch (error) {
    showError(error);
  }
});

/** A deep link that started the app was staged before this page could listen for it: ask. */
export function showPendingPreview() {
  ask("pending_preview").then((pending) => { if (pending.accounts.length) showPreview(pending); }).catch(() => {});
}
