/**
 * The CLI's `check` on the simulated corporate network of the browser suite (loopback servers and
 * the CONNECT proxy): the whole check's wall time against its slowest host and the sum of all hosts.
 * Checks run concurrently, so the wall time should track the slowest host, not the sum. A
 * black-holed storage account makes the slowest host the timeout.
 */
import { main } from "../../src/cli/main.js";
import { createNodeNetwork } from "../../src/cli/network.js";
import type { CliIo } from "../../src/cli/io.js";
import type { Report } from "../../src/core/report-schema.js";
import { HOSTS, startSimulatedNetwork } from "../../test/browser/harness/network.js";
import type { BenchResult } from "./types.js";

const TIMEOUT_SECONDS = 2;

export async function run(): Promise<BenchResult[]> {
  const net = await startSimulatedNetwork();
  try {
    const served = new Set<string>([
      HOSTS.studio,
      HOSTS.login,
      HOSTS.api,
      HOSTS.notebooks,
      HOSTS.compute,
      HOSTS.storage,
      HOSTS.storageBlackHole,
    ]);
    const proxy = await net.startProxy(
      (host) => (served.has(host) ? "allow" : host === HOSTS.notebooksRefused ? "auth" : "deny"),
      "127.0.0.2",
    );
    const files = new Map([["ca.pem", net.certificates.caCert]]);
    let out = "";
    const io: CliIo = {
      stdout: (text) => void (out += text),
      stderr: () => undefined,
      readFile: async (path) => files.get(path) ?? "",
      fileSize: async (path) => (files.get(path) ?? "").length,
      readChunks: async function* (path) {
        yield files.get(path) ?? "";
      },
      writeFile: async () => undefined,
      now: () => new Date(),
      network: createNodeNetwork({ port: net.https.port }),
    };
    const hosts = [
      HOSTS.api,
      HOSTS.notebooks,
      HOSTS.notebooksRefused,
      HOSTS.compute,
      HOSTS.storage,
      HOSTS.storageBlackHole,
      HOSTS.storageReset,
      HOSTS.apiNoDns,
    ];
    const argv = [
      "check",
      "--ca",
      "ca.pem",
      "--proxy",
      `http://${proxy.address}:${proxy.port}`,
      "--timeout",
      String(TIMEOUT_SECONDS),
      "--format",
      "json",
      ...hosts.flatMap((h) => ["--host", h]),
    ];
    await main(argv, io); // warm-up: TLS contexts, the catalog's matcher
    out = "";
    const start = performance.now();
    await main(argv, io);
    const wall = performance.now() - start;
    const report = JSON.parse(out) as Report;
    const timed = (report.checks ?? []).filter((c) => c.outcome !== "not-checked");
    const slowest = Math.max(...timed.map((c) => c.ms));
    const sum = timed.reduce((total, c) => total + c.ms, 0);
    return [
      { name: `check: whole check, ${timed.length} hosts (CLI through the CONNECT proxy)`, value: wall, unit: "ms" },
      {
        name: "check: its slowest host (a black hole, the timeout)",
        value: slowest,
        unit: "ms",
        note: `--timeout ${TIMEOUT_SECONDS}`,
      },
      { name: "check: the hosts' own times added up (each slowed by the others)", value: sum, unit: "ms" },
      {
        name: "check: whole / slowest host",
        value: wall / slowest,
        unit: "x",
        note: "about 1 when hosts run concurrently",
      },
    ];
  } finally {
    await net.close();
  }
}
