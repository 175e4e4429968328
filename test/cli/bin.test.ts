/**
 * bin.ts against a real file system and real pipes: the process is started as a user starts it
 * (through tsx, from source), because bin.ts is the one file that touches node:fs and process.
 */
import { execFileSync, spawn } from "node:child_process";
import {
  chmodSync,
  chownSync,
  createReadStream,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";

const ROOT = new URL("../../", import.meta.url).pathname;
const BIN = join(ROOT, "src/cli/bin.ts");
const dir = mkdtempSync(join(tmpdir(), "amlnd-bin-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** Runs the CLI; `shell` wraps it in `sh -c '...; exec node ...'`, so the node process has the shell's pid (`$$`). */
function run(
  args: string[],
  options: { before?: string; closeStdout?: boolean; killAfterMs?: number; maxHeapMb?: number } = {},
): Promise<Run> {
  const heap = options.maxHeapMb ? [`--max-old-space-size=${options.maxHeapMb}`] : [];
  const node = [process.execPath, ...heap, "--import", "tsx", BIN, ...args];
  // killAfterMs: a run that would never end on its own is killed (exit code null) instead of outliving the test.
  const spawnOptions = { cwd: ROOT, ...(options.killAfterMs ? { timeout: options.killAfterMs } : {}) };
  const child = options.before
    ? spawn("sh", ["-c", `${options.before}; exec "$@"`, "sh", ...node], spawnOptions)
    : spawn(node[0]!, node.slice(1), spawnOptions);
  let out = "";
  let err = "";
  if (options.closeStdout) child.stdout.destroy();
  else child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, out, err })));
}

const PAC_ARGS = ["pac", "--via", "DIRECT"];

describe("--out", () => {
  test("a symlink planted at the temp name the CLI used to write (<out>.<pid>.tmp) is not followed", async () => {
    const victim = join(dir, "victim.txt");
    writeFileSync(victim, "VICTIM CONTENT");
    const out = join(dir, "planted.pac");
    const result = await run([...PAC_ARGS, "--out", out], { before: `ln -s '${victim}' '${out}'.$$.tmp` });
    expect(result.code).toBe(0);
    expect(readFileSync(victim, "utf8")).toBe("VICTIM CONTENT");
    expect(lstatSync(out).isFile()).toBe(true);
    expect(readFileSync(out, "utf8")).toMatch(/^\/\/ AML Network Doctor/);
  });

  test("a FIFO is written into, not replaced by a regular file", async () => {
    const fifo = join(dir, "out.fifo");
    execFileSync("mkfifo", [fifo]);
    let received = "";
    const reader = new Promise<void>((resolve, reject) => {
      const stream = createReadStream(fifo, "utf8");
      stream.on("data", (chunk) => (received += chunk));
      stream.on("end", resolve);
      stream.on("error", reject);
    });
    const result = await run([...PAC_ARGS, "--out", fifo]);
    await reader;
    expect(result.code).toBe(0);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(received).toMatch(/^\/\/ AML Network Doctor[\s\S]*function FindProxyForURL/);
  });

  // /dev/fd/1 rather than /dev/stdout: the CLI used to rename its temp file over the name, and a
  // run of this test against that code must not replace the machine's /dev/stdout (it fails instead).
  test("/dev/fd/1 writes to standard output", async () => {
    const result = await run(["hosts", "--out", "/dev/fd/1"]);
    expect(result.code).toBe(0);
    expect(result.err).toBe("");
    expect(result.out).toContain("ml.azure.com");
  });

  test("an existing file keeps its mode (and, for root, its owner), and no temp file is left", async () => {
    const sub = mkdtempSync(join(dir, "keep-"));
    const out = join(sub, "report.md");
    writeFileSync(out, "old");
    chmodSync(out, 0o640);
    const root = process.getuid?.() === 0;
    if (root) chownSync(out, 65534, 65534);
    const result = await run([...PAC_ARGS, "--out", out]);
    expect(result.code).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^\/\/ AML Network Doctor/);
    expect(statSync(out).mode & 0o777).toBe(0o640);
    if (root) expect([statSync(out).uid, statSync(out).gid]).toEqual([65534, 65534]);
    expect(readdirSync(sub)).toEqual(["report.md"]);
  });

  test("a symlink given as --out stays a link, and its target gets the text", async () => {
    const target = join(dir, "target.txt");
    const link = join(dir, "link.pac");
    writeFileSync(target, "original");
    symlinkSync(target, link);
    const result = await run([...PAC_ARGS, "--out", link]);
    expect(result.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, "utf8")).toMatch(/^\/\/ AML Network Doctor/);
  });
});

test("a reader that closes the pipe early ends the CLI quietly (no EPIPE stack trace)", async () => {
  const result = await run([...PAC_ARGS, "--cloud", "all", "--include-compute"], { closeStdout: true });
  expect(result.err).toBe("");
  expect(result.code).toBe(0);
});

test("diagnose /dev/zero ends at once with a one-line error, instead of reading forever", async () => {
  const result = await run(["diagnose", "/dev/zero"], { killAfterMs: 4_000 });
  expect(result.code).toBe(1);
  expect(result.err).toBe(
    "aml-network-doctor: /dev/zero: Not a readable HAR file: the JSON is broken or cut off (Unexpected character in JSON).\n",
  );
});

// JSON.parse of this file builds an array of 3,000,000 objects (hundreds of MB): V8 stops with a
// fatal out-of-memory error and a native stack trace. Streamed, the entries past the limit are only counted.
// A 9 MB file through a process of its own: seconds on a loaded machine, so its own bound.
test(
  "diagnose reads a HAR of 3,000,000 `{}` entries within a 64 MB heap, and says what it skipped",
  { timeout: 30_000 },
  async () => {
    const path = join(dir, "wide.har");
    writeFileSync(path, `{"log":{"entries":[{}${",{}".repeat(2_999_999)}]}}`);
    const result = await run(["diagnose", path, "--format", "json"], { maxHeapMb: 64 });
    expect(result.err).toContain("Only the first 1,000,000 of 3,000,000 HAR entries were read.");
    expect(result.code).toBe(4); // no studio traffic in it
    expect(JSON.parse(result.out)).toMatchObject({ studio: false, findings: [] });
  },
);

// Observations go to the diagnosis as they are read (through a bounded time-order window), so what
// diagnose holds does not grow with the entries: holding every observation ran out of this heap.
test("diagnose reads a HAR of 250,000 real entries within a 48 MB heap", { timeout: 90_000 }, async () => {
  const path = join(dir, "many.har");
  const entry = (i: number) =>
    `{"startedDateTime":"${new Date(Date.UTC(2026, 10, 28, 9) + i).toISOString()}","time":1,"request":{"method":"GET","url":"https://ws${i % 50}.westeurope.api.azureml.ms/x?sig=S${i}"},"response":{"status":0,"_error":"net::ERR_NAME_NOT_RESOLVED"}}`;
  const parts: string[] = [];
  for (let i = 0; i < 250_000; i++) parts.push(entry(i));
  writeFileSync(path, `{"log":{"entries":[${parts.join(",")}]}}`);
  const result = await run(["diagnose", path, "--format", "json"], { maxHeapMb: 48 });
  expect(result.code).toBe(0);
  expect(result.err).not.toContain("out of time order");
  const report = JSON.parse(result.out) as { findings: Array<{ entry: string }>; stats: { observations: number } };
  expect(report.findings.map((f) => f.entry)).toEqual(["api"]);
  expect(report.stats.observations).toBe(250_000);
  expect(result.out).not.toContain("sig=");
});

// dns --from reads a HAR as diagnose does: the same file parsed whole ran out of heap here.
test(
  "dns --from a HAR of 3,000,000 `{}` entries stays within a 64 MB heap and asks no DNS server",
  { timeout: 30_000 },
  async () => {
    const path = join(dir, "wide-dns.har");
    writeFileSync(path, `{"log":{"entries":[{}${",{}".repeat(2_999_999)}]}}`);
    const result = await run(["dns", "--from", path], { maxHeapMb: 64 });
    expect(result.err).toBe(`aml-network-doctor: ${path} names no Azure ML catalog host.\n`);
    expect(result.code).toBe(1);
  },
);

// check --from reads the HAR before anything else; a CA file that is no certificate then stops it
// before any request is sent, so the test needs no network.
test("check --from a HAR of 3,000,000 `{}` entries stays within a 64 MB heap", { timeout: 30_000 }, async () => {
  const path = join(dir, "wide-check.har");
  writeFileSync(path, `{"log":{"entries":[{}${",{}".repeat(2_999_999)}]}}`);
  const ca = join(dir, "not-a-certificate.pem");
  writeFileSync(ca, "not a certificate");
  const result = await run(["check", "--from", path, "--ca", ca], { maxHeapMb: 64 });
  expect(result.err).toMatch(/^aml-network-doctor: [^\n]*not-a-certificate\.pem[^\n]*\n$/);
  expect(result.code).toBe(1);
});
