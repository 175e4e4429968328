import { describe, expect, test } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeIo } from "./fake-io.js";

async function run(argv: string[]) {
  const io = fakeIo();
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

interface Answer {
  host: string;
  entry: string | null;
  name?: string;
  pattern: string | null;
  ports: string[];
  websocket: boolean | null;
  required: boolean | null;
  legacy: boolean | null;
  clouds?: string[];
  purpose?: string;
  sources?: Array<{ url: string; date: string }>;
}

async function json(argv: string[]): Promise<{ code: number; answers: Answer[] }> {
  const result = await run(["which", "--format", "json", ...argv]);
  expect(result.err).toBe("");
  return { code: result.code, answers: JSON.parse(result.out) as Answer[] };
}

describe("which: the entry that owns a host", () => {
  test.each([
    {
      host: "ci1.westeurope.instances.azureml.ms",
      want: {
        entry: "compute-instance",
        name: "Compute instance",
        pattern: "*.instances.azureml.ms",
        ports: ["tcp/443", "tcp/8704-8710", "tcp/8787", "tcp/18881"],
        websocket: true,
        required: true,
        legacy: false,
      },
    },
    {
      host: "ci1.westeurope.instances.azureml.net",
      want: {
        entry: "compute-instance",
        pattern: "*.instances.azureml.net",
        ports: ["tcp/443"],
        websocket: true,
        required: true,
        legacy: false,
      },
    },
    {
      host: "mystorage.file.core.windows.net",
      want: {
        entry: "storage",
        pattern: "*.file.core.windows.net",
        ports: ["tcp/443", "tcp/445"],
        websocket: false,
        required: true,
        legacy: false,
      },
    },
    {
      host: "mystorage.blob.core.windows.net",
      want: {
        entry: "storage",
        pattern: "*.blob.core.windows.net",
        ports: ["tcp/443"],
        websocket: false,
        required: true,
        legacy: false,
      },
    },
    {
      host: "login.partner.microsoftonline.cn",
      want: {
        entry: "entra-id-china",
        pattern: "login.partner.microsoftonline.cn",
        ports: ["tcp/80", "tcp/443"],
        websocket: false,
        required: true,
        legacy: false,
      },
    },
    {
      host: "default.exp-tas.com",
      want: {
        entry: "vscode-web",
        pattern: "default.exp-tas.com",
        ports: ["tcp/443"],
        websocket: false,
        required: false,
        legacy: false,
      },
    },
    {
      host: "westeurope.aether.ms",
      want: {
        entry: "aether",
        pattern: "*.aether.ms",
        ports: ["tcp/443"],
        websocket: false,
        required: false,
        legacy: true,
      },
    },
  ])("$host → $want.entry by $want.pattern", async ({ host, want }) => {
    const { code, answers } = await json([host]);
    expect(code).toBe(0);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ host, ...want });
    expect(answers[0]!.sources!.length).toBeGreaterThan(0);
  });

  test("a host no entry owns is null, and the exit code is 3 so scripts can tell", async () => {
    const { code, answers } = await json(["ml.azure.com", "login.windows.net"]);
    expect(code).toBe(3);
    expect(answers.map((a) => a.entry)).toEqual(["studio", null]);
    expect(answers[1]).toEqual({
      host: "login.windows.net",
      entry: null,
      pattern: null,
      ports: [],
      websocket: null,
      required: null,
      legacy: null,
    });
  });

  test("a URL gives its host only: no path, query or token reaches the output", async () => {
    const { code, answers } = await json([
      "https://user:pw@MyStorage.File.Core.Windows.Net:443/share/x.txt?sig=SECRET&sv=1#frag",
      "wss://ci1.westeurope.instances.azureml.ms/ws",
    ]);
    expect(code).toBe(0);
    expect(answers.map((a) => [a.host, a.entry])).toEqual([
      ["mystorage.file.core.windows.net", "storage"],
      ["ci1.westeurope.instances.azureml.ms", "compute-instance"],
    ]);
    const text = await run(["which", "https://mystorage.blob.core.windows.net/c/b?sig=SECRET"]);
    for (const out of [JSON.stringify(answers), text.out]) {
      expect(out).not.toContain("SECRET");
      expect(out).not.toContain("/share");
      expect(out).not.toContain("pw");
    }
  });

  test("--cloud limits the entries: ml.azure.us is owned in usgov and all, by nothing in public", async () => {
    expect((await json(["ml.azure.us"])).answers[0]!.entry).toBe("studio-usgov");
    expect((await json(["ml.azure.us", "--cloud", "usgov"])).answers[0]!.entry).toBe("studio-usgov");
    const publicOnly = await json(["ml.azure.us", "--cloud", "public"]);
    expect(publicOnly.code).toBe(3);
    expect(publicOnly.answers[0]!.entry).toBeNull();
    // An entry shared by clouds answers in each of them.
    expect((await json(["westeurope.aznbcontent.net", "--cloud", "china"])).answers[0]!.entry).toBe("notebook-content");
  });

  test("text says the entry, pattern, ports, WebSocket need, status and source of each host", async () => {
    const result = await run(["which", "ci1.westeurope.instances.azureml.ms", "login.windows.net"]);
    expect(result.code).toBe(3);
    expect(result.out).toContain(
      "ci1.westeurope.instances.azureml.ms: catalog entry compute-instance\n  name: Compute instance\n",
    );
    expect(result.out).toContain("pattern: *.instances.azureml.ms");
    expect(result.out).toContain("ports: tcp/443, tcp/8704-8710, tcp/8787, tcp/18881");
    expect(result.out).toContain("WebSocket: required");
    expect(result.out).toContain("status: current");
    expect(result.out).toContain(
      "source: https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall (2026-03-19)",
    );
    expect(result.out).toContain("login.windows.net\n  no catalog entry owns this host (cloud: all)");
  });

  test("Japanese text and Markdown", async () => {
    const text = await run(["which", "--lang", "ja", "westeurope.batchai.core.windows.net", "example.com"]);
    expect(text.code).toBe(3);
    expect(text.out).toContain(
      "カタログのエントリ batchai\n  名前: Batch AI のトレーニング クラスター（2020 年当時）\n",
    );
    expect(text.out).toContain("状態: 旧エントリ");
    // Clouds and clients in words, not the flags' spelling.
    expect(text.out).toContain("クラウド: Azure（グローバル）\n");
    expect(text.out).toMatch(
      /通信元: (ブラウザー|コンピューティング|SDK・CLI)(、(ブラウザー|コンピューティング|SDK・CLI))*\n/,
    );
    expect(text.out).toContain("このホストに該当するカタログのエントリはありません（クラウド: すべて）");
    const md = await run(["which", "--lang", "ja", "--format", "markdown", "mystorage.file.core.windows.net"]);
    expect(md.code).toBe(0);
    const lines = md.out.trim().split("\n");
    expect(lines[0]).toBe(
      "| ホスト | エントリ | 名前 | パターン | 要否 | ポート | WebSocket | 旧エントリ | 用途 | 出典 |",
    );
    expect(lines[2]).toMatch(
      /^\| `mystorage\.file\.core\.windows\.net` \| storage \| ワークスペースのストレージ（ファイル、データ） \| `\*\.file\.core\.windows\.net` \| 必須 \| tcp\/443, tcp\/445 \| いいえ \| いいえ \| [^|]*ストレージ/,
    );
    const en = await run(["which", "--format", "markdown", "ml.azure.com"]);
    expect(en.out).toMatch(/^\| Host \| Entry \| Name \| Pattern \|/);
    expect(en.out).not.toMatch(/[\u3040-\u30ff]/);
  });

  test("--help prints the usage and exits 0", async () => {
    const result = await run(["which", "--help"]);
    expect(result.code).toBe(0);
    expect(result.out).toContain("Usage: aml-network-doctor which HOST...");
    expect((await run(["--help"])).out).toContain("which");
  });

  test.each([
    { argv: ["which"], message: "which needs at least one host" },
    { argv: ["which", "*.windows.net"], message: '"*.windows.net" is neither a host name nor a URL' },
    { argv: ["which", "ml.azure.com/path"], message: "is neither a host name nor a URL" },
    { argv: ["which", "10.0.0.1"], message: "is neither a host name nor a URL" },
    { argv: ["which", "bad-.example.com"], message: "is neither a host name nor a URL" },
    { argv: ["which", "--bogus", "ml.azure.com"], message: "Unknown option" },
    { argv: ["which", "under_score.example.com"], message: "is neither a host name nor a URL" },
    { argv: ["which", "https:///nohost"], message: "is neither a host name nor a URL" },
    { argv: ["which", "ml.azure.com", "--cloud", "mars"], message: "--cloud must be one of public, usgov, china, all" },
    { argv: ["which", "ml.azure.com", "--format", "csv"], message: "--format must be one of text, json, markdown" },
    { argv: ["which", "ml.azure.com", "--lang", "fr"], message: "--lang must be one of en, ja" },
  ])("$argv is a usage error (exit 2): $message", async ({ argv, message }) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
    expect(result.out).toBe("");
  });
});
