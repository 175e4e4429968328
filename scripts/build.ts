/**
 * `npm run build`: the extension's contexts bundled once by esbuild and written, byte for
 * byte the same, into dist/chrome/ and dist/firefox/, each with its derived manifest
 * (scripts/manifest.ts), zipped by web-ext into dist/*.zip; and the CLI bundle
 * dist/cli/aml-network-doctor.js.
 *
 * `npm run watch` (`--watch`): rebuilds both extension folders on every change to src/ (no zips,
 * no CLI), for `npm run start:chrome` or `start:firefox` in another terminal.
 */
import { build, context, type BuildOptions, type OutputFile } from "esbuild";
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import webExt from "web-ext";
import { CATALOG } from "../src/core/catalog/index.js";
import { DEV_KEY } from "./dev-key.js";
import { FIREFOX_MIN_VERSION, buildChromeManifest, toFirefoxManifest, type Manifest } from "./manifest.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const at = (path: string) => `${root}${path}`;

const pkg = JSON.parse(readFileSync(at("package.json"), "utf8")) as { version: string };
const source = JSON.parse(readFileSync(at("manifest.json"), "utf8")) as Manifest & { minimum_chrome_version: string };

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

const BROWSERS = ["chrome", "firefox"] as const;

const common: BuildOptions = {
  bundle: true,
  format: "iife",
  // The oldest browsers the manifests admit: manifest.json's minimum_chrome_version, Firefox's strict_min_version.
  target: [`chrome${source.minimum_chrome_version}`, `firefox${Number.parseInt(FIREFOX_MIN_VERSION, 10)}`],
  minify: false,
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
};

const extension = {
  ...common,
  entryPoints: Object.entries(CONTEXTS).map(([outName, entry]) => ({ in: at(entry), out: outName })),
  outdir: at("dist/.bundle"),
  write: false,
} as const satisfies BuildOptions;

// Development builds carry DEV_KEY (a fixed extension id for policies and tests); RELEASE=1 leaves it out.
const chrome = buildChromeManifest(source, CATALOG, pkg.version, process.env.RELEASE === "1" ? {} : { key: DEV_KEY });
const manifests: Record<(typeof BROWSERS)[number], Manifest> = { chrome, firefox: toFirefoxManifest(chrome) };

/** One set of bundles, written unchanged into each browser's folder with its static files and manifest. */
function writeBrowsers(bundles: readonly OutputFile[]): void {
  for (const name of BROWSERS) {
    const out = at(`dist/${name}`);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    for (const file of bundles) writeFileSync(`${out}/${basename(file.path)}`, file.contents);
    for (const [from, to] of STATIC) cpSync(at(from), `${out}/${to}`, { recursive: true });
    writeFileSync(`${out}/manifest.json`, `${JSON.stringify(manifests[name], null, 2)}\n`);
  }
}

async function zipBrowsers(): Promise<void> {
  for (const name of BROWSERS) {
    await webExt.cmd.build(
      {
        sourceDir: at(`dist/${name}`),
        artifactsDir: at("dist"),
        filename: `aml-network-doctor-${name}-${pkg.version}.zip`,
        overwriteDest: true,
      },
      { showReadyMessage: false },
    );
  }
}

async function buildCli(): Promise<void> {
  const outfile = at("dist/cli/aml-network-doctor.js");
  await build({
    ...common,
    entryPoints: [at("src/cli/bin.ts")],
    outfile,
    platform: "node",
    format: "esm",
    target: "node20",
    // CommonJS dependencies (ws, https-proxy-agent, proxy-from-env) require Node built-ins at run time.
    banner: {
      js: '#!/usr/bin/env node\nimport { createRequire as __cliRequire } from "node:module";\nconst require = __cliRequire(import.meta.url);',
    },
  });
  chmodSync(outfile, 0o755);
  // `check --pac` runs PAC files in QuickJS; its wasm is read from beside the bundle (src/cli/bin.ts).
  cpSync(at("node_modules/quickjs-wasi/quickjs.wasm"), at("dist/cli/quickjs.wasm"));
}

if (process.argv.includes("--watch")) {
  const watcher = await context({
    ...extension,
    plugins: [
      {
        name: "write-both-browsers",
        setup(onBuild) {
          onBuild.onEnd((result) => {
            if (result.errors.length > 0 || !result.outputFiles) return;
            writeBrowsers(result.outputFiles);
            console.log(`${new Date().toLocaleTimeString()} rebuilt dist/chrome and dist/firefox`);
          });
        },
      },
    ],
  });
  await watcher.watch();
  console.log("watching src/ (Ctrl-C stops); static files and manifest.json are copied on each rebuild");
} else {
  const { outputFiles } = await build(extension);
  writeBrowsers(outputFiles);
  await zipBrowsers();
  await buildCli();
  console.log(`built dist/chrome, dist/firefox and their zips (${pkg.version}, catalog ${CATALOG.version})`);
}
