/**
 * `check` against the simulated corporate network of the browser suite (servers only, no browser):
 * through --proxy, through HTTPS_PROXY/NO_PROXY, and through a PAC file that `pac` generated.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getProxyForUrl } from "proxy-from-env";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { main } from "../../src/cli/main.js";
import { createNodeNetwork } from "../../src/cli/network.js";
import { CATALOG } from "../../src/core/catalog/index.js";
import type { Catalog } from "../../src/core/catalog/types.js";
import type { Report } from "../../src/core/report-schema.js";
import { startSimulatedNetwork, HOSTS, type SimulatedNetwork } from "../browser/harness/network.js";
import type { ConnectProxy } from "../browser/harness/connect-proxy.js";
import { fakeIo } from "./fake-io.js";

const IDS = ["studio", "entra-id", "api", "notebooks", "storage", "compute-instance"];
/** The real entries a studio session in West Europe touches, so every host below is planned. */
const CATALOG_SLICE: Catalog = { version: CATALOG.version, entries: CATALOG.entries.filter((e) => IDS.includes(e.id)) };

const POLICY: Record<string, "allow" | "deny" | "auth" | "reset"> = {
  [HOSTS.studio]: "allow",
  [HOSTS.api]: "allow",
  [HOSTS.login]: "auth",
  [HOSTS.notebooks]: "deny",
  [HOSTS.compute]: "deny",
  [HOSTS.storageReset]: "reset",
};
const HOST_FLAGS = [
  "--host",
  HOSTS.api,
  "--host",
  HOSTS.notebooks,
  "--host",
  HOSTS.compute,
  "--host",
  HOSTS.storageReset,
];
/** Exactly these entries are blocked, each for this reason. */
const EXPECTED = [
  "compute-instance: proxy-refused,websocket/ws",
  "entra-id: proxy-auth",
  "notebooks: proxy-refused",
  "storage: connection",
];

function summarize(report: Report): string[] {
  return report.findings
    .map(
      (f) =>
        `${f.entry}: ${[...new Set(f.failures.map((x) => `${x.kind}${x.websocket ? "/ws" : ""}`))].sort().join(",")}`,
    )
    .sort();
}

let net: SimulatedNetwork;
let proxy: ConnectProxy;
let proxyUrl: string;

beforeAll(async () => {
  net = await startSimulatedNetwork();
  proxy = await net.startProxy((host) => POLICY[host] ?? "deny", "127.0.0.2");
  proxyUrl = `http://${proxy.address}:${proxy.port}`;
});
afterAll(async () => {
  await net?.close();
});

async function check(argv: string[], extra: { env?: boolean } = {}) {
  const io = fakeIo({ "ca.pem": net.certificates.caCert });
  // The proxy ignores the port; a DIRECT route reaches the loopback server on its port.
  io.network = createNodeNetwork({ port: net.https.port });
  if (extra.env) io.proxyForUrl = (url) => getProxyForUrl(url);
  const code = await main(["check", "--ca", "ca.pem", "--timeout", "10", ...argv], io, CATALOG_SLICE);
  return { code, out: io.out, err: io.err };
}

describe("check through the simulated corporate proxy", () => {
  test("--proxy: exactly the blocked entries are findings; the rest answered through the proxy", async () => {
    const { code, out, err } = await check(["--proxy", proxyUrl, "--format", "json", ...HOST_FLAGS]);
    expect(err).toBe("");
    expect(code).toBe(3);
    const report = JSON.parse(out) as Report;
    expect(report.source).toBe("check");
    expect(summarize(report)).toEqual(EXPECTED);
    expect(report.reachable.map((r) => r.entry).sort()).toEqual(["api", "studio"]);
    const rows = report.checks!.map((c) => `${c.host}${c.websocket ? " ws" : ""} ${c.outcome}`);
    expect(rows).toEqual([
      `${HOSTS.studio} reachable`,
      `${HOSTS.login} proxy-auth`,
      `${HOSTS.api} reachable`,
      `${HOSTS.notebooks} proxy-refused`,
      `${HOSTS.storageReset} connection`,
      `${HOSTS.compute} proxy-refused`,
      `${HOSTS.compute} ws websocket`,
    ]);
    expect(report.checks!.find((c) => c.host === HOSTS.api)?.address).toBe("127.0.0.2");
    expect(report.checks!.find((c) => c.host === HOSTS.login)?.error).toBe("HTTP 407 from the proxy (CONNECT)");
  });

  test("HTTPS_PROXY and NO_PROXY from the environment: ml.azure.com goes direct (pinned with --resolve), the rest through the proxy", async () => {
    const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY };
    process.env.HTTPS_PROXY = proxyUrl;
    process.env.NO_PROXY = "ml.azure.com";
    try {
      const { code, out } = await check(["--format", "json", "--resolve", `${HOSTS.studio}:127.0.0.1`, ...HOST_FLAGS], {
        env: true,
      });
      expect(code).toBe(3);
      const report = JSON.parse(out) as Report;
      expect(summarize(report)).toEqual(EXPECTED);
      expect(report.checks!.find((c) => c.host === HOSTS.studio)).toMatchObject({
        outcome: "reachable",
        address: "127.0.0.1",
      });
      expect(report.checks!.find((c) => c.host === HOSTS.api)).toMatchObject({
        outcome: "reachable",
        address: "127.0.0.2",
      });
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  test("--pac with a PAC that `pac` generated: the loop closes from the command line", async () => {
    const io = fakeIo();
    const entries = IDS.filter((id) => id !== "studio").join(",");
    expect(
      await main(
        ["pac", "--via", `PROXY ${proxy.address}:${proxy.port}`, "--default", "DIRECT", "--entries", entries],
        io,
        CATALOG_SLICE,
      ),
    ).toBe(0);
    const before = proxy.log.length;
    const io2 = fakeIo({ "ca.pem": net.certificates.caCert, "azureml.pac": io.out });
    io2.network = createNodeNetwork({ port: net.https.port });
    const code = await main(
      [
        "check",
        "--ca",
        "ca.pem",
        "--pac",
        "azureml.pac",
        "--resolve",
        `${HOSTS.studio}:127.0.0.1`,
        "--format",
        "json",
        ...HOST_FLAGS,
      ],
      io2,
      CATALOG_SLICE,
    );
    expect(io2.err).toBe("");
    expect(code).toBe(3);
    const report = JSON.parse(io2.out) as Report;
    expect(summarize(report)).toEqual(EXPECTED);
    // DIRECT for studio (not in --entries), PROXY for every other host.
    expect(report.checks!.find((c) => c.host === HOSTS.studio)).toMatchObject({
      outcome: "reachable",
      address: "127.0.0.1",
    });
    expect(proxy.log.slice(before).map((l) => l.target.split(":")[0])).not.toContain(HOSTS.studio);
  });

  test("a network that lets everything through exits 0, and the text table has a row per host", async () => {
    const open = await net.startProxy(() => "allow", "127.0.0.3");
    const { code, out } = await check([
      "--proxy",
      `http://${open.address}:${open.port}`,
      "--host",
      HOSTS.api,
      "--host",
      HOSTS.compute,
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(/^Entry\s+Host\s+Channel\s+Outcome/);
    for (const host of [HOSTS.studio, HOSTS.login, HOSTS.api, HOSTS.compute]) expect(out).toContain(host);
    expect(out).toContain("not checked: open studio once, or add a host");
    await open.close();
  });

  test("a progress bar goes to standard error only when it is a terminal", async () => {
    const open = await net.startProxy(() => "allow", "127.0.0.3");
    const run = async (tty: boolean) => {
      const io = fakeIo({ "ca.pem": net.certificates.caCert });
      io.network = createNodeNetwork({ port: net.https.port });
      io.stderrIsTTY = tty;
      await main(
        ["check", "--ca", "ca.pem", "--proxy", `http://${open.address}:${open.port}`, "--format", "json"],
        io,
        CATALOG_SLICE,
      );
      JSON.parse(io.out);
      return io.err;
    };
    const onTerminal = await run(true);
    expect(onTerminal).toContain("\r[##############################] 2/2");
    expect(onTerminal.endsWith("\r\x1b[K")).toBe(true);
    expect(await run(false)).toBe("");
    await open.close();
  });

  test("without --ca the test CA is not trusted: tls", async () => {
    const io = fakeIo();
    io.network = createNodeNetwork({ port: net.https.port });
    const code = await main(["check", "--proxy", proxyUrl, "--format", "json"], io, CATALOG_SLICE);
    expect(code).toBe(3);
    const report = JSON.parse(io.out) as Report;
    expect(report.checks!.find((c) => c.host === HOSTS.studio)).toMatchObject({ outcome: "tls" });
  });
});

describe("check: usage and input errors", () => {
  test.each([
    { argv: ["--proxy", "http://p:1", "--pac", "x.pac"], code: 2, message: "not both" },
    { argv: ["--resolve", "ml.azure.com"], code: 2, message: "--resolve needs HOST:ADDRESS" },
    { argv: ["--host", "www.example.com"], code: 2, message: "not an Azure ML host" },
    { argv: ["--timeout", "0"], code: 2, message: "--timeout" },
    { argv: ["--cloud", "mars"], code: 2, message: "--cloud" },
    { argv: ["--from", "missing.json"], code: 1, message: "cannot read --from file missing.json" },
    { argv: ["--from", "bad.json"], code: 1, message: "neither a report" },
    { argv: ["--pac", "socks.pac"], code: 1, message: "DIRECT and PROXY routes only" },
    { argv: ["--pac", "broken.pac"], code: 1, message: "broken.pac" },
  ])("$argv exits $code: $message", async ({ argv, code, message }) => {
    const io = fakeIo({
      "bad.json": "{",
      "socks.pac": 'function FindProxyForURL(url, host) { return "SOCKS5 127.0.0.1:1080"; }',
      "broken.pac": "function FindProxyForURL(url, host) { return nope(; }",
    });
    io.network = createNodeNetwork();
    expect(await main(["check", ...argv], io, CATALOG_SLICE)).toBe(code);
    expect(io.err).toContain(message);
    expect(io.err.trim().split("\n").length).toBeLessThanOrEqual(2);
  });

  test("--from under --lang ja: a HAR over the limit and a file that is neither are refused in Japanese", async () => {
    const io = fakeIo({ "huge.har": "{}", "bad.json": "{" });
    io.network = createNodeNetwork();
    io.fileSize = async (path) => (path === "huge.har" ? 600 * 1024 * 1024 : 1);
    expect(await main(["check", "--from", "huge.har", "--lang", "ja"], io, CATALOG_SLICE)).toBe(1);
    expect(io.err).toBe(
      "aml-network-doctor: huge.har は 600 MB あり、上限の 512 MB を超えています。失敗するページだけの HAR を保存し直してください（[ネットワーク] パネルをクリアしてからページを再読み込みし、[すべて HAR として保存]）。\n",
    );
    io.err = "";
    expect(await main(["check", "--from", "bad.json", "--lang", "ja"], io, CATALOG_SLICE)).toBe(1);
    expect(io.err).toBe("aml-network-doctor: bad.json はレポート（JSON）でも HAR ファイルでもありません\n");
  });

  test("--from a report adds its wildcard hosts to the plan", async () => {
    const open = await net.startProxy(() => "allow", "127.0.0.3");
    const io = fakeIo({
      "ca.pem": net.certificates.caCert,
      "report.json": JSON.stringify({ findings: [{ hosts: [HOSTS.api, "www.example.com"] }] }),
    });
    io.network = createNodeNetwork({ port: net.https.port });
    expect(
      await main(
        [
          "check",
          "--ca",
          "ca.pem",
          "--proxy",
          `http://${open.address}:${open.port}`,
          "--from",
          "report.json",
          "--format",
          "json",
        ],
        io,
        CATALOG_SLICE,
      ),
    ).toBe(0);
    const report = JSON.parse(io.out) as Report;
    expect(report.checks!.filter((c) => c.entry === "api").map((c) => `${c.host} ${c.outcome}`)).toEqual([
      `${HOSTS.api} reachable`,
    ]);
    await open.close();
  });
});

const BUILT = new URL("../../dist/cli/aml-network-doctor.js", import.meta.url);

describe.skipIf(!existsSync(BUILT))("the built CLI (dist/cli, after npm run build)", () => {
  test("check --pac runs the PAC in the bundled QuickJS and exits 3 on the blocked entries", async () => {
    const dir = await mkdtemp(join(tmpdir(), "and-check-"));
    try {
      const pac = `function FindProxyForURL(url, host) { return "PROXY ${proxy.address}:${proxy.port}"; }`;
      await writeFile(join(dir, "all.pac"), pac);
      await writeFile(join(dir, "ca.pem"), net.certificates.caCert);
      const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [
            BUILT.pathname,
            "check",
            "--pac",
            join(dir, "all.pac"),
            "--ca",
            join(dir, "ca.pem"),
            "--format",
            "json",
            ...HOST_FLAGS,
          ],
          { env: { PATH: process.env.PATH ?? "" } },
          (error, stdout, stderr) =>
            resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(3);
      const report = JSON.parse(result.stdout) as Report;
      // The whole public catalog is planned here; the hosts of the simulated network behave as above.
      const outcome = (host: string, ws = false) =>
        report.checks!.find((c) => c.host === host && c.websocket === ws)?.outcome;
      expect([
        outcome(HOSTS.studio),
        outcome(HOSTS.login),
        outcome(HOSTS.notebooks),
        outcome(HOSTS.compute, true),
      ]).toEqual(["reachable", "proxy-auth", "proxy-refused", "websocket"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
