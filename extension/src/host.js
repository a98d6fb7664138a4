// The one door to Keyfob: `keyfob browser-host`, started by the browser for each message (native
// messaging). Keyfob decides which page gets which code; this side only passes the browser's own
// knowledge of the page (its address and its tab's), never anything a page says about itself.

import "./i18n.js";
import "./explain.js";

export const api = globalThis.browser ?? globalThis.chrome;

/** The message `key` in the browser's language, with `values` in its placeholders (i18n.js). */
export const text = globalThis.keyfobText;

/** Puts the words into the page's `data-i18n` elements and attributes, and sets its `lang` (i18n.js). */
export const localize = globalThis.keyfobLocalize;

/** The content script's files, in order (i18n.js and explain.js first: content.js uses them). */
export const CONTENT_SCRIPTS = ["i18n.js", "explain.js", "content.js"];

/** The host's name, as `keyfob browser install` registers it. */
const HOST = "app.keyfob.browser";

/** Replies Keyfob may give (anything else is treated as an error). */
/** Requests that say nothing of the vault, sent without the pairing key. */
const UNKEYED = new Set(["ping", "site"]);
const REPLIES = new Set(["codes", "none", "refused", "locked", "linking", "opening", "pong", "error", "unpaired", "pairing", "paired", "site"]);

/** Where this install keeps its pairing key (the extension's own storage, never a page's). */
const KEY_ITEM = "pairing_key";

const base64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/**
 * This install's pairing key: 32 random bytes drawn on first use and kept in the extension's storage.
 * Keyfob answers only the key the user paired in its window (crates/core/src/pairing.rs), so another
 * add-on carrying Keyfob's id gets nothing.
 */
async function pairingKey() {
  const stored = (await api.storage.local.get(KEY_ITEM))[KEY_ITEM];
  if (typeof stored === "string" && stored.length === 43) return stored;
  const key = base64url(crypto.getRandomValues(new Uint8Array(32)));
  await api.storage.local.set({ [KEY_ITEM]: key });
  return key;
}

/**
 * The code Keyfob's window shows when this install asks to be paired: SHA-256 of "keyfob browser pairing
 * v1" and the key's bytes; its first four bytes as a big-endian number, modulo 1,000,000, as `123 456`.
 */
export async function pairingCode() {
  const text = (await pairingKey()).replace(/-/g, "+").replace(/_/g, "/");
  const key = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const input = new Uint8Array([...new TextEncoder().encode("keyfob browser pairing v1"), ...key]);
  const hash = new DataView(await crypto.subtle.digest("SHA-256", input));
  const digits = String(hash.getUint32(0) % 1000000).padStart(6, "0");
  return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}

/**
 * Asks Keyfob, with this install's pairing key (but for the requests that say nothing of the vault:
 * `ping`, `site`). A missing host (Keyfob not installed for this browser) answers `unavailable`, so every
 * caller can say what to do about it.
 */
export async function ask(request) {
  try {
    const keyed = UNKEYED.has(request.type) ? request : { ...request, key: await pairingKey() };
    const reply = await api.runtime.sendNativeMessage(HOST, keyed);
    if (!reply || !REPLIES.has(reply.type)) return { type: "error", why: "unexpected-answer" };
    return reply;
  } catch (error) {
    return { type: "unavailable", message: String(error?.message ?? error) };
  }
}

/** Asks about a page at `url` in a tab whose top page is at `top`: `code` or `link`. */
export function askForPage(type, url, top) {
  if (typeof url !== "string" || typeof top !== "string") return Promise.resolve({ type: "refused", why: "address-unknown" });
  return ask({ type, url, top });
}

/** Whether the user asked Keyfob to submit the form after filling on `site`. */
export async function submitsOn(site) {
  const key = `submit:${site}`;
  const stored = await api.storage.local.get(key);
  return stored[key] === true;
}

/** Turns submitting after filling on or off for `site`. */
export function setSubmitsOn(site, on) {
  const key = `submit:${site}`;
  return on ? api.storage.local.set({ [key]: true }) : api.storage.local.remove(key);
}

/**
 * Asks the browser to let the Keyfob button show by itself on a site's pages, `origins` being the match
 * patterns Keyfob gave for the site (a reply's `origins`: Keyfob, not the extension, judges what a site
 * is). background.js then registers the content script there. Must be called in a user's gesture, before
 * any await. Resolves to whether it was granted.
 */
export function allowButtonOn(origins) {
  return api.permissions.request({ origins });
}

/** The sites the button shows on by itself, each with its granted patterns. */
export async function sitesAllowed() {
  const { origins = [] } = await api.permissions.getAll();
  const bySite = new Map();
  for (const origin of origins) {
    const host = /^[a-z]+:\/\/(?:\*\.)?([^/]+)\//.exec(origin)?.[1];
    if (host) bySite.set(host, [...(bySite.get(host) ?? []), origin]);
  }
  return [...bySite].map(([site, patterns]) => ({ site, origins: patterns })).sort((a, b) => a.site.localeCompare(b.site));
}

/** What a reply means to the user (explain.js). */
export const explain = globalThis.keyfobExplain;
