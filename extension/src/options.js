// The sites where the Keyfob button shows by itself: each one a host permission the user granted (here or
// in the popup), for which background.js registers the content script. Removing a site takes the
// permission back.

import { allowButtonOn, api, ask, explain, localize, pairingCode, sitesAllowed, text } from "./host.js";

const $ = (id) => document.getElementById(id);
localize();

async function show() {
  const sites = await sitesAllowed();
  $("none").hidden = sites.length > 0;
  $("sites").replaceChildren(...sites.map(({ site, origins }) => {
    const row = document.createElement("li");
    const name = document.createElement("span");
    name.textContent = site;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = text("options_remove");
    remove.setAttribute("aria-label", text("options_remove_label", site));
    remove.addEventListener("click", async () => { await api.permissions.remove({ origins }); show(); });
    row.append(name, remove);
    return row;
  }));
}

// Keyfob judges what a typed name stands for (`login.example.co.uk` is the site `example.co.uk`; `co.uk`
// is no one's); the browser's permission is then asked for in a second click, since browsers grant one
// only to a user's gesture and asking Keyfob is not one.
let found = null;
let asked = 0;
$("add-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  found = null;
  $("allow").hidden = true;
  const mine = ++asked;
  const reply = await ask({ type: "site", text: $("site").value });
  if (mine !== asked) return; // a later submit answers instead
  if (reply.type !== "site") {
    $("message").textContent = reply.type === "refused" ? text("options_not_a_site", explain(reply)) : explain(reply);
    return;
  }
  found = reply;
  $("message").textContent = "";
  $("allow").textContent = text("options_show_on", reply.site);
  $("allow").hidden = false;
});

$("allow").addEventListener("click", () => {
  if (!found) return;
  allowButtonOn(found.origins).then((granted) => {
    $("message").textContent = granted ? "" : text("options_not_allowed");
    $("site").value = "";
    $("allow").hidden = true;
    found = null;
    show();
  });
});

$("pair").addEventListener("click", async () => {
  $("pairing-message").textContent = explain(await ask({ type: "pair" }));
});

show();
pairingCode().then(
  (code) => { $("pairing-code").textContent = code; },
  (error) => { $("pairing-message").textContent = text("options_pairing_failed", error?.message ?? error); },
);
