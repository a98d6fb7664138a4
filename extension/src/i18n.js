// Every word the extension shows, in the browser's language: from _locales/<language>/messages.json
// through the browser's i18n API (English when the browser's language has no catalogue). A plain script,
// so the content script can use it as the pages do.
(() => {
  const api = globalThis.browser ?? globalThis.chrome;

  /**
   * The message `key`, `values` put in its placeholders in order ($1, $2, …: each message names its
   * own). A key the catalogue lacks shows as itself, seen rather than blank (`extension/messages-lint.mjs`
   * makes sure none does).
   */
  const text = (key, ...values) => api.i18n.getMessage(key, values.map(String)) || key;

  /**
   * The language the pages are in: the browser's own (`getUILanguage`, with its region) when the catalogue
   * shown is in it, else the catalogue's (a French browser is shown English, and says so).
   */
  function language() {
    const shown = text("language");
    const browser = api.i18n.getUILanguage();
    return browser.split(/[-_]/)[0].toLowerCase() === shown ? browser.replace(/_/g, "-") : shown;
  }

  /**
   * Puts the words into a page: `data-i18n="key"` is an element's text, `data-i18n-ATTRIBUTE="key"` its
   * ATTRIBUTE (aria-label, title, placeholder, alt); the document's title and `lang` too.
   */
  function localize(root = document) {
    for (const element of root.querySelectorAll("*")) {
      for (const { name, value } of [...element.attributes]) {
        if (name === "data-i18n") element.textContent = text(value);
        else if (name.startsWith("data-i18n-")) element.setAttribute(name.slice("data-i18n-".length), text(value));
      }
    }
    if (root === document) document.documentElement.lang = language();
  }

  globalThis.keyfobText = text;
  globalThis.keyfobLocalize = localize;
})();
