// What Keyfob's replies mean to the user, in one place for the popup and the content script (a plain
// script: content scripts cannot import modules).
globalThis.keyfobExplain = (reply) => {
  switch (reply.type) {
    case "codes": return "";
    case "none": return `No account in Keyfob is linked to ${reply.site}.`;
    case "locked": return "Keyfob is locked. Unlock it to fill codes.";
    case "refused": return `Keyfob gives this page no codes: ${reply.reason}.`;
    case "linking": return `Choose the account for ${reply.site} in Keyfob, then fill again.`;
    case "opening": return "Unlock Keyfob, then fill again.";
    case "unpaired": return "This browser is not paired with Keyfob yet. Pair it from the Keyfob button in the toolbar.";
    case "pairing": return `Keyfob asks you to compare codes. Pair only if Keyfob shows ${reply.code}.`;
    case "paired": return "This browser is paired with Keyfob.";
    case "unavailable": return "Keyfob is not connected to this browser. Run `keyfob browser install`, then restart the browser.";
    default: return `Keyfob could not answer: ${reply.message ?? reply.type}.`;
  }
};
