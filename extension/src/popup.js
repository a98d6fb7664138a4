// The toolbar popup: the codes Keyfob gives this tab's site, filled with one click; what to do when there
// are none (link the site, unlock Keyfob, install the host); and this site's two choices.

import {
  CONTENT_SCRIPTS, allowButtonOn, api, ask, askForPage, explain, localize, pairingCode, setSubmitsOn, submitsOn, text,
} from "./host.js";

localize();

const $ = (id) => document.getElementById(id);
const [tab] = await api.tabs.query({ active: true, currentWindow: true });

// Opening the popup lets the extension into this tab (activeTab): the button joins the code fields.
await api.scripting.executeScript({ target: { tabId: tab.id, allFrames: true }, files: CONTENT_SCRIPTS }).catch(() => {});

function offer(label, run) {
  const button = $("action");
  button.textContent = label;
  button.hidden = false;
  button.onclick = run;
}

/** The seconds-left labels shown, updated every second. */
let countdowns = [];
setInterval(() => countdowns.forEach((count) => count()), 1000);

function showCodes(reply) {
  countdowns = [];
  const rows = reply.codes.map((entry) => {
    const row = document.createElement("li");
    const who = document.createElement("span");
    who.className = "who";
    // Named and grouped as Keyfob's window does: Keyfob sends both (keyfob_session::label, group_code).
    // (A Keyfob older than this extension sends neither: the bare name and code then.)
    who.textContent = entry.label ?? entry.name;
    who.title = who.textContent; // (shortened with … when long)
    const code = document.createElement("span");
    code.className = "code";
    code.textContent = entry.shown ?? entry.code;
    const left = document.createElement("span");
    left.className = "left";
    const changes = Date.now() + entry.remaining * 1000;
    const count = () => {
      const seconds = Math.max(0, Math.ceil((changes - Date.now()) / 1000));
      left.textContent = text("popup_seconds_left", seconds);
    };
    count();
    countdowns.push(count);
    const fill = document.createElement("button");
    fill.type = "button";
    fill.textContent = text("popup_fill");
    fill.setAttribute("aria-label", text("popup_fill_label", who.textContent));
    fill.addEventListener("click", async () => {
      const outcome = await api.tabs.sendMessage(tab.id, { type: "fill", id: entry.id }, { frameId: 0 }).catch(() => null);
      if (outcome?.type === "codes") window.close();
      else if (!outcome || outcome.type === "no_field") $("message").textContent = text("popup_not_filled_no_field");
      else $("message").textContent = text("popup_not_filled", explain(outcome));
    });
    row.append(who, code, left, fill);
    return row;
  });
  $("codes").replaceChildren(...rows);
  const soonest = Math.min(...reply.codes.map((c) => c.remaining));
  setTimeout(render, soonest * 1000 + 300);
}

/** The site's options, `origins` being its pages' match patterns as Keyfob gave them. */
async function showOptions(site, origins) {
  if (!Array.isArray(origins) || origins.length === 0) return;
  $("always").checked = await api.permissions.contains({ origins });
  // Asked for in the click itself: browsers grant a permission only to a user's gesture.
  $("always").onchange = () => {
    const change = $("always").checked ? allowButtonOn(origins) : api.permissions.remove({ origins });
    change.then(() => api.permissions.contains({ origins })).then((on) => { $("always").checked = on; });
  };
  $("submit").checked = await submitsOn(site);
  $("submit").onchange = () => setSubmitsOn(site, $("submit").checked);
  // Shown once every choice shows its state and answers: a click before would be lost.
  $("options").hidden = false;
}

/** This install's pairing code, large, to compare with the one Keyfob's window shows. */
async function showPairingCode() {
  $("pairing-code").textContent = await pairingCode();
  $("pairing").hidden = false;
}

async function render() {
  $("action").hidden = true;
  $("pairing").hidden = true;
  $("codes").replaceChildren();
  const reply = await askForPage("code", tab.url, tab.url);
  $("site").textContent = reply.site ?? "";
  $("message").textContent = reply.type === "codes" ? "" : explain(reply);
  if (reply.site) showOptions(reply.site, reply.origins);
  switch (reply.type) {
    case "codes": showCodes(reply); break;
    case "none": offer(text("action_link"), async () => {
      const linking = await askForPage("link", tab.url, tab.url);
      $("message").textContent = explain(linking);
      offer(text("action_fill_again"), render);
    }); break;
    case "unpaired": offer(text("action_pair"), async () => {
      const pairing = await ask({ type: "pair" });
      $("message").textContent = explain(pairing);
      if (pairing.type === "pairing") showPairingCode();
      offer(text("action_try_again"), render);
    }); break;
    case "locked": offer(text("action_open_to_unlock"), async () => {
      $("message").textContent = explain(await ask({ type: "open" }));
      offer(text("action_try_again"), render);
    }); break;
    default: break;
  }
}

render();
