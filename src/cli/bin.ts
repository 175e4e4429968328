/** The process shell around main(): the only place that touches process and node:fs. */
import { existsSync, readFileSync } from "node:fs";
import { readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { getProxyForUrl } from "proxy-from-env";
import { main } from "./main.js";
import type { CliIo } from "./io.js";
import { createNodeNetwork } from "./network.js";

// The bundled CLI carries QuickJS's wasm beside itself (scripts/build.ts); from source it is found in node_modules.
const wasm = new URL("./quickjs.wasm", import.meta.url);
const quickjsWasm = existsSync(wasm) ? readFileSync(wasm) : undefined;

const io: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  readFile: (path) => readFile(path, "utf8"),
  fileSize: async (path) => (await stat(path)).size,
  // Write to a sibling temp file first, so a failure never leaves a half-written PAC behind.
  writeFile: async (path, text) => {
    const temp = `${path}.${process.pid}.tmp`;
    try {
      await writeFile(temp, text, "utf8");
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw error;
    }
  },
  now: () => new Date(),
  network: createNodeNetwork(quickjsWasm ? { quickjsWasm } : {}),
  // HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY as curl and most tools read them.
  proxyForUrl: (url) => getProxyForUrl(url),
  stderrIsTTY: process.stderr.isTTY === true,
};

main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`aml-network-doctor: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
