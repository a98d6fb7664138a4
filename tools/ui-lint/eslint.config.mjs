// What scripts/ui-lint checks in Keyfob's window (ui/) and browser extension (extension/src): the modules'
// imports only, not their style. No module may import one that imports it back, however far round
// (a cycle: ui/js's modules call downwards, and hear back through state.js's events or callbacks), and
// every import must name a module and an export that exist. Run from the repository's root.

import importPlugin from "eslint-plugin-import";

export default [
  // Fluent's formatter, copied from npm as it is (tests/languages.rs checks it is the pinned version's).
  { ignores: ["ui/vendor/**"] },
  {
    files: ["ui/**/*.js", "extension/src/**/*.js"],
    languageOptions: { ecmaVersion: 2024, sourceType: "module" },
    plugins: { import: importPlugin },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "import/no-cycle": ["error", { maxDepth: Infinity }],
      "import/no-unresolved": "error",
      "import/named": "error",
      "import/no-self-import": "error",
    },
  },
];
