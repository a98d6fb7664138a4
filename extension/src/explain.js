// What Keyfob's replies mean to the user, in one place for the popup, the options page and the content
// script (a plain script: content scripts cannot import modules), in the browser's language (i18n.js,
// loaded first). A refusal or an error is worded by its kind (`why`, a name Keyfob sends: see
// docs/browser-extension.md), never by Keyfob's English `reason` or `message`, which a page's address can
// be part of; an unknown kind (a newer Keyfob) gets the general sentence.
(() => {
  const text = globalThis.keyfobText;

  /** Why a page (or a typed name) gets no code, by the refusal's kind. */
  function refusal(why) {
    switch (why) {
      case "insecure-page": return text("refused_insecure_page");
      case "other-site-frame": return text("refused_other_site_frame");
      case "no-site": return text("refused_no_site");
      case "not-an-address": return text("refused_not_an_address");
      case "too-long": return text("refused_too_long");
      // The extension's own: a message that did not come from its content script, a tab with no address.
      case "not-own-script": return text("refused_not_own_script");
      case "address-unknown": return text("refused_address_unknown");
      default: return text("refused_other");
    }
  }

  /** What went wrong, by the error's kind. */
  function fault(why) {
    switch (why) {
      case "unreadable-request": return text("error_unreadable_request");
      case "request-too-large": return text("error_request_too_large");
      case "vault-unreadable": return text("error_vault_unreadable");
      case "pairing-key-unreadable": return text("error_pairing_key_unreadable");
      case "pairing-busy": return text("error_pairing_busy");
      case "pairing-not-kept": return text("error_pairing_not_kept");
      case "window-unreachable": return text("error_window_unreachable");
      // The extension's own: a question its scripts do not ask, an answer Keyfob does not give.
      case "unknown-request": return text("error_unknown_request");
      case "unexpected-answer": return text("error_unexpected_answer");
      default: return text("error_other");
    }
  }

  globalThis.keyfobExplain = (reply) => {
    switch (reply.type) {
      case "codes": return "";
      case "none": return text("explain_none", reply.site);
      case "locked": return text("explain_locked");
      case "refused": return refusal(reply.why);
      case "linking": return text("explain_linking", reply.site);
      case "opening": return text("explain_opening");
      case "unpaired": return text("explain_unpaired");
      case "pairing": return text("explain_pairing", reply.code);
      case "paired": return text("explain_paired");
      case "unavailable": return text("explain_unavailable");
      default: return fault(reply.why);
    }
  };
})();
