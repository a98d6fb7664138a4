// Keyfob's window. It shows what the Rust side computes: account metadata and codes, never a secret.
// Everything goes through `invoke` to commands in src-tauri/src/commands.rs.

const { invoke } = window.__TAURI__.core;
const { listen } = window.__TAURI__.event;

const $ = (id) => document.getElementById(id);
const list = $("accounts");
const search = $("search");

/** Accounts in display order, and the latest codes by id. */
let accounts = [];
let codes = new Map();
/** HOTP codes generated on request, shown until the next refresh of the list. */
const hotpShown = new Map();

// ---------- errors and toasts ----------

function showError(error) {
  if (error?.code === "vault.locked") { askPassphrase(); return; }
  const { message, hint } = typeof error === "object" && error ? error : { message: String(error) };
  const text = message || "Something went wrong.";
  $("error-text").textContent = text.charAt(0).toUpperCase() + text.slice(1);
  $("error-hint").textContent = hint || "";
  $("error-banner").hidden = false;
}

function clearError() {
  $("error-banner").hidden = true;
}
$("error-close").addEventListener("click", clearError);

let toastTimer;
function toast(text, action) {
  $("toast-text").textContent = text;
  const button = $("toast-action");
  button.hidden = !action;
  button.onclick = action ? () => { action(); $("toast").hidden = true; } : null;
  $("toast").hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { $("toast").hidden = true; }, action ? 10000 : 1800);
}

async function call(command, args) {
  try {
    const result = await invoke(command, args);
    clearError();
    return result;
  } catch (error) {
    showError(error);
    throw error;
  }
}

// ---------- the list ----------

const group = (code) => (code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}`
  : code.length === 8 ? `${code.slice(0, 4)} ${code.slice(4)}`
  : code.length === 7 ? `${code.slice(0, 3)} ${code.slice(3)}` : code);

function matches(account, query) {
  if (!query) return true;
  const q = query.toLowerCase();
  return (account.issuer || "").toLowerCase().includes(q) || account.name.toLowerCase().includes(q);
}

function label(account) {
  return account.issuer ? `${account.issuer} (${account.name})` : account.name;
}

function render() {
  const query = search.value.trim();
  const shown = accounts.filter((a) => matches(a, query));
  list.replaceChildren(...shown.map(row));
  $("empty").hidden = accounts.length > 0;
  $("no-match").hidden = accounts.length === 0 || shown.length > 0;
  list.hidden = shown.length === 0;
  updateCodes();
}

function row(account) {
  const item = $("account-template").content.firstElementChild.cloneNode(true);
  item.dataset.id = account.id;
  item.querySelector(".issuer").textContent = account.issuer || account.name;
  item.querySelector(".name").textContent = account.issuer ? account.name : "";
  item.addEventListener("click", (event) => {
    if (event.target.closest(".menu") || account.kind === "push") return;
    copy(account);
  });
  item.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target === item) { event.preventDefault(); copy(account); }
  });
  if (account.kind === "push") {
    item.querySelector(".up").hidden = true;
    item.querySelector(".down").hidden = true;
  }
  item.querySelector(".up").addEventListener("click", () => move(account, -1));
  item.querySelector(".down").addEventListener("click", () => move(account, +1));
  item.querySelector(".rename").addEventListener("click", () => openRename(account));
  item.querySelector(".delete").addEventListener("click", () => openDelete(account));
  return item;
}

function updateCodes() {
  for (const item of list.children) {
    const id = Number(item.dataset.id);
    const account = accounts.find((a) => a.id === id);
    if (!account) continue;
    const codeEl = item.querySelector(".code");
    const nextEl = item.querySelector(".next");
    const ring = item.querySelector(".ring");
    if (account.kind === "push") {
      codeEl.textContent = "Push approval";
      codeEl.classList.add("push");
      nextEl.textContent = "";
      ring.classList.add("none");
      item.setAttribute("aria-label", `${label(account)}: approves logins pushed by the service`);
      continue;
    }
    if (account.kind === "hotp") {
      const shown = hotpShown.get(id);
      codeEl.textContent = shown ? group(shown) : "Get code";
      codeEl.classList.toggle("hotp", !shown);
      nextEl.textContent = "";
      ring.classList.add("none");
      item.setAttribute("aria-label", `${label(account)}, counter-based: press Enter for the next code`);
      continue;
    }
    const code = codes.get(id);
    if (!code) continue;
    const urgent = code.remaining <= 5;
    codeEl.textContent = group(code.code);
    codeEl.classList.toggle("urgent", urgent);
    nextEl.textContent = urgent ? `next ${group(code.next)}` : "";
    ring.classList.toggle("urgent", urgent);
    ring.querySelector(".ring-left").style.strokeDashoffset = String(100 - (100 * code.remaining) / code.period);
    item.setAttribute("aria-label", `${label(account)}: code ${group(code.code)}, ${code.remaining} seconds left. Press Enter to copy.`);
  }
}

async function refreshAccounts() {
  accounts = await call("list_accounts");
  hotpShown.clear();
  await refreshCodes();
  render();
  await refreshBackup();
}

async function refreshCodes() {
  try {
    const latest = await invoke("current_codes");
    codes = new Map(latest.map((c) => [c.id, c]));
    updateCodes();
  } catch (error) {
    showError(error);
  }
}

async function copy(account) {
  const code = await call("copy_code", { id: account.id });
  if (account.kind === "hotp") { hotpShown.set(account.id, code); updateCodes(); }
  const item = list.querySelector(`[data-id="${account.id}"]`);
  if (item) {
    item.classList.add("copied");
    setTimeout(() => item.classList.remove("copied"), 900);
  }
  toast(`Copied ${account.issuer || account.name} code`);
}

async function move(account, step) {
  const index = accounts.findIndex((a) => a.id === account.id);
  const target = Math.max(0, index + step);
  await call("move_account", { id: account.id, index: target });
  await refreshAccounts();
  list.querySelector(`[data-id="${account.id}"]`)?.focus();
}

// ---------- keyboard ----------

document.addEventListener("keydown", (event) => {
  const inField = event.target.matches("input, textarea, select");
  if (event.key === "/" && !inField && !document.querySelector("dialog[open]")) {
    event.preventDefault();
    search.focus();
    return;
  }
  if (event.key === "Escape" && event.target === search) {
    search.value = "";
    render();
    return;
  }
  if ((event.key === "ArrowDown" || event.key === "ArrowUp") && !document.querySelector("dialog[open]")) {
    const items = [...list.children];
    if (!items.length) return;
    const current = items.indexOf(document.activeElement);
    const next = event.key === "ArrowDown" ? Math.min(items.length - 1, current + 1) : Math.max(0, current - 1);
    event.preventDefault();
    items[current === -1 ? 0 : next].focus();
  }
});
search.addEventListener("input", render);
search.addEventListener("keydown", (event) => {
  if (event.key === "Enter") {
    const first = list.firstElementChild;
    if (first) { event.preventDefault(); first.focus(); }
  }
});

// ---------- adding ----------

const addDialog = $("add-dialog");

function openAdd() {
  $("add-error").textContent = "";
  $("link-input").value = "";
  addDialog.showModal();
}

function addFailed(error) {
  $("add-error").textContent = error?.hint ? `${error.message}. ${error.hint}` : (error?.message || String(error));
}

async function stageThen(command, args) {
  $("add-error").textContent = "";
  try {
    const preview = await invoke(command, args);
    if (preview) showPreview(preview);
  } catch (error) {
    if (addDialog.open) addFailed(error); else showError(error);
  }
}

function showPreview(preview) {
  const items = preview.accounts.map((account) => {
    const li = document.createElement("li");
    const labelEl = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = !account.duplicate;
    box.disabled = account.duplicate;
    box.value = account.index;
    box.dataset.kind = account.kind;
    labelEl.append(box, document.createTextNode(label(account)));
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
  if (addDialog.open) addDialog.close();
  if (!$("preview-dialog").open) $("preview-dialog").showModal();
}

$("preview-dialog").addEventListener("close", async () => {
  const dialog = $("preview-dialog");
  const generation = Number(dialog.dataset.generation);
  if (dialog.returnValue !== "confirm") {
    await invoke("discard_pending", { generation });
    return;
  }
  const indices = [...$("preview-list").querySelectorAll("input:checked")].map((b) => Number(b.value));
  const hadAccounts = accounts.length > 0;
  const enrolling = [...$("preview-list").querySelectorAll("input:checked")].some((b) => b.dataset.kind === "push");
  if (enrolling) toast("Setting up push approval with the service…");
  let added;
  try {
    added = await invoke("commit_pending", { generation, indices });
    clearError();
  } catch (error) {
    showError(error);
    // What is staged now (the link that arrived) gets its own look.
    const pending = await invoke("pending_preview").catch(() => null);
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

// Paste anywhere: an image (a screenshot of the QR code) or text (an otpauth:// link).
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
    $("typed-secret-error").textContent = secret ? (await invoke("check_secret", { secret })) || "" : "";
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

// ---------- rename, remove, undo ----------

let renaming = null;
function openRename(account) {
  renaming = account;
  $("rename-issuer").value = account.issuer || "";
  $("rename-name").value = account.name;
  $("rename-error").textContent = "";
  $("rename-dialog").showModal();
  $("rename-name").focus();
}
$("rename-dialog").addEventListener("close", async () => {
  if ($("rename-dialog").returnValue !== "confirm" || !renaming) return;
  try {
    await invoke("rename_account", { id: renaming.id, issuer: $("rename-issuer").value, name: $("rename-name").value });
    await refreshAccounts();
    toast("Renamed");
  } catch (error) {
    showError(error);
  }
});

let deleting = null;
function openDelete(account) {
  deleting = account;
  $("delete-text").textContent = label(account);
  $("delete-dialog").showModal();
}
$("delete-dialog").addEventListener("close", async () => {
  if ($("delete-dialog").returnValue !== "confirm" || !deleting) return;
  const removed = deleting;
  await call("remove_account", { id: removed.id });
  await refreshAccounts();
  toast(`Removed ${label(removed)}`, async () => {
    await call("undo_remove");
    await refreshAccounts();
    toast(`${label(removed)} is back`);
  });
});

// ---------- clock ----------

async function refreshClock() {
  const status = await invoke("clock_status");
  const banner = $("clock-banner");
  banner.hidden = !status.off;
  if (!status.off) return;
  const seconds = Math.round(Math.abs(status.offset));
  const amount = seconds >= 5400 ? `${Math.round(seconds / 3600)} hours` : seconds >= 600 ? `${Math.round(seconds / 60)} minutes` : `${seconds} s`;
  const direction = status.offset > 0 ? "behind" : "ahead";
  $("clock-text").textContent = status.correcting
    ? `This computer's clock is ${amount} ${direction}. Codes are corrected for it; fix the clock in your system settings.`
    : status.needs_confirmation
      ? `Time servers say this computer's clock is ${amount} ${direction}. That is more than Keyfob corrects by itself: if your clock is right, someone may be faking the time. Correct codes only if you know the clock is wrong.`
      : `This computer's clock is ${amount} ${direction}, so codes may be refused. Fix the clock in your system settings.`;
  $("clock-toggle").textContent = status.correcting ? "Stop correcting" : "Correct codes";
  $("clock-toggle").onclick = async () => {
    await invoke("set_time_correction", { enabled: !status.correcting });
    await refreshClock();
    await refreshCodes();
  };
}

// ---------- passphrase vaults ----------

function askPassphrase() {
  const dialog = $("unlock-dialog");
  if (!dialog.open) dialog.showModal();
  $("unlock-passphrase").focus();
}
$("unlock-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await invoke("unlock_vault", { passphrase: $("unlock-passphrase").value });
    $("unlock-passphrase").value = "";
    $("unlock-dialog").close();
    await refreshAccounts();
  } catch (error) {
    $("unlock-error").textContent = error?.message || String(error);
  }
});
// The passphrase is the only way in: Escape does not dismiss it.
$("unlock-dialog").addEventListener("cancel", (event) => event.preventDefault());

// ---------- start at login (opt-in) ----------

const autostart = $("autostart");
invoke("autostart_enabled").then((on) => { autostart.checked = on; }).catch(() => { autostart.disabled = true; });
autostart.addEventListener("change", async () => {
  try {
    autostart.checked = await invoke("set_autostart", { enabled: autostart.checked });
  } catch (error) {
    autostart.checked = !autostart.checked;
    showError(error);
  }
});

// ---------- push approval ----------

/** Prompts waiting, by id; the one shown is `shownPrompt`. */
const prompts = new Map();
let shownPrompt = null;
let promptTimer;

function shuffled(items) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = crypto.getRandomValues(new Uint32Array(1))[0] % (i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function secondsLeft(prompt) {
  return prompt.expires ? Math.round(prompt.expires - Date.now() / 1000) : null;
}

function receivePrompt(prompt) {
  if (secondsLeft(prompt) !== null && secondsLeft(prompt) <= 0) return;
  // A newer prompt of the same account replaces the older ones: one decision per account.
  for (const [id, other] of prompts) {
    if (other.account === prompt.account && other.issuer === prompt.issuer && id !== prompt.id) prompts.delete(id);
  }
  prompts.set(prompt.id, prompt);
  if (!shownPrompt || !prompts.has(shownPrompt.id)) showNextPrompt();
  else if (shownPrompt.id !== prompt.id && shownPrompt.account === prompt.account) showNextPrompt();
}

function showNextPrompt() {
  const dialog = $("push-dialog");
  clearInterval(promptTimer);
  const next = [...prompts.values()].pop();
  shownPrompt = next || null;
  if (!next) { if (dialog.open) dialog.close(); return; }
  const service = next.issuer || next.title;
  $("push-service").textContent = `${service} · ${next.account}`;
  $("push-title").textContent = `Log in to ${service}?`;
  $("push-question").textContent = next.question;
  $("push-question").hidden = next.question === `Log in to ${service}?`;
  $("push-error").textContent = "";
  $("push-more").hidden = !next.more;
  $("push-more").textContent = next.more ? `${next.more} earlier attempts were folded into this one.` : "";
  const numbers = shuffled(next.options);
  $("push-hint").textContent = numbers.length ? "Tap the number the login page shows." : "Approve only if you are logging in right now.";
  const buttons = (numbers.length ? numbers : ["Approve"]).map((number) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = numbers.length ? "push-option" : "push-option primary";
    button.textContent = number;
    button.setAttribute("aria-label", numbers.length ? `Approve: the login page shows ${number}` : "Approve");
    button.addEventListener("click", () => answerPrompt(next, "approve", numbers.length ? number : null));
    return button;
  });
  $("push-options").replaceChildren(...buttons);
  const tick = () => {
    const left = secondsLeft(next);
    if (left === null) { $("push-time").textContent = ""; return; }
    if (left <= 0) { prompts.delete(next.id); toast("The login request expired"); showNextPrompt(); return; }
    $("push-time").textContent = `Expires in ${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
  };
  tick();
  promptTimer = setInterval(tick, 1000);
  if (!dialog.open) dialog.showModal();
}

async function answerPrompt(prompt, decision, number) {
  for (const button of $("push-form").querySelectorAll("button")) button.disabled = true;
  try {
    const accepted = await invoke("push_answer", { id: prompt.id, decision, number });
    prompts.delete(prompt.id);
    if (decision === "not_me") {
      for (const [id, other] of prompts) if (other.account === prompt.account) prompts.delete(id);
    }
    toast(!accepted ? "The service did not take the answer"
      : decision === "approve" ? "Approved" : decision === "deny" ? "Denied" : "Denied and reported. Change that password if you did not try to log in.");
    showNextPrompt();
  } catch (error) {
    $("push-error").textContent = error?.hint ? `${error.message}. ${error.hint}` : (error?.message || String(error));
    if (error?.code === "push.gone") { prompts.delete(prompt.id); setTimeout(showNextPrompt, 1500); }
  } finally {
    for (const button of $("push-form").querySelectorAll("button")) button.disabled = false;
  }
}

$("push-deny").addEventListener("click", () => shownPrompt && answerPrompt(shownPrompt, "deny"));
$("push-not-me").addEventListener("click", () => shownPrompt && answerPrompt(shownPrompt, "not_me"));
// Escape does not approve anything; it only hides the prompt until the next one (or the list's refresh).
$("push-dialog").addEventListener("close", () => { clearInterval(promptTimer); shownPrompt = null; });
listen("push-prompt", (event) => receivePrompt(event.payload));

async function refreshPrompts() {
  try {
    for (const prompt of await invoke("push_prompts")) receivePrompt(prompt);
  } catch { /* the watchers report problems; the window stays quiet */ }
}

// ---------- backups ----------

/** The latest backup status from Rust: { enabled, folder, keep, last_success, last_file, last_error }. */
let backup = null;
/** "Not now" hides the reminder until the app is started again: gentle, not gone. */
let backupSnoozed = false;

function ago(unixSeconds) {
  const seconds = Math.max(0, Math.round(Date.now() / 1000 - unixSeconds));
  if (seconds < 60) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

async function refreshBackup() {
  try {
    backup = await invoke("backup_status");
  } catch {
    backup = null;
    return;
  }
  const button = $("backup-open");
  button.classList.toggle("failed", Boolean(backup.enabled && backup.last_error));
  button.textContent = !backup.enabled ? "Backups: off"
    : backup.last_error ? "Backup failed: see why"
    : backup.last_success ? `Backed up ${ago(backup.last_success)}` : "Backups: on";
  $("backup-banner").hidden = backup.enabled || backupSnoozed || accounts.length === 0;
  if ($("backup-dialog").open) renderBackup();
}

function renderBackup() {
  const on = backup?.enabled;
  let state = on ? `On: after every change, to ${backup.folder}, keeping the last ${backup.keep}.` : "Off: nothing is backed up yet.";
  if (on && backup.last_success) state += ` Last backup ${ago(backup.last_success)}.`;
  $("backup-state").textContent = state;
  $("backup-error").textContent = on && backup.last_error ? backup.last_error : "";
  $("backup-setup").hidden = on && !changingBackup;
  $("backup-change").hidden = !on || changingBackup;
  $("backup-on").hidden = on && !changingBackup;
  $("backup-on").textContent = on ? "Save" : "Turn on backups";
  $("backup-now").hidden = !on;
  $("backup-off").hidden = !on;
}

let changingBackup = false;
function openBackup({ first = false } = {}) {
  changingBackup = false;
  $("backup-intro").hidden = !first;
  if (backup?.folder) $("backup-folder").value = backup.folder;
  $("backup-password").value = "";
  $("backup-password2").value = "";
  renderBackup();
  $("backup-dialog").showModal();
}

async function backupAction(command, args) {
  $("backup-error").textContent = "";
  try {
    backup = await invoke(command, args);
    changingBackup = false;
    await refreshBackup();
    renderBackup();
    return true;
  } catch (error) {
    $("backup-error").textContent = error?.hint ? `${error.message}. ${error.hint}` : (error?.message || String(error));
    return false;
  }
}

$("backup-open").addEventListener("click", () => openBackup());
$("backup-banner-open").addEventListener("click", () => openBackup());
$("backup-banner-later").addEventListener("click", () => { backupSnoozed = true; $("backup-banner").hidden = true; });
$("backup-change").addEventListener("click", () => { changingBackup = true; renderBackup(); });
$("backup-choose").addEventListener("click", async () => {
  const folder = await invoke("pick_backup_folder");
  if (folder) $("backup-folder").value = folder;
});
$("backup-on").addEventListener("click", async () => {
  const password = $("backup-password").value;
  if (password !== $("backup-password2").value) {
    $("backup-error").textContent = "The two passwords are not the same.";
    return;
  }
  $("backup-on").disabled = true;
  const done = await backupAction("enable_auto_backup", {
    folder: $("backup-folder").value.trim(),
    password,
    keep: Number($("backup-keep").value) || 10,
  });
  $("backup-on").disabled = false;
  if (done) {
    $("backup-password").value = "";
    $("backup-password2").value = "";
    toast(backup.last_error ? "Backups are on, but the first one failed" : "Backed up");
  }
});
$("backup-now").addEventListener("click", async () => {
  if (await backupAction("backup_now")) toast("Backed up");
});
$("backup-off").addEventListener("click", () => backupAction("disable_auto_backup"));

// ---------- import and export ----------

async function importFile() {
  try {
    const preview = await invoke("pick_import_files");
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
    const preview = await invoke("stage_import_password", { password: $("import-password").value });
    $("import-password").value = "";
    $("import-password-dialog").close();
    showPreview(preview);
  } catch (error) {
    askImportPassword(error?.hint ? `${error.message}. ${error.hint}` : (error?.message || String(error)));
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
    const path = await invoke("export_aegis_file", { password: $("export-password").value });
    if (path) {
      $("export-password").value = "";
      toast(`Saved ${path}`);
    }
  } catch (error) {
    $("transfer-error").textContent = error?.message || String(error);
  }
});

let phone = { images: [], index: 0 };
function renderPhone() {
  const { images, index } = phone;
  $("phone-qr").src = images[index] || "";
  $("phone-count").textContent = `QR code ${index + 1} of ${images.length}`;
  $("phone-prev").hidden = index === 0;
  $("phone-next").hidden = index >= images.length - 1;
}
$("export-phone").addEventListener("click", () => {
  $("transfer-dialog").close();
  $("phone-intro").hidden = false;
  $("phone-figure").hidden = true;
  $("phone-prev").hidden = true;
  $("phone-next").hidden = true;
  $("phone-left-out").replaceChildren();
  $("phone-dialog").showModal();
});
$("phone-show").addEventListener("click", async () => {
  try {
    const exported = await invoke("phone_export");
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
// The images hold secrets: forget them as soon as the dialog closes.
$("phone-dialog").addEventListener("close", () => { phone = { images: [], index: 0 }; $("phone-qr").removeAttribute("src"); });

// ---------- start ----------

listen("links-received", async (event) => {
  const { found, problems } = event.payload;
  if (!found) { showError({ message: problems[0] || "The link holds no account." }); return; }
  try {
    // The accounts are already staged in Rust; this only asks for their metadata to preview.
    const preview = await invoke("pending_preview");
    showPreview({ ...preview, problems });
  } catch (error) {
    showError(error);
  }
});

await refreshAccounts().catch(() => {});
// A deep link that started the app was staged before this page could listen for it: ask.
invoke("pending_preview").then((pending) => { if (pending.accounts.length) showPreview(pending); }).catch(() => {});
setInterval(refreshCodes, 1000);
refreshClock();
setInterval(refreshClock, 15000);
setInterval(refreshBackup, 30000);
refreshPrompts();
