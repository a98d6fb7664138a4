// The one door to Keyfob: `keyfob browser-host`, started by the browser for each message (native
// messaging). Keyfob decides which page gets which code; this side only passes the browser's own
// knowledge of the page (its address and its tab's), never anything a page says about itself.

import "./explain.js";

export const api = globalThis.browser ?? globalThis.chrome;

/** The host's name, as `keyfob browser install` registers it. */
const HOST = "app.keyfob.browser";

/** Replies Keyfob may give (anything else is treated as an error). */
const REPLIES = new Set(["codes", "none", "refused", "locked", "linking", "opening", "pong", "error"]);

/**
 * Asks Keyfob. A missing host (Keyfob not installed for this browser) answers `unavailable`, so every
 * caller can say what to do about it.
 */
export async function ask(request) {
  try {
    const reply = await api.runtime.sendNativeMessage(HOST, request);
    if (!reply || !REPLIES.has(reply.type)) return { type: "error", message: "Keyfob answered something unexpected" };
    return reply;
  } catch (error) {
    return { type: "unavailable", message: String(error?.message ?? error) };
  }
}

/** Asks about a page at `url` in a tab whose top page is at `top`: `code` or `link`. */
export function askForPage(type, url, top) {
  if (typeof url !== "string" || typeof top !== "string") return Promise.resolve({ type: "refused", reason: "the page's address is unknown" });
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

/** What a reply means to the user (explain.js). */
export const explain = globalThis.keyfobExplain;
