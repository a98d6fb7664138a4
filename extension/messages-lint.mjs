// Checks that every word the extension shows comes from its catalogues (src/_locales/<language>/
// messages.json), and that the catalogues agree. Run by build.mjs before it builds: a problem fails the
// build, each named with its file.
//
// The catalogues: every locale has exactly en's keys; every $PLACEHOLDER$ a message uses is defined in
// it and every one defined is used; each locale's placeholders are en's (same names, same $1, $2 …).
//
// The sources: every key the sources name (`__MSG_key__` in the manifest, `data-i18n…="key"` in the
// HTML, `text("key", …)` in the scripts) exists, with as many values as the message has placeholders,
// and every key in en is used; `text(` always gets a key written out, so this can see it.
//
// No literal left, as far as reading the text can tell (a lint, not a parser):
// - HTML: every text node is blank, and aria-label, aria-description, title, placeholder, alt and label
//   attributes are absent or empty (the words come in through `data-i18n`, `data-i18n-ATTRIBUTE`);
// - manifest: its name, description, action title and commands' descriptions are `__MSG_…__`;
// - scripts (comments and regular expressions skipped): a string or template literal holding a letter
//   assigned to textContent, innerText, title, placeholder, alt or ariaLabel, passed to setAttribute for
//   one of the attributes above, passed first to say, offer, replaceChildren, append, prepend,
//   createTextNode, alert or confirm, or given as an object's title, label, message, reason or
//   description; and any literal that reads like a sentence (a capital, a lower-case letter, then a
//   second word).
// What it cannot see: words put together in a variable first and shown later (unless they read like a
// sentence), and CSS `content:`. Text the Keyfob host sends in English (a refusal's `reason`, an error's
// `message`) is never shown: explain.js words each reply by its kind (`why`) from the catalogue.

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const KEY = /^[A-Za-z0-9_]+$/;
const ATTRIBUTES = ["aria-label", "aria-description", "title", "placeholder", "alt", "label"];

/** The placeholder names a message uses ($NAME$, not $1 or $$), lower-cased. */
function used(message) {
  return new Set([...message.replace(/\$\$/g, "").matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1].toLowerCase()));
}

function checkCatalogues(locales, problems) {
  const en = locales.get("en");
  if (!en) {
    problems.push("_locales/en/messages.json: missing (default_locale is en)");
    return;
  }
  for (const [language, messages] of locales) {
    const file = `_locales/${language}/messages.json`;
    for (const key of Object.keys(en)) if (!(key in messages)) problems.push(`${file}: ${key} missing`);
    for (const [key, entry] of Object.entries(messages)) {
      if (!(key in en)) problems.push(`${file}: ${key} is not in en`);
      if (!KEY.test(key)) problems.push(`${file}: ${key} is not a valid message name`);
      if (typeof entry?.message !== "string" || entry.message.trim() === "") {
        problems.push(`${file}: ${key} has no message`);
        continue;
      }
      const defined = new Map(Object.entries(entry.placeholders ?? {}).map(([n, p]) => [n.toLowerCase(), p?.content]));
      const names = used(entry.message);
      for (const name of names) if (!defined.has(name)) problems.push(`${file}: ${key} uses $${name.toUpperCase()}$, not defined`);
      for (const name of defined.keys()) if (!names.has(name)) problems.push(`${file}: ${key} defines ${name} but does not use it`);
      const theirs = Object.entries(en[key]?.placeholders ?? {}).map(([n, p]) => `${n.toLowerCase()}=${p?.content}`).sort();
      const ours = [...defined].map(([n, c]) => `${n}=${c}`).sort();
      if (key in en && theirs.join() !== ours.join()) {
        problems.push(`${file}: ${key}'s placeholders (${ours.join(", ")}) are not en's (${theirs.join(", ")})`);
      }
    }
  }
}

/**
 * The script `source` with comments and regular expressions blanked (same length: positions stay
 * true), `bare` the same with the literals' insides blanked too, and its string and template literals
 * as `{ at, text }`.
 */
function scan(source) {
  const out = [...source];
  const literals = [];
  let previous = "";
  for (let i = 0; i < source.length; ) {
    const c = source[i];
    const next = source[i + 1];
    if (c === "/" && next === "/") {
      while (i < source.length && source[i] !== "\n") out[i++] = " ";
    } else if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end < 0 ? source.length : end + 2;
      while (i < stop) { if (source[i] !== "\n") out[i] = " "; i++; }
    } else if (c === "/" && (previous === "" || "(,=:[!&|?{};+".includes(previous))) {
      // A regular expression: to its closing slash, past escapes and character classes.
      let j = i + 1;
      let inClass = false;
      while (j < source.length && source[j] !== "\n") {
        if (source[j] === "\\") j++;
        else if (source[j] === "[") inClass = true;
        else if (source[j] === "]") inClass = false;
        else if (source[j] === "/" && !inClass) break;
        j++;
      }
      for (let k = i; k <= j; k++) out[k] = " ";
      i = j + 1;
      previous = ")";
    } else if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      let text = "";
      let depth = 0;
      while (j < source.length && !(source[j] === c && depth === 0)) {
        if (source[j] === "\\") { text += source[j + 1]; j += 2; continue; }
        // A template's ${…} is code, not words: kept out of the text.
        if (c === "`" && source[j] === "$" && source[j + 1] === "{") { depth++; j += 2; text += " "; continue; }
        if (depth > 0 && source[j] === "}") { depth--; j++; continue; }
        if (depth === 0) text += source[j];
        j++;
      }
      literals.push({ at: i, end: j, text });
      i = j + 1;
      previous = '"';
    } else {
      if (!/\s/.test(c)) previous = c;
      i++;
    }
  }
  const bare = [...out];
  for (const { at, end } of literals) for (let k = at + 1; k < end; k++) if (bare[k] !== "\n") bare[k] = " ";
  return { code: out.join(""), bare: bare.join(""), literals };
}

/** The line of position `at` in `source`. */
const lineOf = (source, at) => source.slice(0, at).split("\n").length;

/** The arguments' count of the call whose opening parenthesis is at `open` in `code` (literals blank). */
function argumentCount(code, open) {
  let depth = 0;
  let count = 1;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) { depth--; if (depth === 0) return count; }
    else if (c === "," && depth === 1) count++;
  }
  return count;
}

const SINKS = [
  /(?:\.textContent|\.innerText|\.title|\.placeholder|\.alt|\.ariaLabel)\s*=\s*$/,
  /setAttribute\(\s*["'](?:aria-label|aria-description|title|placeholder|alt|label)["']\s*,\s*$/,
  /\b(?:say|offer|replaceChildren|append|prepend|createTextNode|alert|confirm)\(\s*$/,
  /[{,]\s*(?:title|label|message|reason|description)\s*:\s*$/,
];
const SENTENCE = /^\s*[A-Z][a-z'’]*[a-z][,:]?\s+\S/;

function checkScript(file, source, keys, problems) {
  const { code, bare, literals } = scan(source);
  for (const { at, text } of literals) {
    if (!/\p{L}/u.test(text)) continue;
    const before = code.slice(Math.max(0, at - 80), at);
    const where = `${file}:${lineOf(source, at)}`;
    if (SINKS.some((sink) => sink.test(before))) problems.push(`${where}: words not from the catalogue: ${JSON.stringify(text)}`);
    else if (SENTENCE.test(text)) problems.push(`${where}: a sentence not from the catalogue: ${JSON.stringify(text)}`);
  }
  // text("key", …): the key written out (but in i18n.js, which fills the HTML's keys), known, with a
  // value for each placeholder.
  for (const call of bare.matchAll(/\b(?:text|keyfobText)\(/g)) {
    const open = call.index + call[0].length - 1;
    const key = /^\(\s*"([^"]*)"/.exec(source.slice(open))?.[1];
    const where = `${file}:${lineOf(source, call.index)}`;
    if (key === undefined) {
      if (file !== "i18n.js") problems.push(`${where}: text( without a key written out`);
      continue;
    }
    keys.push({ key, where, values: argumentCount(bare, open) - 1 });
  }
}

function checkHtml(file, source, keys, problems) {
  const bare = source.replace(/<!--[\s\S]*?-->/g, "").replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, "");
  for (const m of bare.matchAll(/>([^<]*)</g)) {
    if (m[1].trim()) problems.push(`${file}: text not from the catalogue: ${JSON.stringify(m[1].trim())}`);
  }
  for (const tag of bare.matchAll(/<[a-z][^>]*>/gi)) {
    for (const attribute of tag[0].matchAll(/\s([a-z0-9-]+)(?:="([^"]*)")?/gi)) {
      const [, name, value = ""] = attribute;
      if (ATTRIBUTES.includes(name.toLowerCase()) && value.trim()) {
        problems.push(`${file}: ${name}="${value}" not from the catalogue`);
      }
      if (name.startsWith("data-i18n")) keys.push({ key: value, where: file, values: 0 });
    }
  }
}

function checkManifest(source, keys, problems) {
  const manifest = JSON.parse(source);
  const shown = [
    ["name", manifest.name], ["short_name", manifest.short_name], ["description", manifest.description],
    ["action.default_title", manifest.action?.default_title],
    ...Object.entries(manifest.commands ?? {}).map(([name, c]) => [`commands.${name}.description`, c.description]),
  ];
  for (const [field, value] of shown) {
    if (value !== undefined && !/^__MSG_[A-Za-z0-9_]+__$/.test(value)) problems.push(`manifest.json: ${field} is not __MSG_…__`);
  }
  if (manifest.default_locale !== "en") problems.push("manifest.json: default_locale is not en");
  for (const m of source.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)) keys.push({ key: m[1], where: "manifest.json", values: 0 });
}

/** Every problem found in the extension's source folder `src`, as lines. */
export function lintMessages(src) {
  const problems = [];
  const locales = new Map();
  for (const language of readdirSync(join(src, "_locales"))) {
    const file = join(src, "_locales", language, "messages.json");
    try {
      locales.set(language, JSON.parse(readFileSync(file, "utf8")));
    } catch (error) {
      problems.push(`_locales/${language}/messages.json: ${error.message}`);
    }
  }
  checkCatalogues(locales, problems);
  const keys = [];
  for (const file of readdirSync(src).sort()) {
    if (!/\.(js|html|json)$/.test(file)) continue;
    const source = readFileSync(join(src, file), "utf8");
    if (file.endsWith(".js")) checkScript(file, source, keys, problems);
    else if (file.endsWith(".html")) checkHtml(file, source, keys, problems);
    else if (file === "manifest.json") checkManifest(source, keys, problems);
  }
  const en = locales.get("en") ?? {};
  for (const { key, where, values } of keys) {
    if (!(key in en)) {
      problems.push(`${where}: ${key} is not in _locales/en/messages.json`);
      continue;
    }
    const wanted = Object.keys(en[key].placeholders ?? {}).length;
    if (values !== wanted && !where.endsWith(".html") && where !== "manifest.json") {
      problems.push(`${where}: ${key} takes ${wanted} value(s), given ${values}`);
    } else if (values !== wanted) {
      problems.push(`${where}: ${key} takes ${wanted} value(s), which HTML and the manifest cannot give`);
    }
  }
  const named = new Set(keys.map((k) => k.key));
  for (const key of Object.keys(en)) if (!named.has(key)) problems.push(`_locales/en/messages.json: ${key} is used nowhere`);
  return problems;
}
