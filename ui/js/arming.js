// Buttons that act only once their dialog has been up, unchanged, for a moment: a click or key meant for
// whatever was under the pointer or focus a moment ago (another window, the dialog's previous content)
// must not add an account, pair a browser or link a site. Until armed, a button says so with
// `aria-disabled` and a press does nothing. (Not `disabled`: a button that cannot be pressed cannot say
// why, and WebKit drops the first click on a button enabled after the pointer came.)

/** How long a button stays disarmed after its dialog shows or changes. */
export const ARMING_MS = 1000;

/** Per button: when it arms, and whatever else must hold for it to act (an account picked). */
const states = new WeakMap();

/** Disarms `button` for ARMING_MS from now (its dialog showed or changed); it then acts when `ready()`. */
export function disarm(button, ready = () => true) {
  states.set(button, { at: performance.now() + ARMING_MS, ready });
  recheck(button);
}

/** Says again whether `button` acts (its `ready` may have changed), and arms it when its time comes. */
export function recheck(button) {
  const state = states.get(button);
  if (!state) return;
  const wait = state.at - performance.now();
  const ready = state.ready();
  button.setAttribute("aria-disabled", String(!ready || wait > 0));
  if (ready && wait > 0) setTimeout(() => recheck(button), wait);
}

/**
 * Calls `handler(event)` only when the window has been in front for a moment: it can be brought forward
 * by others (the tray's menu and the desktop's search are on the session bus, a second launch hands over
 * arguments), so a click or Enter meant for the window that was there must not act. `swallowed()` is
 * called instead, to say so.
 */
export function settled(handler, swallowed) {
  return (event) => {
    if (performance.now() < settledAt) { swallowed(); return; }
    handler(event);
  };
}
let settledAt = 0;
const unsettle = () => { settledAt = performance.now() + ARMING_MS; };
window.addEventListener("focus", unsettle);
document.addEventListener("visibilitychange", () => { if (!document.hidden) unsettle(); });

/** Whether a press of `button` acts now. */
export function armed(button) {
  return button.getAttribute("aria-disabled") !== "true";
}
