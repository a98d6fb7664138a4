// Push approval: a prompt per login, the numbers shuffled, answered with one tap; "This wasn't me" (or
// "None of these numbers") declines, reports and silences the account, and leaves a panel saying what to do
// next until the user closes it.
//
// A stray key never answers: when the prompt opens, focus is on its heading (which answers nothing), and
// Enter answers nothing anywhere in the prompt, since it is the key most likely pressed by habit or while
// typing elsewhere. A number, Approve, Deny or "This wasn't me" answers on a click, or on Space once the
// user has moved focus to it with Tab: a deliberate choice of that button.

import { $, ask, on } from "./ipc.js";
import { announce, describe, toast } from "./errors.js";
import { list, setL10n, t } from "./l10n.js";
import { Command } from "./commands.js";
import { state } from "./state.js";
import { paintIcon } from "./icons.js";

/** Prompts waiting, by id; the one shown is `shownPrompt`. */
const prompts = new Map();
let shownPrompt = null;
let promptTimer;

function shuffled(items) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = crypto.getRandomValues(new Uint32Array(1))[0] % (i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function secondsLeft(prompt) {
  return prompt.expires ? Math.round(prompt.expires - Date.now() / 1000) : null;
}

function receivePrompt(prompt) {
  if (secondsLeft(prompt) !== null && secondsLeft(prompt) <= 0) return;
  // A newer prompt of the same account replaces the older ones: one decision per account.
  for (const [id, other] of prompts) {
    if (other.account === prompt.account && other.issuer === prompt.issuer && id !== prompt.id) prompts.delete(id);
  }
  prompts.set(prompt.id, prompt);
  if (!shownPrompt || !prompts.has(shownPrompt.id)) showNextPrompt();
  else if (shownPrompt.id !== prompt.id && shownPrompt.account === prompt.account) showNextPrompt();
}

function showNextPrompt() {
  const dialog = $("push-dialog");
  clearInterval(promptTimer);
  const next = [...prompts.values()].pop();
  shownPrompt = next || null;
  if (!next) { if (dialog.open) dialog.close(); return; }
  const service = next.issuer || next.title;
  const token = state.accounts.find((a) => a.id === next.token && a.kind === "push");
  $("push-icon").hidden = !token;
  if (token) paintIcon($("push-icon"), token);
  $("push-service").textContent = `${service} · ${next.account}`;
  $("push-title").textContent = t("push-title-service", { service });
  $("push-question").textContent = next.question;
  $("push-question").hidden = next.question === $("push-title").textContent;
  $("push-error").textContent = "";
  $("push-more").hidden = !next.more;
  $("push-more").textContent = next.more ? t("push-folded", { count: next.more }) : "";
  const numbers = shuffled(next.options);
  $("push-hint").textContent = t(numbers.length ? "push-hint-numbers" : "push-hint-no-numbers");
  const buttons = (numbers.length ? numbers : [null]).map((number) => {
    const button = document.createElement("button");
    button.type = "button";
    button.classList.add("push-option");
    button.classList.toggle("primary", !numbers.length);
    if (number === null) button.textContent = t("push-approve"); else setL10n(button, "push-approve-number", { number });
    button.addEventListener("click", () => answerPrompt(next, "approve", numbers.length ? number : null));
    return button;
  });
  $("push-options").replaceChildren(...buttons);
  const tick = () => {
    const left = secondsLeft(next);
    if (left === null) { $("push-time").textContent = ""; return; }
    if (left <= 0) { prompts.delete(next.id); toast(t("push-expired")); showNextPrompt(); return; }
    $("push-time").textContent = t("push-expires-in", { time: `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}` });
  };
  $("push-none").hidden = numbers.length === 0;
  tick();
  promptTimer = setInterval(tick, 1000);
  if (!dialog.open) dialog.showModal();
  // Not a button: showModal would focus the first number, which one Enter would answer.
  $("push-title").focus();
  // Said at once, with the numbers to choose from: a screen reader reaches the buttons one by one.
  announce(numbers.length
    ? t("push-announce-numbers", { service, numbers: list(numbers.map(String)) })
    : t("push-announce", { service }));
}

async function answerPrompt(prompt, decision, number) {
  for (const button of $("push-form").querySelectorAll("button")) button.disabled = true;
  try {
    const accepted = await ask(Command.push_answer, { id: prompt.id, decision, number });
    prompts.delete(prompt.id);
    if (decision === "not_me") {
      for (const [id, other] of prompts) if (other.account === prompt.account) prompts.delete(id);
    }
    if (accepted && decision === "not_me") {
      showReport(prompt);
      return;
    }
    toast(t(!accepted ? "push-not-taken" : decision === "approve" ? "push-approved" : "push-denied"));
    showNextPrompt();
  } catch (error) {
    $("push-error").textContent = describe(error);
    if (error?.code === "push.gone") { prompts.delete(prompt.id); setTimeout(showNextPrompt, 1500); }
  } finally {
    for (const button of $("push-form").querySelectorAll("button")) button.disabled = false;
  }
}

/** After "This wasn't me": what to do next, until the user closes it (then the next prompt, if any). */
function showReport(prompt) {
  clearInterval(promptTimer);
  if ($("push-dialog").open) $("push-dialog").close();
  $("push-report-service").textContent = t("push-reported", { service: prompt.issuer || prompt.title, account: prompt.account });
  $("push-report-dialog").showModal();
  $("push-report-title").focus();
}

$("push-report-dialog").addEventListener("close", () => showNextPrompt());
$("push-deny").addEventListener("click", () => shownPrompt && answerPrompt(shownPrompt, "deny"));
$("push-not-me").addEventListener("click", () => shownPrompt && answerPrompt(shownPrompt, "not_me"));
// The login page's number is not offered: someone else's login (the numbers are this login's), so it is
// reported as not the user's.
$("push-none").addEventListener("click", () => shownPrompt && answerPrompt(shownPrompt, "not_me"));
// Enter answers nothing here (see the top of this file): a button's Enter activation happens on keydown,
// so stopping its default keeps every button's click for a pointer or Space.
$("push-dialog").addEventListener("keydown", (event) => {
  if (event.key === "Enter") event.preventDefault();
}, true);
// Escape does not approve anything; it only hides the prompt until the next one (or the list's refresh).
$("push-dialog").addEventListener("close", () => { clearInterval(promptTimer); shownPrompt = null; });
on("push-prompt", receivePrompt);

// ---------- while locked ----------

/** Logins that arrived while locked, by id: only when they expire is known (a locked window names nothing). */
const waiting = new Map();
let waitingTimer;

function showWaiting() {
  for (const [id, expires] of waiting) if (expires && expires <= Date.now() / 1000) waiting.delete(id);
  const note = $("unlock-push");
  note.hidden = waiting.size === 0;
  note.textContent = t("push-waiting", { count: waiting.size });
  clearInterval(waitingTimer);
  if (waiting.size) waitingTimer = setInterval(showWaiting, 1000);
}

on("push-waiting", ({ id, expires }) => { waiting.set(id, expires); showWaiting(); });
// Locked: the prompts (names, numbers) are forgotten with the list; unlocking asks the servers again.
on("vault-locked", () => { prompts.clear(); $("push-dialog").close(); });

/** After an unlock: what waited is asked for again, now with the keys to answer it. */
export async function promptsAfterUnlock() {
  waiting.clear();
  showWaiting();
  await refreshPrompts();
}

export async function refreshPrompts() {
  try {
    for (const prompt of await ask(Command.push_prompts)) receivePrompt(prompt);
  } catch { /* the watchers report problems; the window stays quiet */ }
}

