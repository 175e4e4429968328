// One lint configuration for the whole repository (ESLint flat config + typescript-eslint).
// Formatting is Prettier's job (.prettierrc.json); nothing here is a style rule.
//
// The layer rules are the architecture of README's Layout, enforced instead of hoped for:
// - src/core is pure: it imports only src/core (no package, no node:*, no webextension-polyfill)
//   and reads no clock; tsconfig.core.json compiles it without DOM and Node types as well;
// - the extension's contexts (background, the pages popup, options, check and har, the content
//   scripts) and the CLI never import each other's files; what two of them share lives in src/core,
//   src/ui, src/messages.ts or src/settings.ts (one named exception: har.html uses the popup's renderer);
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
 * ipaddr.js: IPv4/IPv6 address and CIDR parsing behind the private ranges (core/ip-ranges.ts); one
 *   self-contained ES5 file that reads nothing from its host (it only exports itself).
 */
const CORE_PACKAGES = ["@streamparser/json", "ipaddr\\.js"];

/** src/core at every depth: a specifier that climbs out of src/core, or any package or node:* import. */
const coreZones = [1, 2, 3].map((depth) => ({
  files: [`src/core/${"*/".repeat(depth - 1)}*.ts`],
  rules: {
    "no-restricted-imports": restrict(
      [`^(\\.\\./){${depth}}`, CORE_MESSAGE],
      [
        `^(?!\\.|(${CORE_PACKAGES.join("|")})$)`,
        `${CORE_MESSAGE}; no package (but CORE_PACKAGES), node:* or browser API`,
      ],
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

/** The extension's pages: each is its own context. */
const PAGES = ["popup", "options", "check", "har"];

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
    ignores: [
      "dist/**",
      "node_modules/**",
      ".tmp/**",
      "web-ext-artifacts/**",
      "types/**",
      "test/browser/harness/site/**",
    ],
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
  contextZone(
    "background",
    [...PAGES, "content", "ui"],
    "the background reaches the pages only through src/messages.ts",
  ),
  contextZone(
    "popup",
    ["options", "check", "har", "content", "background"],
    "share through src/ui, src/messages.ts or src/settings.ts, not another context",
  ),
  contextZone(
    "options",
    ["popup", "check", "har", "content", "background"],
    "share through src/ui, src/messages.ts or src/settings.ts, not another context",
  ),
  contextZone(
    "check",
    ["popup", "options", "har", "content", "background"],
    "share through src/ui, src/messages.ts or src/settings.ts, not another context",
  ),
  // har.html shows a HAR file's report as the popup shows a tab's: it reuses the popup's renderer
  // and Send to IT (popup/render.ts, popup/send-to-it.ts) and nothing else of the popup.
  {
    files: ["src/har/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict(
        [
          "^(\\.\\./)+(options|check|content|background)/",
          "share through src/ui, src/messages.ts or src/settings.ts, not another context",
        ],
        ["^(\\.\\./)+popup/(?!(render|send-to-it)\\.js$)", "har.html takes only the popup's renderer and Send to IT"],
      ),
    },
  },
  contextZone(
    "content",
    [...PAGES, "ui", "background"],
    "content scripts talk to the worker only through src/messages.ts",
  ),
  contextZone(
    "ui",
    [...PAGES, "content", "background"],
    "src/ui is shared by the extension's pages and imports none of them",
  ),
  contextZone("cli", [...PAGES, "content", "background", "platform", "ui"], "the CLI runs in Node: core only"),
  contextZone(
    "platform",
    [...PAGES, "content", "background", "ui", "cli"],
    "the platform layer sits under the contexts",
  ),
  {
    // The shared contracts (messages.ts, settings.ts, version.ts) sit below every context.
    files: ["src/*.ts"],
    rules: {
      "no-restricted-imports": restrict([
        "^\\./(background|popup|options|check|har|content|ui|cli)/",
        "src/*.ts are contracts shared by the contexts and import none of them",
      ]),
    },
  },
  {
    files: ["scripts/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict([
        "(^|/)src/(background|popup|options|check|har|content|platform|ui)/",
        "scripts/ run in Node: they import src/core (and src/*.ts contracts), never a browser context",
      ]),
    },
  },
);
