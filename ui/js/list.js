// The list: accounts in order with their codes, search, keyboard moves, copying, reordering, renaming,
// removing with undo.

import { $, call, ask, on } from "./ipc.js";
import { showError, toast } from "./errors.js";
import { refreshBackup } from "./backups.js";
import { openPhone } from "./transfer.js";
import { settled } from "./arming.js";

const list = $("accounts");
const search = $("search");
const groupFilter = $("group-filter");
const sortSelect = $("sort");
/** The group shown ("" for every account), kept across restarts in the web view's storage. */
const GROUP_KEY = "keyfob.group";
/** What a push token enrolled over plain http to another computer says under its name. */
const INSECURE_PUSH = "Set up without encryption: set it up again from an https:// page";

/** Accounts in display order, and the latest codes by id, as Rust computed them at `fetchedAt`. */
export let accounts = [];
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

const group = (code) => (code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}`
  : code.length === 8 ? `${code.slice(0, 4)} ${code.slice(4)}`
  : code.length === 7 ? `${code.slice(0, 3)} ${code.slice(3)}` : code);

function matches(account, query) {
  if (!query) return true;
  const q = query.toLowerCase();
  return (account.issuer || "").toLowerCase().includes(q) || account.name.toLowerCase().includes(q);
}

/** Blob URLs of the pictures drawn so far, by their PNG (base64): each is made once. */
const pictures = new Map();

/** A brand logo: Rust's path on a 24 × 24 view box, filled in the colour the theme's card needs. */
export function brandSvg(path) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  const shape = document.createElementNS(ns, "path");
  shape.setAttribute("d", path);
  svg.append(shape);
  return svg;
}

/**
 * Draws what stands for `account` into `el`: its brand logo or picture (as Rust resolved them), else its
 * letter avatar.
 */
export function paintIcon(el, account) {
  const icon = account.icon;
  el.replaceChildren();
  el.classList.remove("brand", "picture");
  el.style.backgroundColor = "";
  el.removeAttribute("title");
  if (icon && icon.kind === "brand") {
    el.classList.add("brand");
    el.style.setProperty("--brand-light", icon.light);
    el.style.setProperty("--brand-dark", icon.dark);
    el.dataset.brand = icon.slug;
    el.title = icon.title;
    el.append(brandSvg(icon.path));
  } else if (icon && icon.kind === "picture") {
    el.classList.add("picture");
    delete el.dataset.brand;
    if (!pictures.has(icon.png)) {
      const bytes = Uint8Array.from(atob(icon.png), (c) => c.charCodeAt(0));
      pictures.set(icon.png, URL.createObjectURL(new Blob([bytes], { type: "image/png" })));
    }
    el.append(Object.assign(document.createElement("img"), { src: pictures.get(icon.png), alt: "" }));
  } else {
    delete el.dataset.brand;
    el.textContent = account.avatar.letter;
    el.style.backgroundColor = account.avatar.colour;
  }
}

export function label(account) {
  return account.issuer ? `${account.issuer} (${account.name})` : account.name;
}

/** Whether `accounts` is the vault's list (false while locked). */
let known = false;

function inGroup(account) {
  const chosen = groupFilter.value;
  return !chosen || (account.groups || []).includes(chosen);
}

function render() {
  const query = search.value.trim();
  const shown = accounts.filter((a) => matches(a, query) && inGroup(a));
  // The old rows go: stop watching them (the new ones are watched as they are made, and drawn when seen).
  visibility.disconnect();
  onScreen.clear();
  list.replaceChildren(...shown.map(row));
  // Locked, or not read yet: there may well be accounts, so "No accounts yet" would be wrong.
  $("empty").hidden = !known || accounts.length > 0;
  $("no-match").hidden = accounts.length === 0 || shown.length > 0;
  list.hidden = shown.length === 0;
  updateCodes();
}

function row(account) {
  const item = $("account-template").content.firstElementChild.cloneNode(true);
  item.dataset.id = account.id;
  item.querySelector(".issuer").textContent = account.issuer || account.name;
  item.querySelector(".name").textContent = account.issuer ? account.name : "";
  paintIcon(item.querySelector(".avatar"), account);
  item.querySelector(".tags").textContent = [account.favourite ? "★ Pinned" : "", ...(account.groups || [])].filter(Boolean).join(" · ");
  // A push token enrolled over plain http to another computer (before Keyfob refused that) works, but
  // the list says so.
  const caution = item.querySelector(".caution");
  caution.hidden = !account.insecure;
  caution.textContent = account.insecure ? INSECURE_PUSH : "";
  const star = item.querySelector(".favourite");
  star.textContent = account.favourite ? "★" : "☆";
  star.setAttribute("aria-pressed", String(Boolean(account.favourite)));
  star.title = account.favourite ? "Unpin from the top" : "Pin to the top";
  star.setAttribute("aria-label", star.title);
  item.classList.toggle("pinned", Boolean(account.favourite));
  // Copying waits until the window has been in front a moment (see arming.js); then the click copies.
  const copySettled = settled(() => copy(account), () => toast("Keyfob just came forward: click again to copy"));
  item.addEventListener("click", (event) => {
    if (event.target.closest(".menu") || account.kind === "push") return;
    copySettled();
  });
  // With "hide codes" on, the row in use shows its code (style.css).
  item.addEventListener("focus", () => item.classList.add("revealed"));
  item.addEventListener("click", () => item.classList.add("revealed"));
  item.addEventListener("blur", () => item.classList.remove("revealed"));
  item.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target === item) { event.preventDefault(); copySettled(); }
  });
  if (account.kind === "push") {
    item.querySelector(".up").hidden = true;
    item.querySelector(".down").hidden = true;
    star.hidden = true;
  }
  // Moving changes "your order"; in another order it would move nothing the user sees.
  if (sortSelect.value !== "manual") {
    item.querySelector(".up").hidden = true;
    item.querySelector(".down").hidden = true;
  }
  star.addEventListener("click", () => setFavourite(account, !account.favourite));
  item.querySelector(".up").addEventListener("click", () => move(account, -1));
  item.querySelector(".down").addEventListener("click", () => move(account, +1));
  item.querySelector(".rename").addEventListener("click", () => openRename(account));
  item.querySelector(".delete").addEventListener("click", () => openDelete(account));
  visibility.observe(item);
  return item;
}

// Codes change once a period; between fetches the seconds left are counted here, so Rust is asked again
// only when a code rolls over (or a change or the clock correction asks for it). Each second only the rows
// on screen are redrawn, and only where a value changed: with hundreds of accounts, rewriting every row
// every second kept the web view busy, and each label change reaches screen readers.
const write = (el, text) => { if (el.textContent !== text) el.textContent = text; };
const labelled = (el, text) => { if (el.getAttribute("aria-label") !== text) el.setAttribute("aria-label", text); };
const elapsed = () => Math.floor((performance.now() - fetchedAt) / 1000);

function drawRow(item) {
  const id = Number(item.dataset.id);
  const account = accounts.find((a) => a.id === id);
  if (!account) return;
  const codeEl = item.querySelector(".code");
  const nextEl = item.querySelector(".next");
  const ring = item.querySelector(".ring");
  if (account.kind === "push") {
    write(codeEl, "Push approval");
    codeEl.classList.add("push");
    write(nextEl, "");
    ring.classList.add("none");
    labelled(item, `${label(account)}: approves logins pushed by the service${account.insecure ? `. Warning: ${INSECURE_PUSH}` : ""}`);
    return;
  }
  if (account.kind === "hotp") {
    const shown = hotpShown.get(id);
    write(codeEl, shown ? group(shown) : "Get code");
    codeEl.classList.toggle("hotp", !shown);
    write(nextEl, "");
    ring.classList.add("none");
    labelled(item, `${label(account)}, counter-based: press Enter for the next code`);
    return;
  }
  const code = codes.get(id);
  if (!code) return;
  const remaining = Math.max(1, code.remaining - elapsed());
  const urgent = remaining <= 5;
  write(codeEl, group(code.code));
  codeEl.classList.toggle("urgent", urgent);
  write(nextEl, urgent ? `next ${group(code.next)}` : "");
  ring.classList.toggle("urgent", urgent);
  const left = ring.querySelector(".ring-left");
  const offset = String(100 - (100 * remaining) / code.period);
  if (left.style.strokeDashoffset !== offset) left.style.strokeDashoffset = offset;
  labelled(item, `${label(account)}: code ${group(code.code)}${urgent ? `, changing in ${remaining} seconds` : ""}. Press Enter to copy.`);
}

function updateCodes() {
  for (const item of onScreen) drawRow(item);
}

/** Once a second: fetch when a code has rolled over, else redraw the rows on screen. */
export function tick() {
  const due = [...codes.values()].some((c) => c.remaining - elapsed() <= 0);
  if (due || elapsed() >= 30) refreshCodes(); else updateCodes();
}

/** Forgets every account and code the window holds (the vault was locked). */
export function clearAccounts() {
  known = false;
  $("filters").hidden = true;
  accounts = [];
  codes = new Map();
  hotpShown.clear();
  render();
}

export async function refreshAccounts() {
  accounts = await call("list_accounts");
  known = true;
  hotpShown.clear();
  await refreshOrganisation();
  await refreshCodes();
  render();
  await refreshBackup();
}

export async function refreshCodes() {
  try {
    const latest = await ask("current_codes");
    codes = new Map(latest.map((c) => [c.id, c]));
    fetchedAt = performance.now();
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
  // The neighbour on screen among its kind (favourites move among favourites): take its stored place.
  const peers = accounts.filter((a) => a.position != null && a.favourite === account.favourite && inGroup(a));
  const neighbour = peers[peers.findIndex((a) => a.id === account.id) + step];
  if (!neighbour) return;
  await call("move_account", { id: account.id, index: neighbour.position });
  await refreshAccounts();
  list.querySelector(`[data-id="${account.id}"]`)?.focus();
}

async function setFavourite(account, favourite) {
  await call("set_favourite", { id: account.id, favourite });
  await refreshAccounts();
  toast(favourite ? `${label(account)} pinned to the top` : `${label(account)} unpinned`);
}

/** The order and the groups in use: the filter offers them, and forgets a group no account is in. */
async function refreshOrganisation() {
  const { sort, groups } = await ask("organisation");
  // In "most used" order a copy does not move the list under the pointer: it re-sorts on the next refresh.
  sortSelect.value = sort;
  const chosen = localStorage.getItem(GROUP_KEY) || "";
  const options = [new Option("All accounts", ""), ...groups.map((g) => new Option(g, g))];
  groupFilter.replaceChildren(...options);
  groupFilter.value = groups.includes(chosen) ? chosen : "";
  groupFilter.closest("label").hidden = groups.length === 0;
  $("filters").hidden = !known || accounts.length < 2;
}

groupFilter.addEventListener("change", () => {
  localStorage.setItem(GROUP_KEY, groupFilter.value);
  render();
});
sortSelect.addEventListener("change", async () => {
  await call("set_sort", { sort: sortSelect.value });
  await refreshAccounts();
});

// The desktop's search asked to see more: the window opens with its query in the search field.
on("search", (query) => {
  search.value = typeof query === "string" ? query : "";
  render();
  search.focus();
});

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
  if (organisable && account.has_note) $("rename-note").value = await ask("account_note", { id: account.id }).catch(() => "");
}
// Show as QR code: to move just this account to a phone. Nothing secret is made until the native
// confirmation (in Rust) is answered.
$("rename-qr").addEventListener("click", () => {
  const account = renaming;
  $("rename-dialog").close("cancel");
  if (account) openPhone({ id: account.id, label: label(account) });
});
$("rename-dialog").addEventListener("close", async () => {
  const note = $("rename-note").value;
  $("rename-note").value = "";
  if ($("rename-dialog").returnValue !== "confirm" || !renaming) return;
  try {
    await ask("rename_account", { id: renaming.id, issuer: $("rename-issuer").value, name: $("rename-name").value });
    if (renaming.kind !== "push") {
      const groups = $("rename-groups").value.split(",").map((g) => g.trim()).filter(Boolean);
      await ask("set_groups_and_note", { id: renaming.id, groups, note });
      const sites = $("rename-sites").value.split(",").map((s) => s.trim()).filter(Boolean);
      await ask("set_sites", { id: renaming.id, sites });
    }
    await refreshAccounts();
    toast("Saved");
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


// The icon, in the edit dialog: automatic (the brand the issuer names), the letter, a brand searched for,
// or a picture from a file (read and re-encoded in Rust). Each choice applies at once, like pinning.
function showRenameIcon(account) {
  paintIcon($("rename-icon"), account);
  $("rename-icon-name").textContent = account.icon ? (account.icon.kind === "brand" ? account.icon.title : "Your picture") : "Letter avatar";
}

async function chooseIcon(choice) {
  if (!renaming) return;
  try {
    await call("set_icon", { id: renaming.id, choice });
    await refreshAccounts();
    renaming = accounts.find((a) => a.id === renaming.id) || renaming;
    showRenameIcon(renaming);
  } catch (error) {
    $("rename-error").textContent = error.message || String(error);
  }
}

let iconQuery = 0;
$("icon-search").addEventListener("input", async () => {
  const query = $("icon-search").value.trim();
  const asked = ++iconQuery;
  const found = query ? await ask("search_icons", { query }) : [];
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
    if (await call("set_icon_from_file", { id: renaming.id })) {
      await refreshAccounts();
      renaming = accounts.find((a) => a.id === renaming.id) || renaming;
      showRenameIcon(renaming);
    }
  } catch (error) {
    $("rename-error").textContent = error.message || String(error);
  }
});
