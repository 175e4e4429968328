/** The process shell around main(): the only place that touches process and node:fs. */
import { readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { main } from "./main.js";
import { nodeResolver } from "./node-resolver.js";
import type { CliIo } from "./io.js";

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
  resolver: nodeResolver,
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
