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
    if (event.target.closest(".menu")) return;
    copy(account);
  });
  item.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target === item) { event.preventDefault(); copy(account); }
  });
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
    labelEl.append(box, document.createTextNode(label(account)));
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
  $("preview-problems").replaceChildren(...preview.problems.map((p) => Object.assign(document.createElement("li"), { textContent: p })));
  const fresh = preview.accounts.filter((a) => !a.duplicate).length;
  $("preview-title").textContent = preview.accounts.length === 1 ? "Add this account?" : `Add these ${preview.accounts.length} accounts?`;
  $("preview-confirm").textContent = fresh === 1 ? "Add" : `Add ${fresh}`;
  $("preview-confirm").disabled = fresh === 0;
  if (addDialog.open) addDialog.close();
  $("preview-dialog").showModal();
}

$("preview-dialog").addEventListener("close", async () => {
  const dialog = $("preview-dialog");
  if (dialog.returnValue !== "confirm") {
    await invoke("discard_pending");
    return;
  }
  const indices = [...$("preview-list").querySelectorAll("input:checked")].map((b) => Number(b.value));
  const added = await call("commit_pending", { indices });
  await refreshAccounts();
  toast(added.length === 1 ? "Account added" : `${added.length} accounts added`);
});

$("add-button").addEventListener("click", openAdd);
$("empty-add").addEventListener("click", openAdd);
$("empty-scan").addEventListener("click", () => stageThen("stage_screen"));
$("scan-screen").addEventListener("click", () => stageThen("stage_screen"));
$("choose-image").addEventListener("click", () => stageThen("stage_image_file"));
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
  const direction = status.offset > 0 ? "behind" : "ahead";
  $("clock-text").textContent = status.correcting
    ? `This computer's clock is ${seconds} s ${direction}. Codes are corrected for it; fix the clock in your system settings.`
    : `This computer's clock is ${seconds} s ${direction}, so codes may be refused. Fix the clock in your system settings.`;
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

// ---------- start ----------

listen("links-received", async (event) => {
  const { found, problems } = event.payload;
  if (!found) { showError({ message: problems[0] || "The link holds no account." }); return; }
  try {
    // The accounts are already staged in Rust; this only asks for their metadata to preview.
    const preview = await invoke("pending_preview");
    showPreview({ accounts: preview.accounts, problems });
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
