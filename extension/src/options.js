// The sites where the Keyfob button shows by itself: each one a host permission the user granted (here or
// in the popup), for which background.js registers the content script. Removing a site takes the
// permission back.

import { allowButtonOn, api, ask, explain, pairingCode, sitesAllowed } from "./host.js";

const $ = (id) => document.getElementById(id);

async function show() {
  const sites = await sitesAllowed();
  $("none").hidden = sites.length > 0;
  $("sites").replaceChildren(...sites.map(({ site, origins }) => {
    const row = document.createElement("li");
    const name = document.createElement("span");
    name.textContent = site;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = "Remove";
    remove.setAttribute("aria-label", `Remove ${site}`);
    remove.addEventListener("click", async () => { await api.permissions.remove({ origins }); show(); });
    row.append(name, remove);
    return row;
  }));
}

$("add-form").addEventListener("submit", (event) => {
  event.preventDefault();
  // Asked for in the submit itself: browsers grant a permission only to a user's gesture.
  const asked = allowButtonOn($("site").value);
  if (!asked) { $("message").textContent = "That is not a site name such as example.com."; return; }
  asked.then((granted) => {
    $("message").textContent = granted ? "" : "The browser did not allow it.";
    $("site").value = "";
    show();
  });
});

$("pair").addEventListener("click", async () => {
  $("pairing-message").textContent = explain(await ask({ type: "pair" }));
});

show();
pairingCode().then(
  (code) => { $("pairing-code").textContent = code; },
  (error) => { $("pairing-message").textContent = `This browser's pairing code cannot be made: ${error?.message ?? error}`; },
);
