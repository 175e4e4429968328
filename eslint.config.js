// One lint configuration for the whole repository (ESLint flat config + typescript-eslint).
// Formatting is Prettier's job (.prettierrc.json); nothing here is a style rule.
//
// The layer rules are the architecture of README's Layout, enforced instead of hoped for:
// - src/core is pure: it imports only src/core (no package, no node:*, no webextension-polyfill)
//   and reads no clock; tsconfig.core.json compiles it without DOM and Node types as well;
// - the extension's contexts (background, popup, options) and the CLI never import each other's
//   files; what two of them share lives in src/core, src/ui, src/messages.ts or src/settings.ts;
// - scripts/ (build, bench) run in Node and never import a browser context or the platform layer.
// The rules match import specifiers, so each zone is written per directory depth (relative paths).
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

/** A `no-restricted-imports` pattern list from [regex, message] pairs. */
const restrict = (...pairs) => ["error", { patterns: pairs.map(([regex, message]) => ({ regex, message })) }];

const CORE_MESSAGE = "src/core is pure: it imports only src/core (README, Layout)";

/**
 * Packages src/core may import: plain ECMAScript libraries that touch no browser, DOM or Node API
 * (tsconfig.core.json compiles them without those types). Add one only with that reason.
 * @streamparser/json: the streaming JSON parser behind the HAR reader.
 */
const CORE_PACKAGES = ["@streamparser/json"];

/** src/core at every depth: a specifier that climbs out of src/core, or any package or node:* import. */
const coreZones = [1, 2, 3].map((depth) => ({
  files: [`src/core/${"*/".repeat(depth - 1)}*.ts`],
  rules: {
    "no-restricted-imports": restrict(
      [`^(\\.\\./){${depth}}`, CORE_MESSAGE],
      [`^(?!\\.|(${CORE_PACKAGES.join("|")})$)`, `${CORE_MESSAGE}; no package (but CORE_PACKAGES), node:* or browser API`],
    ),
    "no-restricted-properties": [
      "error",
      { object: "Date", property: "now", message: "src/core reads no clock: take the time as a parameter" },
    ],
    "no-restricted-syntax": [
      "error",
      {
        selector: "NewExpression[callee.name='Date'][arguments.length=0]",
        message: "src/core reads no clock: take the time as a parameter",
      },
    ],
  },
}));

/** A context (one folder directly under src/) that must not import the folders named. */
const contextZone = (context, forbidden, why) => ({
  files: [`src/${context}/**/*.ts`],
  rules: {
    "no-restricted-imports": restrict([`^(\\.\\./)+(${forbidden.join("|")})/`, why]),
  },
});

export default defineConfig(
  // types/ holds core's one ambient declaration, compiled only by tsconfig.core.json; the harness
  // site is the simulated studio page's plain browser script.
  {
    ignores: ["dist/**", "node_modules/**", ".tmp/**", "web-ext-artifacts/**", "types/**", "test/browser/harness/site/**"],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A promise nobody awaits loses its error; the code writes `void` where that is meant.
      "@typescript-eslint/no-floating-promises": "error",
      // An async function where a void callback is expected (an event listener) drops its rejection too.
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      // Unused names are the compiler's job (noUnusedLocals, noUnusedParameters in tsconfig.json).
      "@typescript-eslint/no-unused-vars": "off",
      // Control characters are matched on purpose: the code refuses or scrubs them (PAC, routes, errors).
      "no-control-regex": "off",
      // `self` names the fake browser inside the object literals its getters return.
      "@typescript-eslint/no-this-alias": ["error", { allowedNames: ["self"] }],
      // A `let` read by a callback registered before its one assignment must stay a `let`.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ["**/*.js"],
    languageOptions: { globals: { console: "readonly", URL: "readonly" } },
  },
  ...coreZones,
  contextZone("background", ["popup", "options", "ui"], "the background reaches the popup only through src/messages.ts"),
  contextZone("popup", ["options", "background"], "share through src/ui, src/messages.ts or src/settings.ts, not another context"),
  contextZone("options", ["popup", "background"], "share through src/ui, src/messages.ts or src/settings.ts, not another context"),
  contextZone("ui", ["popup", "options", "background"], "src/ui is shared by popup and options and imports neither"),
  contextZone("cli", ["background", "popup", "options", "platform", "ui"], "the CLI runs in Node: core only"),
  contextZone("platform", ["background", "popup", "options", "ui", "cli"], "the platform layer sits under the contexts"),
  {
    // The shared contracts (messages.ts, settings.ts, version.ts) sit below every context.
    files: ["src/*.ts"],
    rules: {
      "no-restricted-imports": restrict([
        "^\\./(background|popup|options|ui|cli)/",
        "src/*.ts are contracts shared by the contexts and import none of them",
      ]),
    },
  },
  {
    files: ["scripts/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict([
        "(^|/)src/(background|popup|options|platform|ui)/",
        "scripts/ run in Node: they import src/core (and src/*.ts contracts), never a browser context",
      ]),
    },
  },
);
