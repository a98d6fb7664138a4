// Keyfob's extension, in the background: carries the content script's and the popup's questions to
// Keyfob with the addresses the browser itself knows, and runs the context menu and the shortcut.
// It has no standing access to any site: the content script runs where the user acted (the popup, the
// menu, the shortcut: "activeTab") and on the sites the user allowed it (optional host permissions).

import { CONTENT_SCRIPTS, api, ask, askForPage, submitsOn, text } from "./host.js";

const SCRIPT_ID = "keyfob-fields";

/** The sites the user allowed the button on, as the content script's registration. */
async function registerAllowedSites() {
  const { origins = [] } = await api.permissions.getAll();
  const registered = await api.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (registered.length) await api.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  if (!origins.length) return;
  await api.scripting.registerContentScripts([{
    id: SCRIPT_ID, matches: origins, js: CONTENT_SCRIPTS, allFrames: true, runAt: "document_idle",
  }]);
}

api.permissions.onAdded.addListener(registerAllowedSites);
api.permissions.onRemoved.addListener(registerAllowedSites);

api.runtime.onInstalled.addListener(() => {
  api.contextMenus.create({ id: "keyfob-fill", title: text("fill_code"), contexts: ["editable"] });
  registerAllowedSites();
});

/**
 * Puts the content script in a tab's frames (where the user's action allows) and asks it to fill: in
 * frame `frameId` (the context menu's), else in the frame that has the focus (the shortcut's).
 */
async function fillIn(tab, frameId) {
  const target = frameId === undefined ? { tabId: tab.id, allFrames: true } : { tabId: tab.id, frameIds: [frameId] };
  await api.scripting.executeScript({ target, files: CONTENT_SCRIPTS }).catch(() => {});
  const options = frameId === undefined ? {} : { frameId };
  await api.tabs.sendMessage(tab.id, { type: "fill", focused: frameId === undefined }, options).catch(() => {});
}

api.contextMenus.onClicked.addListener((info, tab) => { if (tab) fillIn(tab, info.frameId); });
api.commands.onCommand.addListener((command, tab) => { if (command === "fill-code" && tab) fillIn(tab); });

/**
 * The content script's questions. The page's address is the browser's (`sender.url`), its tab's the
 * browser's too (`sender.tab.url`): a page cannot claim another site, and a frame of another origin is
 * refused by Keyfob. Linking a site is not among them: only the toolbar popup asks for it.
 */
async function answer(message, sender) {
  if (sender.id !== api.runtime.id || !sender.tab) return { type: "refused", why: "not-own-script" };
  const url = sender.url;
  const top = sender.tab.url;
  switch (message?.type) {
    case "status": {
      // Whether to offer filling, without handing out codes before the user asks.
      const reply = await askForPage("code", url, top);
      return reply.type === "codes" ? { type: "codes", site: reply.site, count: reply.codes.length } : reply;
    }
    case "code": {
      const reply = await askForPage("code", url, top);
      if (reply.type === "codes") reply.submit = await submitsOn(reply.site);
      return reply;
    }
    case "open": return ask({ type: "open" });
    default: return { type: "error", why: "unknown-request" };
  }
}

api.runtime.onMessage.addListener((message, sender, respond) => {
  // (The browser's own error is in English: logged, and the page is told only that it failed.)
  answer(message, sender).then(respond, (error) => { console.error(error); respond({ type: "error", why: "extension-failed" }); });
  return true;
});
