// How failures and confirmations are shown: one formatter for every `{ code, message, hint }` Rust sends,
// the error banner, and the toast.

import { t } from "./l10n.js";

const $ = (id) => document.getElementById(id);
const lockedHandlers = [];

/** An error as one sentence (or two: what happened, then what to do), for a banner or a dialog's line. */
export function describe(error) {
  const { message, hint } = typeof error === "object" && error ? error : { message: String(error ?? "") };
  const text = message || t("error-unknown");
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return hint ? `${sentence.replace(/\.$/, "")}. ${hint}` : sentence;
}

/** Called instead of the banner when the vault turns out to be locked behind its passphrase. */
export function onLocked(handler) {
  lockedHandlers.push(handler);
}

/** Shows an error in the banner (a locked vault asks for the passphrase instead). */
export function showError(error) {
  if (error?.code === "vault.locked" && lockedHandlers.length) { lockedHandlers.forEach((h) => h()); return; }
  const { message, hint } = typeof error === "object" && error ? error : { message: String(error) };
  const text = message || t("error-unknown");
  $("error-text").textContent = text.charAt(0).toUpperCase() + text.slice(1);
  $("error-hint").textContent = hint || "";
  // The technical reason (a path, the system's words) stays in Rust: the error names it by a number, and
  // "Copy details for support" asks Rust to copy what it kept under that number.
  errorDetails = (typeof error === "object" && Number.isSafeInteger(error?.details)) ? error.details : null;
  $("error-copy-details").hidden = errorDetails === null;
  $("error-banner").hidden = false;
}

let errorDetails = null;
/** The number Rust keeps the technical details of the error in the banner under, or null when it has none. */
export function shownDetails() {
  return errorDetails;
}

export function clearError() {
  $("error-banner").hidden = true;
}
// (The quick-copy palette has no banner: it imports this module for `describe` only.)
$("error-close")?.addEventListener("click", clearError);

let toastTimer;
/** A short confirmation at the bottom, with an optional action (Undo) that keeps it up longer. */
export function toast(text, action) {
  $("toast-text").textContent = text;
  const button = $("toast-action");
  button.hidden = !action;
  button.onclick = action ? () => { action(); hideToast(); } : null;
  $("toast").hidden = false;
  announce(text);
  toastLasts = action ? 10000 : 5000;
  startToastTimer();
}

// A toast stays at least 5 s (10 s with an action), and not while the pointer or the keyboard is on it:
// it goes that long after they leave.
let toastLasts = 5000;
function hideToast() {
  clearTimeout(toastTimer);
  $("toast").hidden = true;
}
function startToastTimer() {
  clearTimeout(toastTimer);
  toastTimer = setTimeout(hideToast, toastLasts);
}
for (const pause of ["mouseenter", "focusin"]) $("toast")?.addEventListener(pause, () => clearTimeout(toastTimer));
for (const resume of ["mouseleave", "focusout"]) $("toast")?.addEventListener(resume, () => { if (!$("toast").hidden) startToastTimer(); });

// Announcements for screen readers go through one live region that is always in the page (a region
// shown only when written is often missed). Emptied first, so the same words twice are said twice.
let announceTimer;
export function announce(text) {
  const region = $("announcer");
  region.textContent = "";
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => { region.textContent = text; }, 50);
}
