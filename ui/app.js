// Keyfob's window. It shows what the Rust side computes: account metadata and codes, never a secret.
// The modules: dialogs (how every dialog answers Enter and Escape), ipc (the one door to Rust, with commands, the table of command names), errors (the one
// formatter), state (what several screens show, with events when it changes), then one per screen: list,
// add, preview, camera, push, backups, transfer, phone, site_link, pairing. Each imports only modules
// below it (scripts/ui-lint refuses a cycle); news travels up through state's events.
// This one starts them and holds the small rest: the clock banner, the passphrase prompt, start at login.

import { t } from "./js/l10n.js";
import "./js/dialogs.js";
import { $, ask, on } from "./js/ipc.js";
import { describe, onLocked, showError, shownDetails, toast } from "./js/errors.js";
import { Command } from "./js/commands.js";
import { state } from "./js/state.js";
import { refreshCodes, tick } from "./js/list.js";
import { showPendingPreview } from "./js/preview.js";
import "./js/add.js";
import { promptsAfterUnlock, refreshPrompts } from "./js/push.js";
import { openBackup, refreshBackup } from "./js/backups.js";
import { showSiteLink } from "./js/site_link.js";
import { showPairedBrowsers, showPairing } from "./js/pairing.js";
import "./js/transfer.js";

// ---------- clock ----------

async function refreshClock() {
  const status = await ask(Command.clock_status);
  const banner = $("clock-banner");
  banner.hidden = !status.off;
  if (!status.off) return;
  const seconds = Math.round(Math.abs(status.offset));
  const amount = seconds >= 5400 ? t("clock-hours", { count: Math.round(seconds / 3600) })
    : seconds >= 600 ? t("clock-minutes", { count: Math.round(seconds / 60) }) : t("clock-seconds", { count: seconds });
  const said = { amount, direction: status.offset > 0 ? "behind" : "ahead" };
  $("clock-text").textContent = t(status.correcting ? "clock-corrected" : status.needs_confirmation ? "clock-needs-confirmation" : "clock-off", said);
  $("clock-toggle").textContent = t(status.correcting ? "clock-stop-correcting" : "clock-correct");
  $("clock-toggle").onclick = async () => {
    await ask(Command.set_time_correction, { enabled: !status.correcting });
    await refreshClock();
    await refreshCodes();
  };
}

// ---------- passphrase vaults ----------

onLocked(askPassphrase);

// "Copy details for support": Rust copies the technical details it kept for the banner's error.
$("error-copy-details").addEventListener("click", () => {
  ask(Command.copy_details, { details: shownDetails() }).then(() => toast(t("error-copy-details-done")), showError);
});

function askPassphrase() {
  const dialog = $("unlock-dialog");
  if (!dialog.open) dialog.showModal();
  $("unlock-passphrase").focus();
}
$("unlock-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await ask(Command.unlock_vault, { passphrase: $("unlock-passphrase").value });
    $("unlock-passphrase").value = "";
    $("unlock-error").textContent = "";
    $("unlock-dialog").close();
    await state.refreshAccounts();
    await refreshLockSettings();
    await promptsAfterUnlock();
    await showSiteLink();
    await showPairing();
  } catch (error) {
    $("unlock-error").textContent = describe(error);
  }
});
// The passphrase is the only way in: Escape does not dismiss it.
$("unlock-dialog").addEventListener("cancel", (event) => event.preventDefault());

// Locked (Ctrl+L, the tray, idleness): the window forgets every name and code and asks again.
on("vault-locked", () => {
  for (const dialog of document.querySelectorAll("dialog[open]")) if (dialog.id !== "unlock-dialog") dialog.close();
  state.clearAccounts();
  $("backup-banner").hidden = true;
  askPassphrase();
});

async function lockNow() {
  const locked = await ask(Command.lock_vault).catch(() => false);
  if (!locked) toast(t("lock-not-possible"));
}

document.addEventListener("keydown", (event) => {
  if ((event.ctrlKey || event.metaKey) && (event.key === "l" || event.key === "L")) {
    event.preventDefault();
    lockNow();
  }
});

/** How the vault locks and shows codes, as Rust last said. */
let lockView = null;

function applyLockView(view) {
  lockView = view;
  document.body.classList.toggle("hide-codes", Boolean(view?.hide_codes));
}

async function refreshLockSettings() {
  applyLockView(await ask(Command.lock_settings).catch(() => null));
}

// ---------- settings ----------

const MODES = { keychain: "settings-mode-keychain", passphrase: "settings-mode-passphrase" };

/** The settings' fields as Rust last said they are. */
function showLockSettings() {
  $("settings-minutes").value = String(lockView?.auto_lock_minutes ?? 5);
  $("settings-screen-lock").checked = lockView?.lock_on_screen_lock ?? true;
  $("settings-hide-codes").checked = Boolean(lockView?.hide_codes);
  $("settings-search-codes").checked = Boolean(lockView?.search_shows_codes);
}

function showMode() {
  const passphrase = lockView?.mode === "passphrase";
  $("settings-locking").hidden = !passphrase;
  $("settings-mode").textContent = MODES[lockView?.mode] ? t(MODES[lockView.mode]) : "";
  $("settings-passphrase-label").textContent = t(passphrase ? "settings-change-passphrase" : "settings-protect");
  $("settings-set-passphrase").textContent = t(passphrase ? "settings-change-passphrase" : "settings-set");
  $("settings-remove-passphrase").hidden = !passphrase;
  $("settings-current-label").hidden = !passphrase;
  $("settings-current-passphrase").hidden = !passphrase;
  $("settings-current-passphrase").value = "";
  $("settings-passphrase").value = "";
  $("settings-passphrase2").value = "";
}

/** The current passphrase as typed (Rust checks it before changing or removing it), `null` when none. */
function currentPassphrase() {
  return $("settings-current-passphrase").hidden ? null : $("settings-current-passphrase").value || null;
}

$("settings-set-passphrase").addEventListener("click", async () => {
  $("settings-error").textContent = "";
  if ($("settings-passphrase").value !== $("settings-passphrase2").value) {
    $("settings-error").textContent = t("passphrases-differ");
    return;
  }
  try {
    const before = lockView?.mode;
    applyLockView(await ask(Command.set_passphrase, { current: currentPassphrase(), passphrase: $("settings-passphrase").value }));
    showMode();
    toast(t(before === "passphrase" ? "passphrase-changed" : "passphrase-set"));
  } catch (error) {
    $("settings-error").textContent = describe(error);
  }
});

$("settings-remove-passphrase").addEventListener("click", async () => {
  $("settings-error").textContent = "";
  try {
    applyLockView(await ask(Command.remove_passphrase, { current: currentPassphrase() }));
    showMode();
    toast(t("passphrase-removed"));
  } catch (error) {
    $("settings-error").textContent = describe(error);
  }
});

$("settings-open").addEventListener("click", async () => {
  await refreshLockSettings();
  showMode();
  showLockSettings();
  $("settings-error").textContent = "";
  $("settings-saved").textContent = "";
  $("settings-clock-text").textContent = "";
  showShortcut(await ask(Command.quick_copy_settings).catch(() => null));
  await showPairedBrowsers();
  $("settings-dialog").showModal();
});

// ---------- quick copy ----------

function showShortcut(view) {
  const field = $("settings-shortcut");
  field.value = view?.shortcut ?? "";
  field.disabled = Boolean(view?.unavailable);
  $("settings-shortcut-set").disabled = Boolean(view?.unavailable);
  $("settings-shortcut-status").textContent = view?.unavailable
    || (view?.shortcut ? t("shortcut-set", { shortcut: view.shortcut }) : t("shortcut-none"));
}

$("settings-shortcut-set").addEventListener("click", async () => {
  try {
    showShortcut(await ask(Command.set_quick_copy_shortcut, { shortcut: $("settings-shortcut").value }));
  } catch (error) {
    $("settings-shortcut-status").textContent = describe(error);
  }
});

// Each setting applies as it is changed (a switch, or a number once left), said in the status line. A
// number left empty or not whole changes nothing, and nor does one the dialog closed on (Escape never
// confirms): the field shows what is in force again.
async function saveLockSettings() {
  $("settings-error").textContent = "";
  $("settings-saved").textContent = "";
  const minutes = $("settings-minutes").value.trim();
  if (!$("settings-dialog").open || !/^\d+$/.test(minutes)) { showLockSettings(); return; }
  try {
    applyLockView(await ask(Command.set_lock_settings, {
      autoLockMinutes: Number(minutes),
      lockOnScreenLock: $("settings-screen-lock").checked,
      hideCodes: $("settings-hide-codes").checked,
      searchShowsCodes: $("settings-search-codes").checked,
    }));
    $("settings-saved").textContent = t("settings-saved");
  } catch (error) {
    // Refused (or not confirmed): the switches show what is in force.
    showLockSettings();
    $("settings-error").textContent = describe(error);
  }
}
for (const id of ["settings-minutes", "settings-screen-lock", "settings-hide-codes", "settings-search-codes"]) {
  $(id).addEventListener("change", saveLockSettings);
}

$("settings-backups").addEventListener("click", () => { $("settings-dialog").close(); openBackup(); });
$("settings-clock").addEventListener("click", async () => {
  const status = await ask(Command.clock_status).catch(() => null);
  $("settings-clock-text").textContent = !status || status.offset === null ? t("clock-unchecked")
    : status.off ? t("clock-see-banner")
    : t("clock-right", { seconds: Number(Math.abs(status.offset).toFixed(1)) });
});

// ---------- keyboard shortcuts ----------

// F1, or ? outside a field, lists the shortcuts (ui/index.html's help dialog).
function openHelp() {
  if (!document.querySelector("dialog[open]")) $("help-dialog").showModal();
}
$("help-open").addEventListener("click", openHelp);
document.addEventListener("keydown", (event) => {
  const inField = event.target.matches("input, textarea, select");
  if (event.key === "F1" || (event.key === "?" && !inField)) {
    event.preventDefault();
    openHelp();
  }
});

// ---------- start at login (opt-in) ----------

const autostart = $("autostart");
ask(Command.autostart_enabled).then((on) => { autostart.checked = on; }).catch(() => { autostart.disabled = true; });
autostart.addEventListener("change", async () => {
  try {
    autostart.checked = await ask(Command.set_autostart, { enabled: autostart.checked });
  } catch (error) {
    autostart.checked = !autostart.checked;
    showError(error);
  }
});

// ---------- start ----------

// Every change, wherever it came from (this window, the tray, a deep link), ends in this event.
on("vault-changed", () => state.refreshAccounts().catch(() => {}));

await state.refreshAccounts().catch(() => {});
refreshLockSettings();
showPendingPreview();
setInterval(tick, 1000);
refreshClock();
setInterval(refreshClock, 15000);
setInterval(refreshBackup, 30000);
refreshPrompts();
showSiteLink();
showPairing();
