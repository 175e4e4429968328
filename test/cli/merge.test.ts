import { describe, expect, test } from "vitest";
import { main } from "../../src/cli/main.js";
import { CATALOG } from "../../src/core/catalog/index.js";
import { FLEET_LIMITS, FLEET_SCHEMA, emptyFleet, fleetDocument, foldReport, type Fleet } from "../../src/core/fleet.js";
import { buildHar, chromeEntry } from "../fixtures/har/build-har.js";
import { fakeIo } from "./fake-io.js";

async function run(argv: string[], files: Record<string, string>) {
  const io = fakeIo(files);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

/** A real report, as `diagnose --format json` writes it for a HAR with these entries. */
async function reportOf(entries: Array<Record<string, unknown>>): Promise<string> {
  const result = await run(["diagnose", "s.har", "--format", "json"], { "s.har": buildHar(entries) });
  expect(result.code).toBe(0);
  return result.out;
}

const ALICE = () =>
  reportOf([
    chromeEntry({ url: "https://ml.azure.com/", resourceType: "document", status: 200 }),
    chromeEntry({
      url: "https://westeurope.api.azureml.ms/history?sig=SECRET",
      error: "net::ERR_NAME_NOT_RESOLVED",
      at: 10,
    }),
    chromeEntry({ url: "https://unknown.example.org/x?code=SECRET", error: "net::ERR_CONNECTION_RESET", at: 30 }),
  ]);
const BOB = () =>
  reportOf([
    chromeEntry({ url: "https://eastus.api.azureml.ms/a", error: "net::ERR_CERT_AUTHORITY_INVALID", at: 5_000 }),
    chromeEntry({
      url: "https://mystorage.blob.core.windows.net/c/b?sig=SECRET",
      error: "net::ERR_TUNNEL_CONNECTION_FAILED",
      at: 6_000,
    }),
  ]);

/** A report someone edited by hand: paths, tokens and unknown ids where names and ids belong. */
const HOSTILE = JSON.stringify({
  schema: "aml-network-doctor/report@1",
  generatedAt: "2026-11-28T09:00:00.000Z",
  tool: { name: "aml-network-doctor", version: "0.1.0" },
  lang: "en",
  catalogVersion: "2026-12-01",
  findings: [
    {
      entry: "api",
      patterns: ["*.azureml.ms"],
      purpose: "PURPOSE-TEXT",
      ports: ["tcp/443"],
      websocket: false,
      hosts: ["https://evil.example/path?sig=SECRET", "Japaneast.API.azureml.ms", "10.0.0.1", "stray.example.com"],
      failures: [
        {
          host: "japaneast.api.azureml.ms",
          kind: "timeout",
          websocket: false,
          error: "Bearer SECRET",
          count: 1,
          firstSeen: "2026-11-01T00:00:00Z",
          lastSeen: "not a date",
        },
        {
          host: "japaneast.api.azureml.ms",
          kind: "<script>",
          websocket: false,
          error: "x",
          count: 1,
          firstSeen: "2020-01-01T00:00:00Z",
          lastSeen: "2020-01-01T00:00:00Z",
        },
      ],
      advice: "ADVICE-TEXT",
    },
    {
      entry: "no-such-entry",
      hosts: ["x.example.com"],
      failures: [{ kind: "dns", firstSeen: "2026-11-01T00:00:00Z", lastSeen: "2026-11-01T00:00:00Z" }],
    },
  ],
  unmatched: [
    { host: "user:pass@bad host/with path", failures: [] },
    {
      host: "Other.Example.NET",
      failures: [{ kind: "dns", firstSeen: "2026-11-02T00:00:00Z", lastSeen: "2026-11-03T00:00:00Z" }],
    },
  ],
  reachable: [],
});

describe("aml-network-doctor merge", () => {
  test("--format json folds the reports into the fleet@1 document and lists what it skipped", async () => {
    const files = {
      "alice.json": await ALICE(),
      "bob.json": await BOB(),
      "carol.json": await ALICE(),
      "notes.txt": "hello",
      "other.json": '{"schema":"something/else@1"}',
    };
    const result = await run(
      ["merge", "alice.json", "bob.json", "carol.json", "notes.txt", "other.json", "gone.json", "--format", "json"],
      files,
    );
    expect(result.code).toBe(0);
    const fleet = JSON.parse(result.out) as Fleet;
    expect(fleet.schema).toBe(FLEET_SCHEMA);
    expect(fleet.reports).toBe(3);
    expect(fleet.skipped).toEqual([
      { file: "notes.txt", reason: "not JSON" },
      { file: "other.json", reason: 'not an aml-network-doctor report (schema "something/else@1")' },
      { file: "gone.json", reason: "cannot read: ENOENT: no such file or directory" },
    ]);
    expect(result.err.trim().split("\n")).toEqual([
      "aml-network-doctor: skipped notes.txt: not JSON",
      'aml-network-doctor: skipped other.json: not an aml-network-doctor report (schema "something/else@1")',
      "aml-network-doctor: skipped gone.json: cannot read: ENOENT: no such file or directory",
    ]);
    const api = fleet.entries.find((e) => e.entry === "api")!;
    expect(api.reports).toBe(3);
    expect(api.kinds).toEqual({ dns: 2, tls: 1 });
    expect(api.hosts).toEqual(["westeurope.api.azureml.ms", "eastus.api.azureml.ms"]);
    // The reports' own failure times (request start plus its 12.5 ms), earliest and latest over all three.
    expect(api.firstSeen).toBe("2026-11-28T09:00:00.022Z");
    expect(api.lastSeen).toBe("2026-11-28T09:00:05.012Z");
    expect(fleet.entries[0]!.entry).toBe("api");
    const storage = fleet.entries.find((e) => e.entry === "storage")!;
    expect(storage).toMatchObject({
      reports: 1,
      kinds: { "proxy-refused": 1 },
      hosts: ["mystorage.blob.core.windows.net"],
    });
    expect(fleet.unmatched).toEqual([
      expect.objectContaining({ host: "unknown.example.org", reports: 2, kinds: { connection: 2 } }),
    ]);
    expect(result.out).not.toMatch(/SECRET|sig=|code=|\/history/);
  });

  test("takes only checked names, ids, kinds and times from a report, never its prose or errors", async () => {
    const result = await run(["merge", "h.json", "--format", "json"], { "h.json": HOSTILE });
    expect(result.code).toBe(0);
    const fleet = JSON.parse(result.out) as Fleet;
    expect(fleet.entries).toEqual([
      {
        entry: "api",
        reports: 1,
        kinds: { timeout: 1 },
        hosts: ["japaneast.api.azureml.ms"],
        firstSeen: "2026-11-01T00:00:00.000Z",
      },
    ]);
    expect(fleet.unmatched).toEqual([
      {
        host: "other.example.net",
        reports: 1,
        kinds: { dns: 1 },
        firstSeen: "2026-11-02T00:00:00.000Z",
        lastSeen: "2026-11-03T00:00:00.000Z",
      },
    ]);
    expect(result.out).not.toMatch(/SECRET|PURPOSE-TEXT|ADVICE-TEXT|script|evil|stray|https|no-such-entry|10\.0\.0\.1/);
  });

  test.each([
    { format: "markdown", has: "## Azure Machine Learning endpoints blocked across reports" },
    // An entry's row names it for people, the id beside it for scripts.
    { format: "markdown", has: "| Azure Machine Learning API (`api`) | 2 |" },
    { format: "csv", has: "type,name,reports,kinds,first_seen,last_seen,hosts\r\nentry,api,2," },
    { format: "text", has: "2 reports merged." },
  ])("--format $format gives one table", async ({ format, has }) => {
    const result = await run(["merge", "a.json", "b.json", "--format", format], {
      "a.json": await ALICE(),
      "b.json": await BOB(),
    });
    expect(result.code).toBe(0);
    expect(result.out).toContain(has);
  });

  test("--lang ja writes Japanese headings", async () => {
    const result = await run(["merge", "a.json", "--lang", "ja"], { "a.json": await ALICE() });
    expect(result.out).toContain("1 件のレポートを集計しました");
    expect(result.out).toContain("| エントリ | レポート数 |");
  });

  test("--lang ja: skipped files are named with Japanese reasons, on stderr and in the table; JSON stays English", async () => {
    const files = {
      "a.json": await ALICE(),
      "notes.txt": "hello",
      "other.json": '{"schema":"something/else@1"}',
      "old.json": '{"schema":"aml-network-doctor/report@1"}',
    };
    const argv = ["merge", "a.json", "notes.txt", "other.json", "old.json", "gone.json", "--lang", "ja"];
    const result = await run(argv, files);
    expect(result.code).toBe(0);
    expect(result.err.trim().split("\n")).toEqual([
      "aml-network-doctor: notes.txt を読み飛ばしました: JSON ではありません",
      'aml-network-doctor: other.json を読み飛ばしました: aml-network-doctor のレポートではありません（schema "something/else@1"）',
      "aml-network-doctor: old.json を読み飛ばしました: findings または unmatched の項目がありません",
      "aml-network-doctor: gone.json を読み飛ばしました: 読み込めません: ENOENT: no such file or directory",
    ]);
    expect(result.out).toContain("1 件のレポートを集計しました（4 件のファイルは読み飛ばしました）。");
    expect(result.out).toContain("- `notes.txt`: JSON ではありません");
    const json = JSON.parse((await run([...argv, "--format", "json"], files)).out) as Fleet;
    expect(json.skipped[0]).toEqual({ file: "notes.txt", reason: "not JSON" });
  });

  test.each([
    { argv: ["merge"], code: 2, message: "merge needs at least one JSON report" },
    {
      argv: ["merge", "a.json", "--format", "xml"],
      code: 2,
      message: "--format must be one of markdown, csv, json, text",
    },
    { argv: ["merge", "a.json", "--lang", "fr"], code: 2, message: "--lang must be one of en, ja" },
    { argv: ["merge", "bad.txt"], code: 1, message: "none of the 1 file(s) is an aml-network-doctor JSON report" },
  ])("$argv exits $code", async ({ argv, code, message }) => {
    const result = await run(argv, { "a.json": "{}", "bad.txt": "x" });
    expect(result.code).toBe(code);
    expect(result.err).toContain(message);
  });

  test("--out writes the file", async () => {
    const io = fakeIo({ "a.json": await ALICE() });
    expect(await main(["merge", "a.json", "--out", "fleet.md"], io)).toBe(0);
    expect(io.files.get("fleet.md")).toContain("api");
    expect(io.out).toBe("");
  });
});

describe("the fleet fold", () => {
  test("thousands of reports with distinct hosts stay within the limits, and the counts stay exact", () => {
    const state = emptyFleet();
    const n = 3000;
    for (let i = 0; i < n; i++) {
      const report = {
        schema: "aml-network-doctor/report@1",
        findings: [
          {
            entry: "api",
            hosts: [`ws${i}.westeurope.api.azureml.ms`],
            failures: [
              {
                kind: i % 2 ? "dns" : "tls",
                firstSeen: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
                lastSeen: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
              },
            ],
          },
        ],
        unmatched: [{ host: `h${i}.example.com`, failures: [{ kind: "timeout" }] }],
      };
      foldReport(state, `r${i}.json`, JSON.stringify(report), CATALOG);
      foldReport(state, `junk${i}.txt`, "junk", CATALOG);
    }
    const fleet = fleetDocument(state);
    expect(fleet.reports).toBe(n);
    const api = fleet.entries[0]!;
    expect(api.reports).toBe(n);
    expect(api.kinds).toEqual({ dns: n / 2, tls: n / 2 });
    expect(api.hosts).toHaveLength(FLEET_LIMITS.hostsPerEntry);
    expect(api.moreHosts).toBe(n - FLEET_LIMITS.hostsPerEntry);
    expect(api.firstSeen).toBe("2026-01-01T00:00:00.000Z");
    expect(api.lastSeen).toBe(new Date(Date.UTC(2026, 0, 1) + (n - 1) * 60_000).toISOString());
    expect(fleet.unmatched).toHaveLength(FLEET_LIMITS.unmatchedHosts);
    expect(fleet.moreUnmatched).toBe(n - FLEET_LIMITS.unmatchedHosts);
    expect(fleet.skipped).toHaveLength(FLEET_LIMITS.skippedFiles);
    expect(fleet.moreSkipped).toBe(n - FLEET_LIMITS.skippedFiles);
  });

  test("a report naming an entry in two findings counts once", () => {
    const state = emptyFleet();
    const finding = { entry: "api", hosts: ["a.api.azureml.ms"], failures: [{ kind: "dns" }] };
    foldReport(
      state,
      "r.json",
      JSON.stringify({ schema: "aml-network-doctor/report@1", findings: [finding, finding], unmatched: [] }),
      CATALOG,
    );
    expect(fleetDocument(state).entries).toEqual([
      { entry: "api", reports: 1, kinds: { dns: 1 }, hosts: ["a.api.azureml.ms"] },
    ]);
  });
});
