/** The CLI friction a UX review found: what IT reads in a terminal, in English and Japanese. */
import { describe, expect, test } from "vitest";
import { runInNewContext } from "node:vm";
import { main } from "../../src/cli/main.js";
import { CATALOG } from "../../src/core/catalog/index.js";
import { buildHar, chromeEntry } from "../fixtures/har/build-har.js";
import { fakeIo } from "./fake-io.js";

async function run(argv: string[], files: Record<string, string> = {}) {
  const io = fakeIo(files);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err, files: io.files };
}

const KANA = /[\u3040-\u30ff]/;
const byId = new Map(CATALOG.entries.map((entry) => [entry.id, entry]));
/** The entry that lists a pattern (each pattern is in exactly one entry). */
const ownerOf = (pattern: string) => CATALOG.entries.find((entry) => entry.patterns.includes(pattern))!;

/** Display columns, counted independently of the library the CLI uses: CJK and full-width forms are two. */
function columns(text: string): number {
  let width = 0;
  for (const char of text)
    width +=
      /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
        char,
      )
        ? 2
        : 1;
  return width;
}

describe("hosts --list-entries", () => {
  test.each(["en", "ja"] as const)("lists every id --entries takes, with status and purpose (%s)", async (lang) => {
    const result = await run(["hosts", "--list-entries", "--lang", lang]);
    expect(result.code).toBe(0);
    const lines = result.out.split("\n");
    for (const entry of CATALOG.entries) {
      const line = lines.find((l) => l.startsWith(`${entry.id} `));
      expect(line, entry.id).toBeDefined();
      expect(line).toContain(`  ${entry.name[lang]}  `);
      expect(line).toContain(entry.purpose[lang]);
      const status = entry.legacy
        ? { en: "legacy", ja: "旧エントリ" }
        : entry.required
          ? { en: "required", ja: "必須" }
          : { en: "conditional", ja: "条件付き" };
      expect(line).toContain(status[lang]);
      if (entry.optional) expect(lines[lines.indexOf(line!) + 1]).toContain(entry.optional[lang]);
    }
    if (lang === "ja") expect(lines[0]).toMatch(/^エントリ ID/);
  });

  test("--format json gives the same as an array, and --cloud narrows it", async () => {
    const list = JSON.parse(
      (await run(["hosts", "--list-entries", "--format", "json", "--cloud", "usgov"])).out,
    ) as Array<{
      id: string;
      name: string;
      status: string;
      clouds: string[];
      when?: string;
    }>;
    expect(list.map((e) => e.id)).toEqual(CATALOG.entries.filter((e) => e.clouds.includes("usgov")).map((e) => e.id));
    expect(list.find((e) => e.id === "online-endpoints-usgov")).toMatchObject({
      name: "Managed online endpoints",
      status: "conditional",
      when: "Only when you use managed online endpoints",
    });
  });

  test("selection flags other than --cloud are a usage error, not silently ignored", async () => {
    const result = await run(["hosts", "--list-entries", "--required-only"]);
    expect(result.code).toBe(2);
    expect(result.err).toContain("drop --required-only");
    expect(result.out).toBe("");
  });
});

describe("an unknown entry id", () => {
  test("suggests the near id, lists every valid id and points to hosts --list-entries", async () => {
    const result = await run(["hosts", "--entries", "studio,notebook"]);
    expect(result.code).toBe(2);
    const first = result.err.split("\n")[0]!;
    expect(first).toContain('unknown entry id: notebook (did you mean "notebooks"?); valid ids: ');
    expect(first).not.toContain("→");
    for (const entry of CATALOG.entries) expect(first).toContain(entry.id);
    expect(first).toContain('"aml-network-doctor hosts --list-entries"');
  });

  test("in Japanese under --lang ja, for pac too", async () => {
    const result = await run(["pac", "--via", "DIRECT", "--entries", "notebook", "--lang", "ja"]);
    expect(result.code).toBe(2);
    expect(result.err).toContain("不明なエントリ ID です: notebook（「notebooks」のことですか?）。有効な ID: studio、");
    expect(result.err).toContain("「aml-network-doctor hosts --list-entries」");
  });
});

describe("hosts --format table", () => {
  test.each(["en", "ja"] as const)("columns line up in display width (%s)", async (lang) => {
    const result = await run(["hosts", "--format", "table", "--lang", lang, "--include-compute"]);
    expect(result.code).toBe(0);
    const lines = result.out.trimEnd().split("\n");
    // The rule line marks where each column starts.
    const starts = [...lines[1]!.matchAll(/-+/g)].map((m) => m.index!);
    expect(starts).toHaveLength(7);
    for (const line of lines.slice(2)) {
      // Cut the line at each column start, by display columns.
      let col = 0;
      const cells: string[] = ["", "", "", "", "", "", ""];
      for (const char of line) {
        const column = starts.filter((s) => s <= col).length - 1;
        cells[column] += char;
        col += columns(char);
      }
      // A cell never runs into the next column: each begins where its column begins.
      for (const [i, cell] of cells.entries()) if (i > 0 && cell.trim() !== "") expect(cell[0], line).not.toBe(" ");
      const pattern = cells[3]!.trim();
      if (pattern !== "") expect(ownerOf(pattern).patterns, line).toContain(pattern);
      // The name stands beside the id, on the entry's first row only.
      const id = cells[0]!.trim();
      if (id !== "") expect(cells[1]!.trim(), line).toBe(byId.get(id)!.name[lang]);
      else expect(cells[1]!.trim(), line).toBe("");
    }
  });

  test("groups rows by entry: the id and purpose once, every pattern on its own row", async () => {
    const out = (await run(["hosts", "--format", "table", "--lang", "ja"])).out;
    const storage = byId.get("storage")!;
    expect(out.split(storage.purpose.ja).length - 1).toBe(1);
    for (const pattern of storage.patterns) expect(out).toContain(pattern);
    expect(out.match(/^storage /gm)).toHaveLength(1);
    // The condition of a conditional entry is on the row after its purpose.
    const lines = out.split("\n");
    const at = lines.findIndex((l) => l.startsWith("microsoft-account "));
    expect(lines[at]).toContain("条件付き");
    expect(lines[at + 1]!.trim()).toBe(byId.get("microsoft-account")!.optional!.ja);
  });
});

describe("required and conditional entries", () => {
  const conditional = CATALOG.entries.filter(
    (e) => !e.required && !e.legacy && e.neededBy.includes("browser") && e.clouds.includes("public"),
  );

  test("--required-only leaves out every conditional entry, in hosts and in pac", async () => {
    expect(conditional.length).toBeGreaterThan(2);
    const text = (await run(["hosts", "--required-only"])).out;
    const lines = text.trim().split("\n");
    expect(lines.some((l) => l.startsWith("#"))).toBe(false);
    for (const entry of conditional) for (const p of entry.patterns) expect(lines).not.toContain(p);
    const all = (await run(["hosts"])).out.split("\n");
    expect(lines).toEqual(all.filter((l) => l !== "" && !l.startsWith("#") && ownerOf(l).required));
    const sandbox: Record<string, unknown> = {};
    runInNewContext((await run(["pac", "--via", "PROXY v:1", "--required-only"])).out, sandbox);
    const find = sandbox.FindProxyForURL as (url: string, host: string) => string;
    expect(find("https://login.live.com/", "login.live.com")).toBe("DIRECT");
    expect(find("https://ml.azure.com/", "ml.azure.com")).toBe("PROXY v:1");
  });

  test("--entries names entries exactly, so --required-only beside it is a usage error", async () => {
    const result = await run(["hosts", "--entries", "studio", "--required-only"]);
    expect(result.code).toBe(2);
    expect(result.err).toContain("--entries names the entries exactly");
  });

  test.each([
    { format: "text", lang: "en", value: (p: string) => p },
    { format: "squid", lang: "en", value: (p: string) => `acl azureml dstdomain ${p.replace(/^\*\./, ".")}` },
    { format: "text", lang: "ja", value: (p: string) => p },
    { format: "squid", lang: "ja", value: (p: string) => `acl azureml dstdomain ${p.replace(/^\*\./, ".")}` },
  ])(
    "$format ($lang): each conditional entry's lines follow its '# conditional' comment",
    async ({ format, lang, value }) => {
      const lines = (await run(["hosts", "--format", format, "--lang", lang, "--include-compute"])).out
        .trim()
        .split("\n");
      const patternOf = new Map(CATALOG.entries.flatMap((e) => e.patterns.map((p) => [value(p), p] as const)));
      let current: string | undefined; // the conditional entry the last comment named, or undefined for required
      let seenConditional = 0;
      for (const line of lines) {
        const comment =
          lang === "en"
            ? /^# conditional \(([a-z0-9-]+)\): (.+)$/.exec(line)
            : /^# 条件付き（([a-z0-9-]+)）: (.+)$/.exec(line);
        if (comment) {
          current = comment[1];
          expect(comment[2]).toBe(byId.get(current!)!.optional![lang as "en" | "ja"]);
          seenConditional++;
          continue;
        }
        if (line === (lang === "en" ? "# required from here on" : "# ここから下は必須")) {
          current = undefined;
          continue;
        }
        const pattern = patternOf.get(line);
        if (pattern === undefined) continue; // squid's header
        const owner = ownerOf(pattern);
        expect(owner.required ? undefined : owner.id, line).toBe(current);
      }
      expect(seenConditional).toBeGreaterThan(5);
    },
  );
});

describe("the tcp/445 caveat", () => {
  test.each([
    { format: "markdown", lang: "en", has: "tcp/443, tcp/445 (file shares from compute only)" },
    { format: "markdown", lang: "ja", has: "tcp/443, tcp/445（コンピューティングからのファイル共有のみ）" },
    { format: "table", lang: "en", has: "tcp/443 tcp/445 (file shares from compute only)" },
    { format: "csv", lang: "en", has: ',tcp/445: file shares from compute only,"Workspace storage (files, data)"\r\n' },
    { format: "azure-firewall", lang: "en", has: "*.file.core.windows.net  tcp/445 (file shares from compute only)" },
    {
      format: "terraform",
      lang: "ja",
      has: "*.file.core.windows.net  tcp/445（コンピューティングからのファイル共有のみ）",
    },
  ])("$format ($lang) says SMB is for file shares from compute", async ({ format, lang, has }) => {
    const out = (await run(["hosts", "--format", format, "--lang", lang])).out;
    expect(out).toContain(has);
    const line = out.split("\n").find((l) => l.includes(has.trim().split("\n")[0]!))!;
    expect(line).toContain("file.core.windows.net");
    expect(out.split(/file shares from compute only|ファイル共有のみ/).length - 1).toBe(1);
  });

  test("json gives it as portNotes on the storage entry only", async () => {
    const doc = JSON.parse((await run(["hosts", "--format", "json", "--cloud", "all"])).out) as {
      entries: Array<{ id: string; portNotes?: Record<string, string> }>;
    };
    const noted = doc.entries.filter((e) => e.portNotes).map((e) => e.id);
    expect(noted).toEqual(["storage", "storage-usgov", "storage-china"]);
    expect(doc.entries.find((e) => e.id === "storage")!.portNotes).toEqual({
      "tcp/445": "file shares from compute only",
    });
  });
});

describe("Japanese help and messages", () => {
  test.each(["pac", "hosts", "diagnose", "which", "check", "dns", "merge"])(
    "%s --help --lang ja is Japanese, English stays English",
    async (command) => {
      const ja = await run([command, "--help", "--lang", "ja"]);
      expect(ja.code).toBe(0);
      expect(ja.out).toMatch(/^使い方: aml-network-doctor /);
      expect(ja.out).toContain("このヘルプを表示する");
      const en = await run([command, "--help"]);
      expect(en.out).toMatch(/^Usage: aml-network-doctor /);
      expect(en.out).not.toMatch(KANA);
      // The same options in both.
      const options = (text: string) => [...text.matchAll(/^ {2}(-h, )?(--[a-z-]+)/gm)].map((m) => m[2]).sort();
      expect(options(ja.out)).toEqual(options(en.out));
    },
  );

  test("the top-level help is Japanese with --lang ja before or after, and bare --lang ja is a usage exit", async () => {
    const after = await run(["--help", "--lang", "ja"]);
    expect(after.code).toBe(0);
    expect(after.out).toContain("よく使う操作:");
    const bare = await run(["--lang", "ja"]);
    expect(bare.code).toBe(2);
    expect(bare.out).toBe(after.out);
    const before = await run(["--lang", "ja", "hosts", "--help"]);
    expect(before.out).toMatch(/^使い方: aml-network-doctor hosts/);
    expect((await run(["--help"])).out).not.toMatch(KANA);
  });

  test.each([
    { argv: ["pac", "--lang", "ja"], code: 2, message: "--via で経路を指定してください" },
    {
      argv: ["pac", "--via", "DIRECT", "--default", "DIRECT", "--wrap", "c.pac", "--lang", "ja"],
      code: 2,
      message: "--wrap と --default は同時に使えません",
    },
    {
      argv: ["pac", "--via", "DIRECT", "--wrap", "missing.pac", "--lang", "ja"],
      code: 1,
      message: "--wrap のファイル missing.pac を読み込めません",
    },
    { argv: ["hosts", "--format", "--lang", "ja"], code: 2, message: "--format に値を指定してください" },
    {
      argv: ["hosts", "--entries", "studio", "--cloud", "usgov", "--lang", "ja"],
      code: 2,
      message: "--entries はエントリをそのまま指定するオプションです",
    },
    { argv: ["diagnose", "missing.har", "--lang", "ja"], code: 1, message: "missing.har を読み込めません" },
    {
      argv: ["check", "--proxy", "ftp://p:21", "--lang", "ja"],
      code: 2,
      message: "http:// または https:// のプロキシを指定してください",
    },
    {
      argv: ["check", "--timeout", "0", "--lang", "ja"],
      code: 2,
      message: "--timeout には 0 より大きく 300 以下の秒数",
    },
    { argv: ["dns", "--lang", "ja"], code: 2, message: "ホスト名を 1 つ以上" },
    { argv: ["merge", "--lang", "ja"], code: 2, message: "JSON レポートを 1 つ以上指定してください" },
    { argv: ["merge", "x.json", "--lang", "ja"], code: 1, message: "aml-network-doctor の JSON レポートはありません" },
    { argv: ["which", "--lang", "ja"], code: 2, message: "ホスト名を 1 つ以上指定してください" },
  ])("$argv: $message", async ({ argv, code, message }) => {
    const result = await run(argv);
    expect(result.code).toBe(code);
    const first = result.err
      .split("\n")
      .find((l) => l.startsWith("aml-network-doctor: ") && !l.includes("読み飛ばしました"))!;
    expect(first).toContain(message);
    expect(first.replace(/"[^"]*"|[\w.-]+\.(?:pac|har|json)|--[a-z-]+|ftp:|ENOENT.*$/g, "")).not.toMatch(
      /\b(?:needs|cannot|must|give|none)\b/,
    );
  });
});

describe("diagnose --fail-on-blocked", () => {
  const blocked = buildHar([
    chromeEntry({ url: "https://ml.azure.com/", resourceType: "document", status: 200 }),
    chromeEntry({ url: "https://westeurope.api.azureml.ms/history", error: "net::ERR_NAME_NOT_RESOLVED", at: 10 }),
  ]);
  const clean = buildHar([chromeEntry({ url: "https://ml.azure.com/", resourceType: "document", status: 200 })]);
  const other = buildHar([chromeEntry({ url: "https://www.example.com/", resourceType: "document", status: 200 })]);

  test.each([
    { name: "a blocked endpoint", har: blocked, flag: true, code: 3 },
    { name: "a blocked endpoint, without the flag", har: blocked, flag: false, code: 0 },
    { name: "nothing blocked", har: clean, flag: true, code: 0 },
    { name: "no studio traffic (4 wins: nothing was diagnosed)", har: other, flag: true, code: 4 },
  ])("$name exits $code", async ({ har, flag, code }) => {
    const result = await run(["diagnose", "s.har", "--format", "text", ...(flag ? ["--fail-on-blocked"] : [])], {
      "s.har": har,
    });
    expect(result.code).toBe(code);
    expect(result.out.length).toBeGreaterThan(0); // the report is still printed
  });

  test("one request is counted in the singular", async () => {
    const result = await run(["diagnose", "s.har", "--format", "text"], { "s.har": clean });
    expect(result.out).toContain("1 request checked");
    expect(result.out).not.toContain("1 requests");
  });
});
