// How failures and confirmations are shown: one formatter for every `{ code, message, hint }` Rust sends,
// the error banner, and the toast.

const $ = (id) => document.getElementById(id);
const lockedHandlers = [];

/** An error as one sentence (or two: what happened, then what to do), for a banner or a dialog's line. */
export function describe(error) {
  const { message, hint } = typeof error === "object" && error ? error : { message: String(error ?? "") };
  const text = message || "Something went wrong.";
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
  const text = message || "Something went wrong.";
  $("error-text").textContent = text.charAt(0).toUpperCase() + text.slice(1);
  $("error-hint").textContent = hint || "";
  $("error-banner").hidden = false;
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
  button.onclick = action ? () => { action(); $("toast").hidden = true; } : null;
  $("toast").hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { $("toast").hidden = true; }, action ? 10000 : 1800);
}
