// The preview that confirms what was found before anything is added, whichever way it came (the add
// dialog, the camera, an import, a link opened from a browser): the accounts Rust staged, by name, the
// ones already in Keyfob marked. Confirming adds exactly what was shown; what was found stays in Rust.

import { t } from "./l10n.js";
import { $, ask, on } from "./ipc.js";
import { showError, clearError, toast } from "./errors.js";
import { Command } from "./commands.js";
import { state } from "./state.js";
import { paintIcon } from "./icons.js";
import { openBackup } from "./backups.js";
import { armed, disarm } from "./arming.js";

// `label` is Rust's (keyfob_session::label), as everywhere names are shown.
const named = (account) => account.label;

/** Shows `preview` (a `Preview` from Rust) for confirmation, in place of the add dialog. */
export function showPreview(preview) {
  const items = preview.accounts.map((account) => {
    const li = document.createElement("li");
    const labelEl = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = !account.duplicate;
    box.disabled = account.duplicate;
    box.value = account.index;
    box.dataset.kind = account.kind;
    const avatar = Object.assign(document.createElement("span"), { className: "avatar mini" });
    avatar.setAttribute("aria-hidden", "true");
    paintIcon(avatar, account);
    labelEl.append(box, avatar, document.createTextNode(named(account)));
    const carried = [account.favourite ? t("pinned-tag") : "", ...account.groups, account.has_note ? t("preview-note") : ""].filter(Boolean);
    if (carried.length) labelEl.append(Object.assign(document.createElement("span"), { className: "dup carried", textContent: carried.join(" · ") }));
    if (account.kind === "push") {
      const mark = document.createElement("span");
      mark.className = "dup";
      mark.textContent = account.server ? t("preview-push-from", { server: account.server }) : t("preview-push");
      labelEl.append(mark);
    }
    if (account.duplicate) {
      const dup = document.createElement("span");
      dup.className = "dup";
      dup.textContent = t("preview-duplicate");
      labelEl.append(dup);
    }
    li.append(labelEl);
    return li;
  });
  $("preview-list").replaceChildren(...items);
  $("preview-dialog").dataset.generation = preview.generation;
  $("preview-problems").replaceChildren(...preview.problems.map((p) => Object.assign(document.createElement("li"), { textContent: p })));
  const fresh = preview.accounts.filter((a) => !a.duplicate).length;
  $("preview-title").textContent = preview.accounts.length === 1 ? t("preview-title-one") : t("preview-title-many", { count: preview.accounts.length });
  $("preview-confirm").textContent = t("preview-add", { count: fresh });
  $("preview-confirm").disabled = fresh === 0;
  // Shown or changed (another link arrived): Add waits a moment, so a click meant for what was there
  // does not add what is here now.
  disarm($("preview-confirm"));
  if ($("add-dialog").open) $("add-dialog").close();
  if (!$("preview-dialog").open) $("preview-dialog").showModal();
}

$("preview-confirm").addEventListener("click", (event) => {
  if (!armed($("preview-confirm"))) event.preventDefault();
});

$("preview-dialog").addEventListener("close", async () => {
  const dialog = $("preview-dialog");
  const generation = Number(dialog.dataset.generation);
  if (dialog.returnValue !== "confirm") {
    await ask(Command.discard_pending, { generation });
    return;
  }
  const indices = [...$("preview-list").querySelectorAll("input:checked")].map((b) => Number(b.value));
  const hadAccounts = state.accounts.length > 0;
  const enrolling = [...$("preview-list").querySelectorAll("input:checked")].some((b) => b.dataset.kind === "push");
  if (enrolling) toast(t("push-setting-up"));
  let added;
  try {
    added = await ask(Command.commit_pending, { generation, indices });
    clearError();
  } catch (error) {
    showError(error);
    // What is staged now (the link that arrived) gets its own look.
    const pending = await ask(Command.pending_preview).catch(() => null);
    if (pending?.accounts.length) showPreview(pending);
    return;
  }
  await state.refreshAccounts();
  toast(t("accounts-added", { count: added.length }));
  // Right after the first account: offer the backup, while it is on the user's mind.
  if (!hadAccounts && added.length && state.backup && !state.backup.enabled) openBackup({ first: true });
});

on("links-received", async ({ found, problems }) => {
  if (!found) { showError({ message: problems[0] || t("link-no-account") }); return; }
  try {
    // The accounts are already staged in Rust; this only asks for their metadata to preview.
    const preview = await ask(Command.pending_preview);
    showPreview({ ...preview, problems });
  } catch (error) {
    showError(error);
  }
});

/** A deep link that started the app was staged before this page could listen for it: ask. */
export function showPendingPreview() {
  ask(Command.pending_preview).then((pending) => { if (pending.accounts.length) showPreview(pending); }).catch(() => {});
}
