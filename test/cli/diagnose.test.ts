import { describe, expect, test } from "vitest";
import { runDiagnose } from "../../src/cli/commands/diagnose.js";
import { InputError, UsageError } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { CATALOG } from "../../src/core/catalog/index.js";
import { MAX_HAR_BYTES } from "../../src/core/har.js";
import { buildHar, chromeEntry } from "../fixtures/har/build-har.js";
import { fakeIo } from "./fake-io.js";

const CONTEXT = { catalog: CATALOG, toolVersion: "0.1.0" };
const HAR = buildHar([
  chromeEntry({ url: "https://ml.azure.com/", resourceType: "document", status: 200 }),
  chromeEntry({
    url: "https://westeurope.api.azureml.ms/history?sig=SECRET",
    error: "net::ERR_NAME_NOT_RESOLVED",
    at: 10,
  }),
  chromeEntry({
    url: "wss://ci1.westeurope.instances.azureml.ms/t?token=TOKEN",
    resourceType: "websocket",
    error: "net::ERR_FAILED",
    at: 20,
  }),
]);

describe("aml-network-doctor diagnose", () => {
  test.each([
    { format: undefined, starts: "# Azure Machine Learning: the network blocks 2 endpoints\n" },
    { format: "markdown", starts: "# Azure Machine Learning: the network blocks 2 endpoints\n" },
    { format: "json", starts: '{\n  "schema": "aml-network-doctor/report@1",' },
    { format: "csv", starts: "status,entry,host,websocket,kind," },
    { format: "text", starts: "Azure Machine Learning: the network blocks 2 endpoints\n" },
  ])("--format $format prints the report", async ({ format, starts }) => {
    const io = fakeIo({ "session.har": HAR });
    const code = await runDiagnose(["session.har", ...(format ? ["--format", format] : [])], io, CONTEXT);
    expect(code).toBe(0);
    expect(io.out.startsWith(starts)).toBe(true);
    expect(io.out).not.toMatch(/SECRET|TOKEN|sig=|token=/);
    expect(io.err).toBe("");
  });

  test("--lang ja writes Japanese", async () => {
    const io = fakeIo({ "session.har": HAR });
    expect(await runDiagnose(["session.har", "--lang", "ja"], io, CONTEXT)).toBe(0);
    expect(io.out).toMatch(/^# Azure Machine Learning: ネットワークでブロックされているエンドポイントが 2 件あります/);
  });

  test("a HAR with no studio traffic says so and exits 4, not a false all-clear", async () => {
    const other = buildHar([chromeEntry({ url: "https://www.example.com/", resourceType: "document", status: 200 })]);
    for (const lang of ["en", "ja"] as const) {
      const io = fakeIo({ "other.har": other });
      expect(await runDiagnose(["other.har", "--lang", lang], io, CONTEXT)).toBe(4);
      expect(io.out).not.toMatch(/no blocked endpoints found|見つかりませんでした/);
      expect(io.out.split("\n")[0]).toBe(
        lang === "en"
          ? "# Azure Machine Learning: no studio traffic to diagnose"
          : "# Azure Machine Learning: 診断できるスタジオの通信がありません",
      );
      expect(io.err).toContain(lang === "en" ? "no Azure Machine Learning studio traffic" : "スタジオの通信");
    }
  });

  test("--out writes the file and says in one line on stderr what it found and where", async () => {
    const io = fakeIo({ "session.har": HAR });
    expect(await runDiagnose(["session.har", "--format", "json", "--out", "report.json"], io, CONTEXT)).toBe(0);
    expect(io.out).toBe("");
    expect(io.err).toBe("aml-network-doctor: 2 Azure ML endpoints blocked; report written to report.json.\n");
    expect(JSON.parse(io.files.get("report.json")!).findings.map((f: { entry: string }) => f.entry)).toEqual([
      "api",
      "compute-instance",
    ]);
  });

  test("the report time comes from io.now()", async () => {
    const io = fakeIo({ "session.har": HAR });
    await runDiagnose(["session.har", "--format", "json"], io, CONTEXT);
    expect(JSON.parse(io.out).generatedAt).toBe("2026-11-28T09:30:00.000Z");
  });

  test("--help prints usage and returns 0", async () => {
    const io = fakeIo();
    expect(await runDiagnose(["--help"], io, CONTEXT)).toBe(0);
    expect(io.out).toMatch(/^Usage: aml-network-doctor diagnose FILE\.har/);
  });

  test.each([
    { argv: [], message: /needs a HAR file/ },
    { argv: ["a.har", "b.har"], message: /one HAR file/ },
    { argv: ["a.har", "--format", "pdf"], message: /--format must be one of markdown, json, csv, text/ },
    { argv: ["a.har", "--lang", "fr"], message: /--lang must be one of en, ja/ },
    { argv: ["a.har", "--colour"], message: /colour/ },
  ])("$argv is a usage error", async ({ argv, message }) => {
    await expect(runDiagnose(argv, fakeIo({ "a.har": HAR }), CONTEXT)).rejects.toThrow(UsageError);
    await expect(runDiagnose(argv, fakeIo({ "a.har": HAR }), CONTEXT)).rejects.toThrow(message);
  });

  test.each<{ title: string; files: Record<string, string>; message: RegExp }>([
    { title: "a missing file", files: {}, message: /^cannot read missing\.har: ENOENT/ },
    {
      title: "a broken HAR",
      files: { "missing.har": "{ this is not json" },
      message: /^missing\.har: Not a readable HAR file: the JSON is broken or cut off/,
    },
    {
      title: "JSON that is not a HAR",
      files: { "missing.har": "{}" },
      message: /^missing\.har: Not a HAR file: there is no "log.entries" list/,
    },
  ])("$title is an input error with a one-line message", async ({ files, message }) => {
    const run = runDiagnose(["missing.har"], fakeIo(files), CONTEXT);
    await expect(run).rejects.toThrow(InputError);
    await expect(runDiagnose(["missing.har"], fakeIo(files), CONTEXT)).rejects.toThrow(message);
  });

  test("a file over the size limit is refused before it is read", async () => {
    const io = fakeIo({ "huge.har": "{}" });
    let read = false;
    io.fileSize = async () => MAX_HAR_BYTES + 1;
    io.readFile = async () => {
      read = true;
      return "";
    };
    await expect(runDiagnose(["huge.har"], io, CONTEXT)).rejects.toThrow(
      /^huge\.har is 512 MB; the limit is 512 MB\. Save a HAR of just the failing page/,
    );
    expect(read).toBe(false);
  });

  // A Japanese IT admin reads the whole line in Japanese: no English reason inside it.
  test.each<{ title: string; text: string; size?: number; expected: string }>([
    {
      title: "broken JSON",
      text: "{ this is not json",
      expected:
        "bad.har: HAR ファイルとして読み込めません。JSON が壊れているか、途中で切れています（JSON として読めない文字があります）。",
    },
    {
      title: "cut off",
      text: '{"log": {"entries": [',
      expected:
        "bad.har: HAR ファイルとして読み込めません。JSON が壊れているか、途中で切れています（JSON が途中で終わっています）。",
    },
    { title: "empty", text: "", expected: "bad.har: ファイルが空です。HAR ファイルではありません。" },
    {
      title: "not a HAR",
      text: '{"hello": 1}',
      expected:
        "bad.har: HAR ファイルではありません（「log.entries」の一覧がありません）。DevTools の [ネットワーク] パネルで [すべて HAR として保存] を使って保存してください。",
    },
    {
      title: "too large",
      text: "{}",
      size: 600 * 1024 * 1024,
      expected:
        "bad.har は 600 MB あり、上限の 512 MB を超えています。失敗するページだけの HAR を保存し直してください（[ネットワーク] パネルをクリアしてからページを再読み込みし、[すべて HAR として保存]）。",
    },
  ])("--lang ja: $title is one Japanese line", async ({ text, size, expected }) => {
    const io = fakeIo({ "bad.har": text });
    if (size !== undefined) io.fileSize = async () => size;
    expect(await main(["diagnose", "bad.har", "--lang", "ja"], io)).toBe(1);
    expect(io.err).toBe(`aml-network-doctor: ${expected}\n`);
    expect(io.err).not.toMatch(/[A-Za-z]{3,} [a-z]{3,}/); // no English sentence left inside
  });

  test("--lang ja: a truncated HAR's warning is Japanese, its JSON reason too", async () => {
    const cut = HAR.slice(0, HAR.lastIndexOf("wss://") + 5);
    const io = fakeIo({ "cut.har": cut });
    expect(await main(["diagnose", "cut.har", "--lang", "ja"], io)).toBe(0);
    expect(io.err).toBe(
      "aml-network-doctor: HAR ファイルが途中で切れているか壊れています（JSON が途中で終わっています）。その手前までの 2 件のエントリを対象にしています。\n",
    );
  });

  test("a truncated HAR gives a partial report, and the warning goes to stderr too", async () => {
    const cut = HAR.slice(0, HAR.lastIndexOf("wss://") + 5);
    const io = fakeIo({ "cut.har": cut });
    expect(await runDiagnose(["cut.har"], io, CONTEXT)).toBe(0);
    expect(io.out).toMatch(/the network blocks 1 endpoint\n/);
    expect(io.err).toMatch(
      /^aml-network-doctor: The HAR file is cut off or broken \(.+\); the report covers the 2 complete entries before that point\.\n$/,
    );
  });

  test.each([
    { argv: ["diagnose", "session.har"], code: 0 },
    { argv: ["diagnose", "--format", "pdf", "session.har"], code: 2 },
    { argv: ["diagnose", "nothing.har"], code: 1 },
    { argv: ["diagnose", "broken.har"], code: 1 },
  ])("through main: $argv exits $code, errors in one line without a stack", async ({ argv, code }) => {
    const io = fakeIo({ "session.har": HAR, "broken.har": '{"log": {"entries": [' });
    expect(await main(argv, io, CATALOG)).toBe(code);
    if (code !== 0) {
      expect(io.err.split("\n")[0]).toMatch(/^aml-network-doctor: /);
      expect(io.err).not.toMatch(/\n\s+at /);
    }
  });
});
