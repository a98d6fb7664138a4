// The one door to Rust: every command goes through `call` (or `ask`, when the caller shows the error
// itself), named from the one table of them (commands.js), every event through `on`. Commands are in src-tauri/src; they take metadata and typed secrets,
// and return metadata and codes, never a stored secret.

import { showError, clearError } from "./errors.js";
import { Command } from "./commands.js";

// Looked up at each call: a window opened later (the quick-copy palette) may run its modules before Tauri
// has put its API on `window`.
const tauri = () => window.__TAURI__;

// The user's input in any of Keyfob's windows starts the idle lock's time again. Rust keeps the time and
// locks (a hidden window's timers are throttled); this only reports, at most once a second. The pointer
// merely passing over a window in the background is not someone using Keyfob.
let reported = 0;
for (const kind of ["keydown", "pointerdown", "pointermove", "wheel"]) {
  window.addEventListener(kind, () => {
    if (kind === "pointermove" && !document.hasFocus()) return;
    if (performance.now() - reported < 1000) return;
    reported = performance.now();
    tauri()?.core.invoke(Command.user_active).catch(() => {});
  }, { capture: true, passive: true });
}

const known = new Set(Object.values(Command));

/** Runs `command` in Rust; a name not in commands.js (a typo) fails before anything is sent. */
function invoke(command, args) {
  if (!known.has(command)) return Promise.reject(new Error(`no command ${command} in commands.js`));
  return tauri().core.invoke(command, args);
}

/** Runs a command; a failure is shown in the error banner and thrown on. */
export async function call(command, args) {
  try {
    const result = await invoke(command, args);
    clearError();
    return result;
  } catch (error) {
    showError(error);
    throw error;
  }
}

/** Runs a command; a failure is thrown as `{ code, message, hint }` for the caller to show where it belongs. */
export function ask(command, args) {
  return invoke(command, args);
}

/** Calls `handler(payload)` for every `event` Rust emits. */
export function on(event, handler) {
  return tauri().event.listen(event, (e) => handler(e.payload));
}

/** The element with this id. */
export const $ = (id) => document.getElementById(id);
