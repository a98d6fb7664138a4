// Every dialog behaves the same way from the keyboard: Escape cancels and never confirms, Enter in a
// field never cancels (nor throws away what was typed), and closing gives focus back.
// - A dialog's result is its returnValue, which a close keeps from the last one: after one confirmed
//   Remove, an Escape would "confirm" the next. Opening starts from nothing, and Escape says "cancel".
// - Buttons that dismiss (Cancel, Close) are `type="button" data-dismiss`, not submit buttons, so the
//   form's default button (what Enter in a field presses) is its confirming one, where it has one.
// - Enter in a field of a dialog without one does the field's own action (`data-enter`: the id of the
//   button it stands for), or nothing. In a search field it never submits.
// A leaf module: it imports nothing, and app.js loads it first.

function isShown(button) {
  return button && !button.disabled && !button.hidden && button.getClientRects().length > 0;
}

// Closed, a dialog gives the keyboard back to what opened it, once the close's own work is done (which
// may rebuild the list): or, when that is gone, says so with "keyfob:focus-lost" (list.js answers). The
// keyboard never falls back to the page's body.
function giveFocusBack(opener) {
  if (document.querySelector("dialog[open]")) return;
  const active = document.activeElement;
  if (active && active !== document.body) return;
  if (opener?.isConnected && opener.getClientRects().length) opener.focus();
  else document.dispatchEvent(new Event("keyfob:focus-lost"));
}

for (const dialog of document.querySelectorAll("dialog")) {
  const show = dialog.showModal.bind(dialog);
  let opener = null;
  dialog.showModal = () => {
    opener = document.activeElement;
    dialog.returnValue = "";
    show();
  };
  dialog.addEventListener("cancel", () => {
    dialog.returnValue = "cancel";
  });
  dialog.addEventListener("close", () => setTimeout(() => giveFocusBack(opener)));
}

document.addEventListener("click", (event) => {
  const dismiss = event.target.closest("[data-dismiss]");
  if (dismiss && !event.defaultPrevented) dismiss.closest("dialog")?.close("cancel");
});

document.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || event.isComposing || !(event.target instanceof HTMLInputElement)) return;
  const field = event.target;
  const form = field.closest("dialog form");
  if (!form || ["checkbox", "radio", "button", "submit"].includes(field.type)) return;
  if (field.dataset.enter !== undefined) {
    event.preventDefault();
    const action = document.getElementById(field.dataset.enter);
    if (isShown(action)) action.click();
  } else if (field.type === "search" || !form.querySelector('button[type="submit"], button:not([type])')) {
    event.preventDefault();
  }
});
