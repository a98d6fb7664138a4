// The quick-copy palette (its own small window, opened by the global shortcut): type part of a name,
// Enter copies that account's code and closes the palette, Esc closes it. It lists names only; the
// code is made and copied in Rust. The field is a combobox over the list of matches.

import { $, ask } from "./ipc.js";
import { t } from "./l10n.js";
import { describe } from "./errors.js";
import { Command } from "./commands.js";

const query = $("palette-query");
const list = $("palette-list");
const empty = $("palette-empty");
let items = [];
let selected = 0;
let locked = false;

function render() {
  list.replaceChildren(...items.map((item, index) => {
    const li = document.createElement("li");
    li.id = `palette-option-${index}`;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", String(index === selected));
    li.className = index === selected ? "selected" : "";
    const title = document.createElement("strong");
    title.textContent = item.title;
    const detail = document.createElement("span");
    detail.className = "muted";
    detail.textContent = item.detail;
    li.append(title, detail);
    li.addEventListener("click", () => copy(item));
    return li;
  }));
  empty.hidden = items.length > 0;
  empty.textContent = items.length ? "" : t(locked ? "palette-locked" : "palette-no-match");
  query.setAttribute("aria-expanded", String(items.length > 0));
  if (items.length) {
    query.setAttribute("aria-activedescendant", `palette-option-${selected}`);
    list.children[selected]?.scrollIntoView({ block: "nearest" });
  } else {
    query.removeAttribute("aria-activedescendant");
  }
}

/** How many lists were asked for, and the newest asking: answers come back in any order, and only the
 * one for the text as it is now is shown; Enter waits for it, so typing fast then Enter never copies an
 * account the text no longer matches. */
let asked = 0;
let newest = Promise.resolve();

async function refresh() {
  const mine = ++asked;
  const isLocked = await ask(Command.palette_locked).catch(() => false);
  const found = isLocked ? [] : await ask(Command.palette_accounts, { query: query.value }).catch(() => []);
  if (mine !== asked) return;
  locked = isLocked;
  items = found;
  selected = Math.min(selected, Math.max(items.length - 1, 0));
  render();
}

function update() {
  newest = refresh();
}

async function copy(item) {
  try {
    await ask(Command.palette_copy, { id: Number(item.id) });
  } catch (error) {
    empty.hidden = false;
    empty.textContent = describe(error);
  }
}

const close = (unlock = false) => ask(Command.palette_close, { unlock }).catch(() => {});

query.addEventListener("input", () => { selected = 0; update(); });
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") { event.preventDefault(); close(); return; }
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    if (!items.length) return;
    selected = (selected + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
    render();
    return;
  }
  if (event.key === "Enter") {
    event.preventDefault();
    const settled = newest;
    settled.then(() => {
      if (settled !== newest) return;
      if (locked) close(true); else if (items[selected]) copy(items[selected]);
    });
  }
});
// Clicked away: the palette goes, as a menu would.
window.addEventListener("blur", () => close());

query.focus();
update();
