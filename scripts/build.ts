/**
 * `npm run build`: one esbuild bundle per extension context into dist/chrome/ and dist/firefox/,
 * each with its derived manifest (scripts/manifest.ts), zipped by web-ext into dist/*.zip; and the
 * CLI bundle dist/cli/aml-network-doctor.js.
 */
import { build, type BuildOptions } from "esbuild";
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import webExt from "web-ext";
import { CATALOG } from "../src/core/catalog/index.js";
import { DEV_KEY } from "./dev-key.js";
import { buildChromeManifest, toFirefoxManifest, type Manifest } from "./manifest.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const at = (path: string) => `${root}${path}`;

const pkg = JSON.parse(readFileSync(at("package.json"), "utf8")) as { version: string };
const source = JSON.parse(readFileSync(at("manifest.json"), "utf8")) as Manifest;

/** Each context is a classic script: a service worker in Chrome, an event page in Firefox. */
const CONTEXTS = {
  background: "src/background/index.ts",
  popup: "src/popup/popup.ts",
  options: "src/options/options.ts",
  check: "src/check/check.ts",
  // The WebSocket observer: page world and isolated world, see scripts/manifest.ts.
  "websocket-observer": "src/content/websocket-observer-main.ts",
  "websocket-relay": "src/content/websocket-relay-isolated.ts",
  har: "src/har/har.ts",
};

const STATIC = [
  ["src/popup/popup.html", "popup.html"],
  ["src/popup/popup.css", "popup.css"],
  ["src/options/options.html", "options.html"],
  ["src/options/options.css", "options.css"],
  ["src/check/check.html", "check.html"],
  ["src/check/check.css", "check.css"],
  ["src/har/har.html", "har.html"],
  ["src/har/har.css", "har.css"],
  ["assets/managed-schema.json", "managed-schema.json"],
  ["assets/_locales", "_locales"],
  ["assets/icons", "icons"],
] as const;

const common: BuildOptions = {
  bundle: true,
  format: "iife",
  target: ["chrome120", "firefox140"],
  minify: false,
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
};

async function buildBrowser(name: "chrome" | "firefox", manifest: Manifest): Promise<void> {
  const out = at(`dist/${name}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    ...common,
    entryPoints: Object.entries(CONTEXTS).map(([outName, entry]) => ({ in: at(entry), out: outName })),
    outdir: out,
  });
  for (const [from, to] of STATIC) cpSync(at(from), `${out}/${to}`, { recursive: true });
  writeFileSync(`${out}/manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  await webExt.cmd.build(
    { sourceDir: out, artifactsDir: at("dist"), filename: `aml-network-doctor-${name}-${pkg.version}.zip`, overwriteDest: true },
    { showReadyMessage: false },
  );
}

async function buildCli(): Promise<void> {
  const entry = at("src/cli/bin.ts");
  if (!existsSync(entry)) {
    console.warn("warning: src/cli/bin.ts does not exist yet; the CLI bundle was skipped");
    return;
  }
  const outfile = at("dist/cli/aml-network-doctor.js");
  await build({
    ...common,
    entryPoints: [entry],
    outfile,
    platform: "node",
    format: "esm",
    target: "node20",
    // CommonJS dependencies (ws, https-proxy-agent, proxy-from-env) require Node built-ins at run time.
    banner: { js: '#!/usr/bin/env node\nimport { createRequire as __cliRequire } from "node:module";\nconst require = __cliRequire(import.meta.url);' },
  });
  chmodSync(outfile, 0o755);
  // `check --pac` runs PAC files in QuickJS; its wasm is read from beside the bundle (src/cli/bin.ts).
  cpSync(at("node_modules/quickjs-wasi/quickjs.wasm"), at("dist/cli/quickjs.wasm"));
}

// Development builds carry DEV_KEY (a fixed extension id for policies and tests); RELEASE=1 leaves it out.
const chrome = buildChromeManifest(source, CATALOG, pkg.version, process.env.RELEASE === "1" ? {} : { key: DEV_KEY });
await buildBrowser("chrome", chrome);
await buildBrowser("firefox", toFirefoxManifest(chrome));
await buildCli();
console.log(`built dist/chrome, dist/firefox and their zips (${pkg.version}, catalog ${CATALOG.version})`);
