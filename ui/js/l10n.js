// The window's words, from the same Fluent catalogues as the rest of Keyfob (locales/<language>/window.ftl,
// built into the app; Rust picks the language from the system's, as the CLI does). A leaf: it imports
// only Fluent's own formatter (ui/vendor/fluent-bundle, @fluent/bundle as npm pins it) and the table of
// command names, and every module that shows words imports it.
// - `t(id, args)`: a message as text, its variables and plurals filled by Fluent (never glued here).
// - `translate(root)`: every element under `root` with `data-l10n-id` gets its message: the value as its
//   text, each attribute (`.aria-label`, `.title`, `.placeholder`, `.alt`) as that attribute.
// A value may hold <strong>, <em>, <code>, <kbd> and <br>, for the page's own messages only: they are
// rebuilt element by element, never parsed into the page, and a message given variables (which may hold
// a name from outside) is always set as text.

import { FluentBundle, FluentResource } from "../vendor/fluent-bundle/index.js";
import { Command } from "./commands.js";

// (Not through ipc.js, which shows errors in words and so imports this module.)
const { language, source, pseudo } = await window.__TAURI__.core.invoke(Command.window_words);

// The pseudo-language (KEYFOB_PSEUDO_LOCALE=1, for testing layouts): English, accented, 40 % longer and
// bracketed, so that a string not from the catalogue, or one cut off, shows at a glance.
const ACCENTED = Object.fromEntries([..."aceinorsuyACEINORSUY"].map((c, i) => [c, "àçéîñöŕšûýÀÇÉÎÑÖŔŠÛÝ"[i]]));
function pseudoText(text) {
  if (!text.trim()) return text;
  // Markup (<kbd>…) stays markup; the padding is in short words, so it wraps as a language's words do.
  const accented = text.split(/(<[^>]*>)/).map((part, i) => (i % 2 ? part : [...part].map((c) => ACCENTED[c] || c).join(""))).join("");
  const padding = " ···".repeat(Math.ceil((text.length * 0.4) / 4)).slice(0, Math.ceil(text.length * 0.4));
  return `[${accented}${padding}]`;
}

const bundle = new FluentBundle(language, { useIsolating: false, transform: pseudo ? pseudoText : (text) => text });
const problems = bundle.addResource(new FluentResource(source));
if (problems.length) console.error("window.ftl:", problems);
document.documentElement.lang = language;

/** The language the window speaks (a BCP 47 code: `en`, `nl`, `de`), for dates and lists. */
export { language };

/** `items` as one phrase in the user's language ("a, b and c"; "a or b" with `disjunction`). */
export function list(items, type = "conjunction") {
  return new Intl.ListFormat(language, { type }).format(items);
}

/** The message `id` in the user's language, `args` filled in; the id itself when there is none (a test
 * fails on that: scripts/ui-lint checks every id used here is in the catalogue). */
export function t(id, args) {
  const message = bundle.getMessage(id);
  if (!message?.value) { console.error(`no message ${id}`); return id; }
  return bundle.formatPattern(message.value, args);
}

const MARKUP = new Set(["STRONG", "EM", "CODE", "KBD", "BR"]);

/** `text` as `el`'s content: the few inline elements a message may hold, rebuilt; everything else text. */
function setContent(el, text) {
  if (!text.includes("<")) { el.textContent = text; return; }
  const parsed = new DOMParser().parseFromString(`<body>${text}</body>`, "text/html").body;
  const rebuild = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return document.createTextNode(node.textContent);
    if (!MARKUP.has(node.nodeName)) return document.createTextNode(node.textContent);
    const copy = document.createElement(node.nodeName);
    copy.append(...[...node.childNodes].map(rebuild));
    return copy;
  };
  el.replaceChildren(...[...parsed.childNodes].map(rebuild));
}

/** Fills `el` from its `data-l10n-id` (and `data-l10n-args`, JSON). */
export function translateElement(el) {
  const message = bundle.getMessage(el.dataset.l10nId);
  if (!message) { console.error(`no message ${el.dataset.l10nId}`); return; }
  const args = el.dataset.l10nArgs ? JSON.parse(el.dataset.l10nArgs) : undefined;
  if (message.value) {
    const text = bundle.formatPattern(message.value, args);
    if (args) el.textContent = text; else setContent(el, text);
  }
  for (const [name, pattern] of Object.entries(message.attributes)) el.setAttribute(name, bundle.formatPattern(pattern, args));
}

/** Every element with `data-l10n-id` under `root` (itself included). */
export function translate(root = document.documentElement) {
  if (root.dataset?.l10nId) translateElement(root);
  for (const el of root.querySelectorAll("[data-l10n-id]")) translateElement(el);
}

/** `el` given message `id` (and `args`), filled now and again whenever the page is translated. */
export function setL10n(el, id, args) {
  el.dataset.l10nId = id;
  if (args) el.dataset.l10nArgs = JSON.stringify(args); else delete el.dataset.l10nArgs;
  translateElement(el);
}

translate();
for (const template of document.querySelectorAll("template")) translate(template.content);
