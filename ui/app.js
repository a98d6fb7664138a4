// Keyfob's window. It shows what the Rust side computes: account metadata and codes, never a secret.
// The modules: ipc (the one door to Rust), errors (the one formatter), list, add, push, backups, transfer.
// This one starts them and holds the small rest: the clock banner, the passphrase prompt, start at login.

import { $, ask, on } from "./js/ipc.js";
import { describe, onLocked, showError } from "./js/errors.js";
import { refreshAccounts, refreshCodes, tick } from "./js/list.js";
import { showPendingPreview } from "./js/add.js";
import { refreshPrompts } from "./js/push.js";
import { refreshBackup } from "./js/backups.js";
import "./js/transfer.js";

// ---------- clock ----------

async function refreshClock() {
  const status = await ask("clock_status");
  const banner = $("clock-banner");
  banner.hidden = !status.off;
  if (!status.off) return;
  const seconds = Math.round(Math.abs(status.offset));
  const amount = seconds >= 5400 ? `${Math.round(seconds / 3600)} hours` : seconds >= 600 ? `${Math.round(seconds / 60)} minutes` : `${seconds} s`;
  const direction = status.offset > 0 ? "behind" : "ahead";
  $("clock-text").textContent = status.correcting
    ? `This computer's clock is ${amount} ${direction}. Codes are corrected for it; fix the clock in your system settings.`
    : status.needs_confirmation
      ? `Time servers say this computer's clock is ${amount} ${direction}. That is more than Keyfob corrects by itself: if your clock is right, someone may be faking the time. Correct codes only if you know the clock is wrong.`
      : `This computer's clock is ${amount} ${direction}, so codes may be refused. Fix the clock in your system settings.`;
  $("clock-toggle").textContent = status.correcting ? "Stop correcting" : "Correct codes";
  $("clock-toggle").onclick = async () => {
    await ask("set_time_correction", { enabled: !status.correcting });
    await refreshClock();
    await refreshCodes();
  };
}

// ---------- passphrase vaults ----------

onLocked(askPassphrase);

function askPassphrase() {
  const dialog = $("unlock-dialog");
  if (!dialog.open) dialog.showModal();
  $("unlock-passphrase").focus();
}
$("unlock-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await ask("unlock_vault", { passphrase: $("unlock-passphrase").value });
    $("unlock-passphrase").value = "";
    $("unlock-dialog").close();
    await refreshAccounts();
  } catch (error) {
    $("unlock-error").textContent = describe(error);
  }
});
// The passphrase is the only way in: Escape does not dismiss it.
$("unlock-dialog").addEventListener("cancel", (event) => event.preventDefault());

// ---------- start at login (opt-in) ----------

const autostart = $("autostart");
ask("autostart_enabled").then((on) => { autostart.checked = on; }).catch(() => { autostart.disabled = true; });
autostart.addEventListener("change", async () => {
  try {
    autostart.checked = await ask("set_autostart", { enabled: autostart.checked });
  } catch (error) {
    autostart.checked = !autostart.checked;
    showError(error);
  }
});

// ---------- start ----------

// Every change, wherever it came from (this window, the tray, a deep link), ends in this event.
on("vault-changed", () => refreshAccounts().catch(() => {}));

await refreshAccounts().catch(() => {});
showPendingPreview();
setInterval(tick, 1000);
refreshClock();
setInterval(refreshClock, 15000);
setInterval(refreshBackup, 30000);
refreshPrompts();
