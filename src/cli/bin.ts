/** The process shell around main(): the only place that touches process and node:fs. */
import { randomBytes } from "node:crypto";
import { createReadStream, existsSync, readFileSync, type Stats } from "node:fs";
import { chmod, chown, open, readFile, realpath, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { getProxyForUrl } from "proxy-from-env";
import { main } from "./main.js";
import { nodeResolver } from "./node-resolver.js";
import type { CliIo } from "./io.js";
import { createNodeNetwork } from "./network.js";

// The bundled CLI carries QuickJS's wasm beside itself (scripts/build.ts); from source it is found in node_modules.
const wasm = new URL("./quickjs.wasm", import.meta.url);
const quickjsWasm = existsSync(wasm) ? readFileSync(wasm) : undefined;

/** Names that stand for a descriptor the shell opened, not a file to replace (`--out /dev/stdout`). */
const DESCRIPTOR_PATH = /^\/(?:dev\/(?:stdout|stderr|fd\/\d+)|proc\/self\/fd\/\d+)$/;
const STDOUT_PATH = /^\/(?:dev\/stdout|dev\/fd\/1|proc\/self\/fd\/1)$/;
const STDERR_PATH = /^\/(?:dev\/stderr|dev\/fd\/2|proc\/self\/fd\/2)$/;

function errorCode(error: unknown): string | undefined {
  return error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
}

/**
 * `--out`: a regular file (new or existing) is replaced atomically, so a failure never leaves half a
 * PAC behind. The temp file has a random name and is created with O_EXCL ("wx"), which refuses to
 * follow a symlink planted there. A symlink given as `--out` is followed (as the shell's `>` does),
 * an existing file keeps its mode and, where the user may set it, its owner. FIFOs, devices and
 * `/dev/stdout` are written into, never replaced.
 */
async function writeOutFile(path: string, text: string): Promise<void> {
  if (DESCRIPTOR_PATH.test(path)) return writeInto(path, text);
  let target = path;
  let existing: Stats | undefined;
  try {
    existing = await stat(path);
    target = await realpath(path);
  } catch (error) {
    if (errorCode(error) !== "ENOENT") throw error;
  }
  if (existing && !existing.isFile()) return writeInto(path, text);

  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(8).toString("hex")}.tmp`);
  const handle = await open(temp, "wx", existing ? existing.mode & 0o777 : 0o666);
  try {
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (existing) {
      // Only root may give a file away; a normal user keeps their own ownership, as an editor would.
      // chown clears set-id bits, so the mode is set after it.
      await chown(temp, existing.uid, existing.gid).catch(() => undefined);
      await chmod(temp, existing.mode & 0o7777);
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Writes into an existing FIFO, device or descriptor path without replacing it. Standard output and
 * error go through their streams: when they are sockets (as a parent process may make them),
 * opening /proc/self/fd/1 fails with ENXIO.
 */
async function writeInto(path: string, text: string): Promise<void> {
  const stream = STDOUT_PATH.test(path) ? process.stdout : STDERR_PATH.test(path) ? process.stderr : undefined;
  if (stream) {
    return new Promise((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));
  }
  const handle = await open(path, "w");
  try {
    await handle.writeFile(text, "utf8");
  } finally {
    await handle.close();
  }
}

/** A reader that closed the pipe (`| head`, `| true`) wants no more output: stop quietly, without a stack trace. */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}
quietOnClosedPipe(process.stdout);
quietOnClosedPipe(process.stderr);

const io: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  readFile: (path) => readFile(path, "utf8"),
  readChunks: (path) => createReadStream(path, { highWaterMark: 1 << 20 }),
  fileSize: async (path) => (await stat(path)).size,
  writeFile: writeOutFile,
  now: () => new Date(),
  resolver: nodeResolver,
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
