// Backups: the footer's status, the gentle reminder, and the Backups dialog.

import { $, ask } from "./ipc.js";
import { t } from "./l10n.js";
import { describe, toast } from "./errors.js";
import { Command } from "./commands.js";
import { state } from "./state.js";

/** The latest backup status from Rust (kept in state.js, where the add preview reads it too). */
let backup = null;
/** "Not now" hides the reminder until the app is started again: gentle, not gone. */
let backupSnoozed = false;

function ago(unixSeconds) {
  const seconds = Math.max(0, Math.round(Date.now() / 1000 - unixSeconds));
  if (seconds < 60) return t("ago-now");
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t("ago-minutes", { count: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return t("ago-hours", { count: hours });
  return t("ago-days", { count: Math.round(hours / 24) });
}

/** Remembers the backup status Rust gave, here and in state.js. */
function keep(status) {
  backup = status;
  state.setBackup(status);
}

export async function refreshBackup() {
  try {
    keep(await ask(Command.backup_status));
  } catch {
    keep(null);
    return;
  }
  const button = $("backup-open");
  button.classList.toggle("failed", Boolean(backup.enabled && backup.last_error));
  button.textContent = !backup.enabled ? t("backups-off")
    : backup.last_error ? t("backup-failed")
    : backup.last_success ? t("backed-up-ago", { ago: ago(backup.last_success) }) : t("backups-on");
  $("backup-banner").hidden = backup.enabled || backupSnoozed || state.accounts.length === 0;
  if ($("backup-dialog").open) renderBackup();
}

function renderBackup() {
  const on = backup?.enabled;
  let said = on ? t("backup-state-on", { folder: backup.folder, keep: backup.keep }) : t("backup-state-off");
  if (on && backup.last_success) said += ` ${t("backup-state-last", { ago: ago(backup.last_success) })}`;
  $("backup-state").textContent = said;
  $("backup-error").textContent = on && backup.last_error ? backup.last_error : "";
  $("backup-setup").hidden = on && !changingBackup;
  $("backup-change").hidden = !on || changingBackup;
  $("backup-on").hidden = on && !changingBackup;
  $("backup-on").textContent = t(on ? "backup-save" : "backup-turn-on");
  $("backup-now").hidden = !on;
  $("backup-off").hidden = !on;
}

let changingBackup = false;
export function openBackup({ first = false } = {}) {
  changingBackup = false;
  $("backup-intro").hidden = !first;
  if (backup?.folder) $("backup-folder").value = backup.folder;
  $("backup-password").value = "";
  $("backup-password2").value = "";
  renderBackup();
  $("backup-dialog").showModal();
}

async function backupAction(command, args) {
  $("backup-error").textContent = "";
  try {
    keep(await ask(command, args));
    changingBackup = false;
    await refreshBackup();
    renderBackup();
    return true;
  } catch (error) {
    $("backup-error").textContent = describe(error);
    return false;
  }
}

$("backup-open").addEventListener("click", () => openBackup());
$("backup-banner-open").addEventListener("click", () => openBackup());
$("backup-banner-later").addEventListener("click", () => { backupSnoozed = true; $("backup-banner").hidden = true; });
$("backup-change").addEventListener("click", () => { changingBackup = true; renderBackup(); });
$("backup-choose").addEventListener("click", async () => {
  const folder = await ask(Command.pick_backup_folder);
  if (folder) $("backup-folder").value = folder;
});
$("backup-on").addEventListener("click", async () => {
  const password = $("backup-password").value;
  if (password !== $("backup-password2").value) {
    $("backup-error").textContent = t("passwords-differ");
    return;
  }
  $("backup-on").disabled = true;
  const done = await backupAction(Command.enable_auto_backup, {
    folder: $("backup-folder").value.trim(),
    password,
    keep: Number($("backup-keep").value) || 10,
  });
  $("backup-on").disabled = false;
  if (done) {
    $("backup-password").value = "";
    $("backup-password2").value = "";
    toast(t(backup.last_error ? "backup-first-failed" : "backed-up"));
  }
});
$("backup-now").addEventListener("click", async () => {
  if (await backupAction(Command.backup_now)) toast(t("backed-up"));
});
$("backup-off").addEventListener("click", () => backupAction(Command.disable_auto_backup));

// The list was read again: the footer's line and the reminder follow (a locked window shows neither).
state.addEventListener("accounts", (event) => {
  if (state.known) event.detail.waitUntil(refreshBackup());
});
