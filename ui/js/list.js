// The list: accounts in order with their codes, search, keyboard moves, copying, reordering, renaming,
// removing with undo.

import { $, call, ask } from "./ipc.js";
import { showError, toast } from "./errors.js";
import { refreshBackup } from "./backups.js";

const list = $("accounts");
const search = $("search");

/** Accounts in display order, and the latest codes by id. */
export let accounts = [];
let codes = new Map();
/** HOTP codes generated on request, shown until the next refresh of the list. */
const hotpShown = new Map();

const group = (code) => (code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}`
  : code.length === 8 ? `${code.slice(0, 4)} ${code.slice(4)}`
  : code.length === 7 ? `${code.slice(0, 3)} ${code.slice(3)}` : code);

function matches(account, query) {
  if (!query) return true;
  const q = query.toLowerCase();
  return (account.issuer || "").toLowerCase().includes(q) || account.name.toLowerCase().includes(q);
}

export function label(account) {
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

export async function refreshAccounts() {
  accounts = await call("list_accounts");
  hotpShown.clear();
  await refreshCodes();
  render();
  await refreshBackup();
}

export async function refreshCodes() {
  try {
    const latest = await ask("current_codes");
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
    await ask("rename_account", { id: renaming.id, issuer: $("rename-issuer").value, name: $("rename-name").value });
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

