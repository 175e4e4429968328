import { parse } from "acorn";
import { runInNewContext } from "node:vm";
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli/main.js";
import { CATALOG } from "../../src/core/catalog/index.js";
import { TOOL_VERSION } from "../../src/version.js";
import { fakeIo } from "./fake-io.js";

async function run(argv: string[], files: Record<string, string> = {}) {
  const io = fakeIo(files);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err, files: io.files };
}

function findProxy(pac: string): (url: string, host: string) => string {
  const sandbox: Record<string, unknown> = {};
  runInNewContext(pac, sandbox);
  return sandbox.FindProxyForURL as (url: string, host: string) => string;
}

test("the version matches package.json", () => {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  expect(TOOL_VERSION).toBe(pkg.version);
});

describe("exit codes and messages", () => {
  test.each([
    { argv: [], code: 2 },
    { argv: ["--help"], code: 0 },
    { argv: ["--version"], code: 0 },
    { argv: ["pac", "--help"], code: 0 },
    { argv: ["hosts", "--help"], code: 0 },
    { argv: ["diagnose", "--help"], code: 0 },
  ])("$argv exits $code and prints to stdout", async ({ argv, code }) => {
    const result = await run(argv);
    expect(result.code).toBe(code);
    expect(result.out.length).toBeGreaterThan(0);
  });

  test.each([
    { argv: ["frobnicate"], message: 'unknown command "frobnicate"' },
    { argv: ["pac"], message: "pac needs --via" },
    { argv: ["pac", "--via", 'PROXY a:1"; alert(1); "'], message: "--via: bad or missing port" },
    { argv: ["pac", "--via", "PROXY a:1\nfunction x(){}"], message: "control or non-ASCII character" },
    { argv: ["pac", "--via", "DIRECT", "--default", "SOCKS9 a:1"], message: '--default: unknown route "SOCKS9"' },
    {
      argv: ["pac", "--via", "DIRECT", "--wrap", "corp.pac", "--default", "DIRECT"],
      message: "--wrap and --default cannot be used together",
    },
    {
      argv: ["pac", "--via", "DIRECT", "--cloud", "mars"],
      message: "--cloud must be one of public, usgov, china, all",
    },
    { argv: ["pac", "--via", "DIRECT", "--entries", "studio,nope"], message: "unknown entry id: nope" },
    {
      argv: ["pac", "--via", "DIRECT", "--entries", "studio", "--cloud", "usgov"],
      message: "--entries names the entries exactly",
    },
    { argv: ["pac", "--via", "DIRECT", "--bogus"], message: "Unknown option '--bogus'" },
    {
      argv: ["hosts", "--format", "xml"],
      message:
        "--format must be one of text, csv, json, markdown, squid, azure-firewall, bicep, terraform, paloalto, zscaler, proxy-bypass, table",
    },
    { argv: ["hosts", "--lang", "fr"], message: "--lang must be one of en, ja" },
    { argv: ["diagnos", "x.har"], message: 'unknown command "diagnos": did you mean "diagnose"?' },
    {
      argv: ["pac", "--via", "DIRECT", "--entries", "notebook"],
      message: 'unknown entry id: notebook (did you mean "notebooks"?); valid ids: studio, entra-id,',
    },
    { argv: ["frobnicate"], message: 'Try "aml-network-doctor --help".' },
    {
      argv: ["pac", "--via", "DIRECT", "--clould", "all"],
      message: "Unknown option '--clould' (did you mean --cloud?)",
    },
    { argv: ["pac", "--via", "proxy.contoso.com:8080"], message: 'did you mean "PROXY proxy.contoso.com:8080"?' },
    {
      argv: ["hosts", "--lang", "ja", "--bogus"],
      message: "使い方は「aml-network-doctor hosts --help」で確認できます。",
    },
    {
      argv: ["hosts", "--lang", "ja", "--formt", "csv"],
      message: "不明なオプションです: --formt（--format のことですか?）",
    },
    {
      argv: ["hosts", "--lang", "ja", "--format", "xml"],
      message:
        "--format には text、csv、json、markdown、squid、azure-firewall、bicep、terraform、paloalto、zscaler、proxy-bypass、table のいずれかを指定してください",
    },
    { argv: ["diagnose", "--lang", "ja"], message: "HAR ファイルを指定してください" },
    { argv: ["diagnos", "--lang", "ja"], message: '不明なコマンドです: "diagnos"（「diagnose」のことですか?）' },
  ])("$argv is a usage error: $message", async ({ argv, message }) => {
    const result = await run(argv, { "corp.pac": "function FindProxyForURL(){return 'DIRECT';}" });
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
    expect(result.err.split("\n")[0]).not.toMatch(/\bat .*\(.*:\d+:\d+\)/); // no stack trace
    expect(result.out).toBe("");
    expect([...result.files.keys()]).toEqual(["corp.pac"]); // wrote nothing
  });

  test.each([
    { name: "a missing file", files: {} as Record<string, string>, message: "cannot read --wrap file corp.pac" },
    {
      name: "broken JavaScript",
      files: { "corp.pac": "function FindProxyForURL(url, host) { return 'DIRECT'" },
      message: "corp.pac is not valid JavaScript",
    },
    {
      name: "ES2015 syntax",
      files: { "corp.pac": "const FindProxyForURL = (url, host) => 'DIRECT';" },
      message: "newer than ES5",
    },
    { name: "no FindProxyForURL", files: { "corp.pac": "var x = 1;" }, message: "defines no FindProxyForURL" },
    {
      name: "FindProxyForURL only in a comment",
      files: { "corp.pac": "// function FindProxyForURL(url, host) {}\nvar x = 'FindProxyForURL';" },
      message: "defines no FindProxyForURL",
    },
    {
      name: "FindProxyForURL only inside another function",
      files: { "corp.pac": "function f() { function FindProxyForURL() { return 'DIRECT'; } }" },
      message: "defines no FindProxyForURL",
    },
    {
      name: "a write to our route",
      files: { "corp.pac": "AMLND_VIA = 'PROXY evil:1'; function FindProxyForURL() { return 'DIRECT'; }" },
      message: "uses the name AMLND_VIA",
    },
    {
      name: "a write to the global FindProxyForURL",
      files: { "corp.pac": "function FindProxyForURL() { this['FindProxyForURL'] = null; return 'DIRECT'; }" },
      message: "assigns this.FindProxyForURL",
    },
  ])("--wrap with $name fails with exit 1 and writes nothing", async ({ files, message }) => {
    const result = await run(["pac", "--via", "DIRECT", "--wrap", "corp.pac", "--out", "out.pac"], files);
    expect(result.code).toBe(1);
    expect(result.err).toContain(message);
    expect(result.err.trim().split("\n")).toHaveLength(1);
    expect(result.files.has("out.pac")).toBe(false);
  });
});

describe("--out into a directory that does not exist", () => {
  test.each([
    { argv: ["pac", "--via", "DIRECT", "--out", "/nonexistent/azureml.pac"], target: "/nonexistent/azureml.pac" },
    { argv: ["hosts", "--out", "/nonexistent/hosts.txt"], target: "/nonexistent/hosts.txt" },
    { argv: ["diagnose", "session.har", "--out", "/nonexistent/report.md"], target: "/nonexistent/report.md" },
  ])("$argv.0 says it cannot write $target, in one line, and exits 1", async ({ argv, target }) => {
    const session =
      '{"log":{"entries":[{"startedDateTime":"2026-11-28T09:00:00.000Z","request":{"url":"https://ml.azure.com/"},"response":{"status":200}}]}}';
    const result = await run(argv, { "session.har": session });
    expect(result.code).toBe(1);
    expect(result.err).toBe(`aml-network-doctor: cannot write ${target}: ENOENT: no such file or directory\n`);
    expect(result.out).toBe("");
  });
});

describe("pac", () => {
  test("routes the default browser set to --via and the rest to --default", async () => {
    const result = await run([
      "pac",
      "--via",
      "PROXY azproxy.contoso.com:8080",
      "--default",
      "PROXY corp.contoso.com:3128",
    ]);
    expect(result.code).toBe(0);
    expect(() => parse(result.out, { ecmaVersion: 5 })).not.toThrow();
    const find = findProxy(result.out);
    expect(find("https://ml.azure.com/", "ml.azure.com")).toBe("PROXY azproxy.contoso.com:8080");
    expect(find("wss://ci1.westeurope.instances.azureml.ms/", "ci1.westeurope.instances.azureml.ms")).toBe(
      "PROXY azproxy.contoso.com:8080",
    );
    expect(find("https://www.example.com/", "www.example.com")).toBe("PROXY corp.contoso.com:3128");
    expect(find("https://ml.azure.us/", "ml.azure.us")).toBe("PROXY corp.contoso.com:3128"); // public cloud by default
  });

  test("every example host of every selected entry goes to --via, for each cloud", async () => {
    for (const cloud of ["public", "usgov", "china"] as const) {
      const result = await run(["pac", "--via", "PROXY via.contoso.com:1", "--cloud", cloud, "--include-compute"]);
      const find = findProxy(result.out);
      const selected = CATALOG.entries.filter((e) => !e.legacy && e.clouds.includes(cloud));
      expect(selected.length).toBeGreaterThan(5);
      for (const entry of selected) {
        for (const host of entry.examples)
          expect(find(`https://${host}/`, host), `${cloud} ${entry.id} ${host}`).toBe("PROXY via.contoso.com:1");
      }
    }
  });

  test("--entries names exactly the entries used", async () => {
    const result = await run(["pac", "--via", "DIRECT", "--default", "PROXY p:1", "--entries", "compute-instance"]);
    const find = findProxy(result.out);
    expect(find("wss://ci1.westeurope.instances.azureml.ms/", "ci1.westeurope.instances.azureml.ms")).toBe("DIRECT");
    expect(find("https://ml.azure.com/", "ml.azure.com")).toBe("PROXY p:1");
  });

  test("is byte-for-byte stable; --stamp adds the time", async () => {
    const a = await run(["pac", "--via", "DIRECT"]);
    const b = await run(["pac", "--via", "DIRECT"]);
    expect(a.out).toBe(b.out);
    const stamped = await run(["pac", "--via", "DIRECT", "--stamp"]);
    expect(stamped.out).toContain("Generated at 2026-11-28T09:30:00.000Z");
  });

  test("--out writes the file and says so on stderr", async () => {
    const result = await run(["pac", "--via", "DIRECT", "--out", "azureml.pac"]);
    expect(result.code).toBe(0);
    expect(result.out).toBe("");
    expect(result.files.get("azureml.pac")).toContain("function FindProxyForURL");
    expect(result.err).toContain("wrote azureml.pac");
  });

  test("--wrap delegates every other host to the corporate PAC", async () => {
    const corporate =
      "function FindProxyForURL(url, host) { return isPlainHostName(host) ? 'DIRECT' : 'PROXY corp:3128'; }";
    const result = await run(["pac", "--via", "PROXY az:8080", "--wrap", "/etc/corp.pac"], {
      "/etc/corp.pac": corporate,
    });
    expect(result.code).toBe(0);
    const sandbox: Record<string, unknown> = { isPlainHostName: (h: string) => !h.includes(".") };
    runInNewContext(result.out, sandbox);
    const find = sandbox.FindProxyForURL as (u: string, h: string) => string;
    expect(find("https://ml.azure.com/", "ml.azure.com")).toBe("PROXY az:8080");
    expect(find("https://intranet/", "intranet")).toBe("DIRECT");
    expect(find("https://www.example.com/", "www.example.com")).toBe("PROXY corp:3128");
    expect(result.out).toContain("corp.pac");
    expect(result.out).not.toContain("/etc/"); // the header names the file, not the path
  });

  test.each([
    {
      title: "no-break spaces between tokens (pasted from a document)",
      corporate: 'function FindProxyForURL(url, host) {\u00a0return\u00a0"PROXY corp:3128";\u3000}',
    },
    {
      title: "a U+2028 line separator ending a line comment",
      corporate: 'function FindProxyForURL(url, host) { // Tokyo office \u6771\u4eac\u2028return "PROXY corp:3128"; }',
    },
    {
      title: "Japanese in strings and comments",
      corporate:
        '/* \u4f1a\u793e */ function FindProxyForURL(url, host) { var s = "\u00e9\u00a0"; return s.length === 2 ? "PROXY corp:3128" : "DIRECT"; }',
    },
  ])("--wrap keeps a corporate PAC with non-ASCII text working, as ASCII ES5: $title", async ({ corporate }) => {
    const result = await run(["pac", "--via", "PROXY az:8080", "--wrap", "corp.pac"], { "corp.pac": corporate });
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^[\x00-\x7e]*$/);
    expect(() => parse(result.out, { ecmaVersion: 5, sourceType: "script" })).not.toThrow();
    const find = findProxy(result.out);
    expect(find("https://ml.azure.com/", "ml.azure.com")).toBe("PROXY az:8080");
    expect(find("https://www.example.com/", "www.example.com")).toBe("PROXY corp:3128");
  });
});

describe("hosts", () => {
  test("text is one pattern a line (and # comment lines), the same set pac routes", async () => {
    const result = await run(["hosts"]);
    const lines = result.out
      .trim()
      .split("\n")
      .filter((line) => !line.startsWith("#"));
    expect(lines).toContain("ml.azure.com");
    expect(lines).toContain("*.instances.azureml.ms");
    expect(new Set(lines).size).toBe(lines.length);
    const pac = findProxy((await run(["pac", "--via", "PROXY v:1"])).out);
    for (const pattern of lines) {
      const host = pattern.startsWith("*.") ? `x.${pattern.slice(2)}` : pattern;
      expect(pac(`https://${host}/`, host), pattern).toBe("PROXY v:1");
    }
  });

  test("squid gives acl lines with .x for *.x and no overlapping names", async () => {
    const result = await run(["hosts", "--format", "squid", "--include-compute"]);
    const acl = result.out.split("\n").filter((line) => line.startsWith("acl "));
    expect(acl).toContain("acl azureml dstdomain ml.azure.com");
    const domains = acl.map((line) => line.split(" ")[3]!);
    for (const d of domains) {
      const name = d.replace(/^\./, "");
      const covered = domains.filter((w) => w !== d && w.startsWith(".") && (name === w.slice(1) || name.endsWith(w)));
      expect(covered, d).toEqual([]);
    }
  });

  test.each(["csv", "json", "markdown"] as const)("%s speaks Japanese with --lang ja", async (format) => {
    const en = await run(["hosts", "--format", format]);
    const ja = await run(["hosts", "--format", format, "--lang", "ja"]);
    expect(en.code).toBe(0);
    expect(ja.out).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(en.out).not.toMatch(/[\u3040-\u30ff]/);
  });

  test("csv and markdown give each row the ports of its own pattern, never another pattern's", async () => {
    const csv = (await run(["hosts", "--format", "csv", "--cloud", "all", "--include-compute"])).out;
    const rows = csv
      .trim()
      .split("\r\n")
      .slice(1)
      .map((line) => line.split(","));
    const portsOf = (pattern: string) => rows.find((row) => row[0] === pattern)?.[1];
    expect(portsOf("*.file.core.windows.net")).toBe("tcp/443 tcp/445");
    expect(portsOf("*.blob.core.windows.net")).toBe("tcp/443");
    expect(portsOf("*.instances.azureml.ms")).toBe("tcp/443 tcp/8704-8710 tcp/8787 tcp/18881");
    expect(portsOf("*.instances.azureml.net")).toBe("tcp/443");
    expect(portsOf("update.code.visualstudio.com")).toBe("tcp/443");
    expect(portsOf("archive.ubuntu.com")).toBe("tcp/80");
    expect(portsOf("*.kusto.windows.net")).toBe("tcp/443");
    for (const row of rows) {
      if (row[1]!.includes("tcp/445")) expect(row[0]).toMatch(/^\*\.file\.core\./);
      if (row[1]!.includes("tcp/8704-8710") || row[1]!.includes("tcp/8787")) expect(row[0]).toMatch(/^\*\.instances\./);
    }
    const markdown = (await run(["hosts", "--format", "markdown"])).out;
    expect(markdown).toContain("| `*.instances.azureml.net` | tcp/443 | yes | compute-instance |");
    expect(markdown).toContain(
      "| `*.file.core.windows.net` | tcp/443, tcp/445 (file shares from compute only) | no | storage |",
    );
  });

  test("json gives each entry's ports per pattern", async () => {
    const doc = JSON.parse((await run(["hosts", "--format", "json"])).out) as {
      entries: Array<{ id: string; ports: string[]; patternPorts: Record<string, string[]> }>;
    };
    const storage = doc.entries.find((e) => e.id === "storage")!;
    expect(storage.ports).toEqual(["tcp/443", "tcp/445"]);
    expect(storage.patternPorts).toEqual({
      "*.blob.core.windows.net": ["tcp/443"],
      "*.file.core.windows.net": ["tcp/443", "tcp/445"],
      "*.dfs.core.windows.net": ["tcp/443"],
    });
  });

  test("legacy entries stay out unless named, and the catch-all *.windows.net only with --entries", async () => {
    const lines = (await run(["hosts", "--cloud", "all", "--include-compute"])).out.trim().split("\n");
    expect(lines).not.toContain("*.windows.net");
    expect((await run(["hosts", "--entries", "windows-net"])).out).toBe(
      "# legacy (windows-net): Not needed today; the specific *.core.windows.net entries replace it\n*.windows.net\n",
    );
  });

  test("json lists the selected entries with their ports and WebSocket flag", async () => {
    const doc = JSON.parse((await run(["hosts", "--format", "json"])).out) as {
      entries: Array<{ id: string; websocket: boolean; ports: string[] }>;
    };
    const ci = doc.entries.find((e) => e.id === "compute-instance");
    expect(ci?.websocket).toBe(true);
    expect(ci?.ports).toContain("tcp/443");
  });
});

test("the usage hint names a command only when it is one, so a raw argument never reaches the terminal", async () => {
  const unknown = await run(["\u001b[31mred"]);
  expect(unknown.code).toBe(2);
  expect(unknown.err).not.toContain("\u001b");
  expect(unknown.err.split("\n")[1]).toBe('Try "aml-network-doctor --help".');
  const known = await run(["pac"]);
  expect(known.err.split("\n")[1]).toBe('Try "aml-network-doctor pac --help".');
});
