// What Keyfob's replies mean to the user, in one place for the popup and the content script (a plain
// script: content scripts cannot import modules), in the browser's language (i18n.js, loaded first).
globalThis.keyfobExplain = (reply) => {
  const text = globalThis.keyfobText;
  switch (reply.type) {
    case "codes": return "";
    case "none": return text("explain_none", reply.site);
    case "locked": return text("explain_locked");
    // (The reason is Keyfob's, in its words.)
    case "refused": return text("explain_refused", reply.reason);
    case "linking": return text("explain_linking", reply.site);
    case "opening": return text("explain_opening");
    case "unpaired": return text("explain_unpaired");
    case "pairing": return text("explain_pairing", reply.code);
    case "paired": return text("explain_paired");
    case "unavailable": return text("explain_unavailable");
    default: return text("explain_error", reply.message ?? reply.type);
  }
};
