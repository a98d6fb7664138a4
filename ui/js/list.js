// The list: accounts in order with their codes, search, keyboard moves, copying, reordering, renaming,
// removing with undo.

import { $, call, ask, on } from "./ipc.js";
import { t } from "./l10n.js";
import { announce, showError, toast } from "./errors.js";
import { Command } from "./commands.js";
import { state } from "./state.js";
import { paintIcon } from "./icons.js";
import { openPhone } from "./phone.js";
import { settled } from "./arming.js";

const list = $("accounts");
const search = $("search");
const groupFilter = $("group-filter");
const sortSelect = $("sort");
/** The group shown ("" for every account), kept across restarts in the web view's storage. */
const GROUP_KEY = "keyfob.group";

/** The latest codes by id, as Rust computed them at `fetchedAt` (the accounts are in state.js). */
let codes = new Map();
let fetchedAt = 0;
/** The rows on screen: only they are redrawn each second (a row scrolled into view is drawn at once). */
const onScreen = new Set();
const visibility = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    if (entry.isIntersecting) { onScreen.add(entry.target); drawRow(entry.target); } else onScreen.delete(entry.target);
  }
});
/** HOTP codes generated on request, shown until the next refresh of the list. */
const hotpShown = new Map();

function matches(account, query) {
  if (!query) return true;
  const q = query.toLowerCase();
  return (account.issuer || "").toLowerCase().includes(q) || account.name.toLowerCase().includes(q);
}

function inGroup(account) {
  const chosen = groupFilter.value;
  return !chosen || (account.groups || []).includes(chosen);
}

/** The row that is the list's one Tab stop (roving tabindex), by account id: kept across rebuilds. */
let currentId = null;

function render() {
  const query = search.value.trim();
  const { accounts } = state;
  const shown = accounts.filter((a) => matches(a, query) && inGroup(a));
  // Focus in the list comes back to the same account, or to the one that took its place: a rebuild never
  // drops the keyboard on the page's body. Focus elsewhere stays there (a row focused by itself would
  // show its code with "hide codes" on).
  const focused = list.contains(document.activeElement) ? document.activeElement : null;
  const part = focused?.closest(".copy, .more") ? (focused.classList.contains("copy") ? ".copy" : ".more") : null;
  const oldIndex = [...list.children].findIndex((item) => Number(item.dataset.id) === currentId);
  closeMenu(false);
  // The old rows go: stop watching them (the new ones are watched as they are made, and drawn when seen).
  visibility.disconnect();
  onScreen.clear();
  list.replaceChildren(...shown.map(row));
  // Locked, or not read yet: there may well be accounts, so "No accounts yet" would be wrong.
  $("empty").hidden = !state.known || accounts.length > 0;
  $("no-match").hidden = accounts.length === 0 || shown.length > 0;
  list.hidden = shown.length === 0;
  const items = [...list.children];
  const same = items.find((item) => Number(item.dataset.id) === currentId);
  const current = same || items[Math.min(Math.max(oldIndex, 0), items.length - 1)];
  makeCurrent(current);
  if (focused && current) {
    const button = same && part ? current.querySelector(part) : null;
    (button && button.getClientRects().length ? button : current).focus();
  }
  updateCodes();
}

/** `item` becomes the list's Tab stop, with its Copy and More buttons; every other row leaves the Tab
 * order (arrows reach them). The list is an ARIA grid of rows, not a list of items: Orca's WebKitGTK
 * support says nothing of a focused list item that holds other elements, and speaks a focused row. */
function makeCurrent(item) {
  for (const other of list.querySelectorAll('.account[tabindex="0"]')) {
    if (other === item) continue;
    other.tabIndex = -1;
    other.setAttribute("aria-selected", "false");
    for (const button of other.querySelectorAll(".row-actions button")) button.tabIndex = -1;
  }
  if (!item) { currentId = null; return; }
  currentId = Number(item.dataset.id);
  item.tabIndex = 0;
  // The grid's selection follows the keyboard: a screen reader would otherwise say "not selected" of
  // every row it reads.
  item.setAttribute("aria-selected", "true");
  for (const button of item.querySelectorAll(".row-actions button")) button.tabIndex = 0;
}

function row(account) {
  const item = $("account-template").content.firstElementChild.cloneNode(true);
  item.dataset.id = account.id;
  item.querySelector(".issuer").textContent = account.issuer || account.name;
  item.querySelector(".name").textContent = account.issuer ? account.name : "";
  paintIcon(item.querySelector(".avatar"), account);
  item.querySelector(".tags").textContent = [account.favourite ? t("pinned-tag") : "", ...(account.groups || [])].filter(Boolean).join(" · ");
  // A push token enrolled over plain http to another computer (before Keyfob refused that) works, but
  // the list says so.
  const caution = item.querySelector(".caution");
  caution.hidden = !account.insecure;
  caution.textContent = account.insecure ? t("insecure-push") : "";
  item.classList.toggle("pinned", Boolean(account.favourite));
  // Copying waits until the window has been in front a moment (see arming.js); then the click copies.
  const copySettled = settled(() => copy(account), () => toast(t("click-again-to-copy")));
  const copyButton = item.querySelector(".copy");
  const more = item.querySelector(".more");
  copyButton.hidden = account.kind === "push";
  copyButton.setAttribute("aria-label", t(account.kind === "hotp" ? "next-code-for" : "copy-code-for", { account: account.label }));
  copyButton.title = copyButton.getAttribute("aria-label");
  more.setAttribute("aria-label", t("more-actions-for", { account: account.label }));
  more.title = more.getAttribute("aria-label");
  item.addEventListener("click", (event) => {
    if (event.target.closest(".more, .row-menu") || account.kind === "push") return;
    copySettled();
  });
  more.addEventListener("click", () => openMenu(item, account));
  // With "hide codes" on, the row in use shows its code (style.css).
  item.addEventListener("focusin", () => { item.classList.add("revealed"); makeCurrent(item); });
  item.addEventListener("click", () => item.classList.add("revealed"));
  item.addEventListener("focusout", (event) => { if (!item.contains(event.relatedTarget)) item.classList.remove("revealed"); });
  item.addEventListener("keydown", (event) => {
    if (event.target.closest(".row-menu")) return;
    const onRow = event.target === item;
    if (onRow && (event.key === "Enter" || event.key === " ") && account.kind !== "push") { event.preventDefault(); copySettled(); }
    else if (event.key === "ContextMenu" || (event.shiftKey && event.key === "F10")) { event.preventDefault(); openMenu(item, account); }
    else if (onRow && event.key === "Delete") { event.preventDefault(); more.focus(); openDelete(account); }
    else if (onRow && (event.key === "t" || event.key === "T")) { event.preventDefault(); announce(timeLeft(account)); }
    else if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      // The grid's cells: Right and Left go from the row to its buttons and back.
      const stops = [item, ...[...item.querySelectorAll(".row-actions > button")].filter((b) => !b.hidden)];
      const to = stops[stops.indexOf(event.target) + (event.key === "ArrowRight" ? 1 : -1)];
      if (stops.includes(event.target) && to) { event.preventDefault(); to.focus(); }
    }
  });
  visibility.observe(item);
  return item;
}

// ---------- a row's "More actions" menu ----------

const menu = $("row-menu");
let menuFor = null;

/** Opens the menu under `item`'s More button, offering what applies to `account`, focus on its first item. */
function openMenu(item, account) {
  closeMenu(false);
  menuFor = { item, account };
  const star = menu.querySelector(".favourite");
  star.textContent = t(account.favourite ? "unpin" : "pin");
  // Pushing approves logins: it is not pinned or moved. Moving changes "your order", so only there.
  const movable = account.kind !== "push" && sortSelect.value === "manual";
  star.hidden = account.kind === "push";
  menu.querySelector(".up").hidden = !movable;
  menu.querySelector(".down").hidden = !movable;
  menu.setAttribute("aria-label", t("more-actions-for", { account: account.label }));
  item.querySelector(".row-actions").append(menu);
  menu.hidden = false;
  item.querySelector(".more").setAttribute("aria-expanded", "true");
  menuItems()[0]?.focus();
}

const menuItems = () => [...menu.querySelectorAll("button")].filter((b) => !b.hidden);

/** Closes the menu; focus goes back to its More button when `refocus` (Escape, a choice). */
function closeMenu(refocus) {
  if (!menuFor) return;
  const more = menuFor.item.querySelector(".more");
  more.setAttribute("aria-expanded", "false");
  menu.hidden = true;
  document.body.append(menu);
  menuFor = null;
  if (refocus && more.isConnected) more.focus();
}

menu.addEventListener("keydown", (event) => {
  const items = menuItems();
  const at = items.indexOf(document.activeElement);
  const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[event.key];
  if (to !== undefined) {
    event.preventDefault();
    items[(to + items.length) % items.length].focus();
  } else if (event.key === "Escape") {
    event.preventDefault();
    event.stopPropagation();
    closeMenu(true);
  } else if (event.key === "Tab") {
    closeMenu(true);
  }
});
menu.addEventListener("focusout", (event) => { if (menuFor && !menu.contains(event.relatedTarget)) closeMenu(false); });
document.addEventListener("pointerdown", (event) => { if (menuFor && !menu.contains(event.target) && !event.target.closest(".more")) closeMenu(false); });
menu.addEventListener("click", (event) => {
  const choice = event.target.closest("button");
  if (!choice || !menuFor) return;
  const { account } = menuFor;
  closeMenu(true);
  if (choice.classList.contains("favourite")) setFavourite(account, !account.favourite);
  else if (choice.classList.contains("up")) move(account, -1);
  else if (choice.classList.contains("down")) move(account, +1);
  else if (choice.classList.contains("rename")) openRename(account);
  else if (choice.classList.contains("delete")) openDelete(account);
});

// Codes change once a period; between fetches the seconds left are counted here, so Rust is asked again
// only when a code rolls over (or a change or the clock correction asks for it). Each second only the rows
// on screen are redrawn, and only where a value changed: with hundreds of accounts, rewriting every row
// every second kept the web view busy, and each label change reaches screen readers.
const write = (el, text) => { if (el.textContent !== text) el.textContent = text; };
const labelled = (el, text) => { if (el.getAttribute("aria-label") !== text) el.setAttribute("aria-label", text); };
const elapsed = () => Math.floor((performance.now() - fetchedAt) / 1000);

function drawRow(item) {
  const id = Number(item.dataset.id);
  const account = state.accounts.find((a) => a.id === id);
  if (!account) return;
  const codeEl = item.querySelector(".code");
  const nextEl = item.querySelector(".next");
  const ring = item.querySelector(".ring");
  if (account.kind === "push") {
    write(codeEl, t("push-approval"));
    codeEl.classList.add("push");
    write(nextEl, "");
    ring.classList.add("none");
    labelled(item, t(account.insecure ? "row-push-insecure" : "row-push", { account: account.label }));
    return;
  }
  if (account.kind === "hotp") {
    const shown = hotpShown.get(id);
    write(codeEl, shown ?? t("get-code"));
    codeEl.classList.toggle("hotp", !shown);
    write(nextEl, "");
    ring.classList.add("none");
    labelled(item, t("row-hotp", { account: account.label }));
    return;
  }
  const code = codes.get(id);
  if (!code) return;
  const remaining = Math.max(1, code.remaining - elapsed());
  const urgent = remaining <= 5;
  write(codeEl, code.shown);
  codeEl.classList.toggle("urgent", urgent);
  write(nextEl, urgent ? t("next-code", { code: code.next_shown }) : "");
  ring.classList.toggle("urgent", urgent);
  const left = ring.querySelector(".ring-left");
  const offset = String(100 - (100 * remaining) / code.period);
  if (left.style.strokeDashoffset !== offset) left.style.strokeDashoffset = offset;
  // The seconds are not in the label: a label that changed every second would be read every second. T
  // says them on demand (timeLeft).
  labelled(item, t("row-code", { account: account.label, code: code.shown }));
}

/** What T on a row says: the code and how long it still works. */
function timeLeft(account) {
  const code = codes.get(account.id);
  // Time-based (TOTP, Steam) accounts have a code with a period; counter-based and push ones none.
  if (!code || account.kind === "hotp" || account.kind === "push") return t("time-left-none", { account: account.label });
  return t("time-left", { account: account.label, code: code.shown, seconds: Math.max(1, code.remaining - elapsed()) });
}

function updateCodes() {
  for (const item of onScreen) drawRow(item);
}

/** Once a second: fetch when a code has rolled over, else redraw the rows on screen. */
export function tick() {
  const due = [...codes.values()].some((c) => c.remaining - elapsed() <= 0);
  if (due || elapsed() >= 30) refreshCodes(); else updateCodes();
}

/** The list was read again (state.js): its order, groups and codes, then the rows. Locked, the window
 * forgets every account and code it holds. */
async function showAccounts() {
  hotpShown.clear();
  if (!state.known) {
    $("filters").hidden = true;
    codes = new Map();
    render();
    return;
  }
  await refreshOrganisation();
  await refreshCodes();
  render();
}
state.addEventListener("accounts", (event) => event.detail.waitUntil(showAccounts()));

export async function refreshCodes() {
  try {
    const latest = await ask(Command.current_codes);
    codes = new Map(latest.map((c) => [c.id, c]));
    fetchedAt = performance.now();
    updateCodes();
  } catch (error) {
    showError(error);
  }
}

async function copy(account) {
  const copied = await call(Command.copy_code, { id: account.id });
  if (account.kind === "hotp") { hotpShown.set(account.id, copied.shown); updateCodes(); }
  const item = list.querySelector(`[data-id="${account.id}"]`);
  if (item) {
    item.classList.add("copied");
    setTimeout(() => item.classList.remove("copied"), 900);
  }
  toast(t("copied", { service: account.issuer || account.name }));
}

async function move(account, step) {
  // The neighbour on screen among its kind (favourites move among favourites): take its stored place.
  const peers = state.accounts.filter((a) => a.position != null && a.favourite === account.favourite && inGroup(a));
  const neighbour = peers[peers.findIndex((a) => a.id === account.id) + step];
  if (!neighbour) return;
  await call(Command.move_account, { id: account.id, index: neighbour.position });
  await state.refreshAccounts();
}

async function setFavourite(account, favourite) {
  await call(Command.set_favourite, { id: account.id, favourite });
  await state.refreshAccounts();
  toast(t(favourite ? "pinned" : "unpinned", { account: account.label }));
}

/** The order and the groups in use: the filter offers them, and forgets a group no account is in. */
async function refreshOrganisation() {
  const { sort, groups } = await ask(Command.organisation);
  // In "most used" order a copy does not move the list under the pointer: it re-sorts on the next refresh.
  sortSelect.value = sort;
  const chosen = localStorage.getItem(GROUP_KEY) || "";
  const options = [new Option(t("all-accounts"), ""), ...groups.map((g) => new Option(g, g))];
  groupFilter.replaceChildren(...options);
  groupFilter.value = groups.includes(chosen) ? chosen : "";
  groupFilter.closest("label").hidden = groups.length === 0;
  $("filters").hidden = !state.known || state.accounts.length < 2;
}

groupFilter.addEventListener("change", () => {
  localStorage.setItem(GROUP_KEY, groupFilter.value);
  render();
});
sortSelect.addEventListener("change", async () => {
  await call(Command.set_sort, { sort: sortSelect.value });
  await state.refreshAccounts();
});

// The desktop's search asked to see more: the window opens with its query in the search field.
on("search", (query) => {
  search.value = typeof query === "string" ? query : "";
  render();
  search.focus();
});

// ---------- keyboard ----------

const rows = () => [...list.children];

document.addEventListener("keydown", (event) => {
  const inField = event.target.matches("input, textarea, select");
  const inDialog = Boolean(document.querySelector("dialog[open]"));
  if (event.key === "/" && !inField && !inDialog) {
    event.preventDefault();
    search.focus();
    return;
  }
  if (event.key === "Escape" && event.target === search) {
    search.value = "";
    render();
    return;
  }
  if ((event.ctrlKey || event.metaKey) && !event.shiftKey && (event.key === "z" || event.key === "Z") && !inField && !inDialog) {
    event.preventDefault();
    undoRemove();
    return;
  }
  // Arrows move between rows from a row (or its buttons) and from the search field into the list.
  const moves = { ArrowDown: 1, ArrowUp: -1, Home: "first", End: "last" };
  const fromList = list.contains(event.target) && !menu.contains(event.target);
  if (!(event.key in moves) || inDialog || !(fromList || (event.target === search && event.key.startsWith("Arrow")))) return;
  const items = rows();
  if (!items.length) return;
  event.preventDefault();
  const at = items.indexOf(event.target.closest(".account"));
  const step = moves[event.key];
  const to = step === "first" ? 0 : step === "last" ? items.length - 1 : at === -1 ? items.indexOf(list.querySelector('.account[tabindex="0"]')) : at + step;
  items[Math.min(items.length - 1, Math.max(0, to))].focus();
});
search.addEventListener("input", render);
// A dialog closed and what opened it is gone (dialogs.js): the keyboard goes to the list's current row,
// or to the search field.
document.addEventListener("keyfob:focus-lost", () => (list.querySelector('.account[tabindex="0"]') || search).focus());
search.addEventListener("keydown", (event) => {
  if (event.key === "Enter") {
    const first = list.firstElementChild;
    if (first) { event.preventDefault(); first.focus(); }
  }
});

// ---------- rename, remove, undo ----------

let renaming = null;
async function openRename(account) {
  renaming = account;
  showRenameIcon(account);
  $("icon-search").value = "";
  $("icon-results").replaceChildren();
  $("rename-icon-row").hidden = account.kind === "push";
  $("rename-issuer").value = account.issuer || "";
  $("rename-name").value = account.name;
  $("rename-groups").value = (account.groups || []).join(", ");
  $("rename-sites").value = (account.sites || []).join(", ");
  $("rename-note").value = "";
  $("rename-error").textContent = "";
  const organisable = account.kind !== "push";
  for (const id of ["rename-groups", "rename-sites", "rename-note"]) $(id).closest("form").querySelector(`[for="${id}"]`).hidden = !organisable;
  $("rename-groups").hidden = $("rename-groups-help").hidden = $("rename-note").hidden = !organisable;
  $("rename-sites").hidden = $("rename-sites-help").hidden = !organisable;
  $("rename-qr").hidden = !organisable;
  $("rename-dialog").showModal();
  $("rename-name").focus();
  // The note is sealed in the vault: it is unsealed only now, for this dialog, and cleared when it closes.
  if (organisable && account.has_note) $("rename-note").value = await ask(Command.account_note, { id: account.id }).catch(() => "");
}
// Show as QR code: to move just this account to a phone. Nothing secret is made until the native
// confirmation (in Rust) is answered.
$("rename-qr").addEventListener("click", () => {
  const account = renaming;
  $("rename-dialog").close("cancel");
  if (account) openPhone({ id: account.id, label: account.label });
});
$("rename-dialog").addEventListener("close", async () => {
  const note = $("rename-note").value;
  $("rename-note").value = "";
  if ($("rename-dialog").returnValue !== "confirm" || !renaming) return;
  try {
    await ask(Command.rename_account, { id: renaming.id, issuer: $("rename-issuer").value, name: $("rename-name").value });
    if (renaming.kind !== "push") {
      const groups = $("rename-groups").value.split(",").map((g) => g.trim()).filter(Boolean);
      await ask(Command.set_groups_and_note, { id: renaming.id, groups, note });
      const sites = $("rename-sites").value.split(",").map((s) => s.trim()).filter(Boolean);
      await ask(Command.set_sites, { id: renaming.id, sites });
    }
    await state.refreshAccounts();
    toast(t("saved"));
  } catch (error) {
    showError(error);
  }
});

let deleting = null;
function openDelete(account) {
  deleting = account;
  $("delete-text").textContent = account.label;
  $("delete-dialog").showModal();
}
$("delete-dialog").addEventListener("close", async () => {
  if ($("delete-dialog").returnValue !== "confirm" || !deleting) return;
  const removed = deleting;
  await call(Command.remove_account, { id: removed.id });
  await state.refreshAccounts();
  // A push token goes for good (Rust keeps nothing to bring back): no Undo is offered.
  undoable = removed.kind !== "push";
  toast(t(undoable ? "removed" : "removed-for-good", { account: removed.label }), undoable ? undoRemove : undefined);
});

/** Whether Undo (or Ctrl+Z) has a removal to bring back; Rust says which account it was. */
let undoable = false;
async function undoRemove() {
  const asked = undoable;
  undoable = false;
  const restored = asked ? await call(Command.undo_remove) : null;
  if (restored == null) { announce(t("nothing-to-undo")); return; }
  currentId = restored;
  await state.refreshAccounts();
  const back = state.accounts.find((a) => a.id === restored);
  if (back) toast(t("undone", { account: back.label }));
  list.querySelector(`[data-id="${restored}"]`)?.focus();
}
// Locked: the removal is forgotten here as in Rust, and the live region's last words (which may name a
// code, see timeLeft) go with the list.
on("vault-locked", () => { undoable = false; announce(""); });


// The icon, in the edit dialog: automatic (the brand the issuer names), the letter, a brand searched for,
// or a picture from a file (read and re-encoded in Rust). Each choice applies at once, like pinning.
function showRenameIcon(account) {
  paintIcon($("rename-icon"), account);
  $("rename-icon-name").textContent = account.icon ? (account.icon.kind === "brand" ? account.icon.title : t("icon-picture")) : t("icon-letter-avatar");
}

async function chooseIcon(choice) {
  if (!renaming) return;
  try {
    await call(Command.set_icon, { id: renaming.id, choice });
    await state.refreshAccounts();
    renaming = state.accounts.find((a) => a.id === renaming.id) || renaming;
    showRenameIcon(renaming);
  } catch (error) {
    $("rename-error").textContent = error.message || String(error);
  }
}

let iconQuery = 0;
$("icon-search").addEventListener("input", async () => {
  const query = $("icon-search").value.trim();
  const asked = ++iconQuery;
  const found = query ? await ask(Command.search_icons, { query }) : [];
  if (asked !== iconQuery) return;
  $("icon-results").replaceChildren(...found.map((brand) => {
    const button = Object.assign(document.createElement("button"), { type: "button", className: "icon-choice" });
    button.dataset.slug = brand.slug;
    const tile = Object.assign(document.createElement("span"), { className: "avatar mini" });
    paintIcon(tile, { icon: brand });
    button.append(tile, document.createTextNode(brand.title));
    button.addEventListener("click", () => chooseIcon({ kind: "brand", slug: brand.slug }));
    return button;
  }));
});
$("icon-automatic").addEventListener("click", () => chooseIcon({ kind: "automatic" }));
$("icon-letter").addEventListener("click", () => chooseIcon({ kind: "letter" }));
$("icon-file").addEventListener("click", async () => {
  if (!renaming) return;
  $("rename-error").textContent = "";
  try {
    if (await call(Command.set_icon_from_file, { id: renaming.id })) {
      await state.refreshAccounts();
      renaming = state.accounts.find((a) => a.id === renaming.id) || renaming;
      showRenameIcon(renaming);
    }
  } catch (error) {
    $("rename-error").textContent = error.message || String(error);
  }
});
