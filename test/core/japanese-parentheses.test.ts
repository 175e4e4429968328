/**
 * Japanese text uses one width of parentheses: the full-width （…）, with no space around them
 * (half-width only inside code spans, URLs and command-line syntax). This walks every Japanese
 * string of the catalog, the report texts (called with sample arguments), the extension's
 * messages and the CLI's Japanese help, so a half-width pair cannot come back.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli/main.js";
import { CATALOG } from "../../src/core/catalog/index.js";
import { createState } from "../../src/core/diagnosis-state.js";
import { reduce } from "../../src/core/diagnosis.js";
import { diagnoseHar } from "../../src/core/har.js";
import { renderCsv, renderMarkdown, renderText } from "../../src/core/render-report.js";
import * as i18n from "../../src/core/report-i18n.js";
import { buildReport } from "../../src/core/report.js";
import { buildHar, chromeEntry } from "../fixtures/har/build-har.js";
import { fakeIo } from "../cli/fake-io.js";
import { seen } from "../fixtures/seen.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Kana, kanji and full-width punctuation (。、「」（）…). */
const JP = "[\\u3000-\\u30ff\\u3400-\\u9fff\\uff00-\\uffef]";
const PROBLEMS: Array<{ rule: string; pattern: RegExp }> = [
  { rule: "half-width ( or ) next to Japanese", pattern: new RegExp(`${JP} ?[()]|[()] ?${JP}`) },
  { rule: "Japanese inside half-width ( )", pattern: new RegExp(`\\([^()]*${JP}[^()]*\\)`) },
  { rule: "a space before （ or after ）", pattern: / （|） (?=\S)/ },
];

/** What a rule may not see: code spans, URLs, and command-line syntax (`--format text|json`, `[--out FILE]`). */
function prose(text: string): string {
  return text
    .replace(/`[^`\n]*`/g, "`…`")
    .replace(/https?:\/\/\S+/g, "URL")
    .replace(/^ {2}aml-network-doctor .*$/gm, "");
}

function problemsOf(text: string): string[] {
  const checked = prose(text);
  return PROBLEMS.filter(({ pattern }) => pattern.test(checked)).map(
    ({ rule, pattern }) =>
      `${rule}: …${checked.slice(Math.max(0, checked.search(pattern) - 20), checked.search(pattern) + 30)}…`,
  );
}

/** Every string under `value`; each function is called with sample arguments of each shape. */
function stringsOf(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 6) return out;
  if (typeof value === "string") out.push(value);
  else if (typeof value === "function") {
    const samples: unknown[][] = [
      [2, 3, 4, 5],
      [1, 1, 1, 1],
      ["host.example.com", "x.example.com", "y", "z"],
      ["api", 2, "30 秒", "2 分"],
      [2, "host.example.com, other.example.com", "x"],
    ];
    for (const args of samples) {
      try {
        stringsOf((value as (...a: unknown[]) => unknown)(...args), out, depth + 1);
      } catch {
        // This function takes another shape of argument; the other samples cover it.
      }
    }
  } else if (Array.isArray(value)) for (const item of value) stringsOf(item, out, depth + 1);
  else if (value !== null && typeof value === "object")
    for (const item of Object.values(value)) stringsOf(item, out, depth + 1);
  return out;
}

const catalogJa = CATALOG.entries.flatMap((entry) =>
  Object.values(entry).flatMap((field) =>
    field !== null && typeof field === "object" && "ja" in field ? [[entry.id, String(field.ja)] as const] : [],
  ),
);

const i18nJa: Array<readonly [string, string]> = [];
for (const [name, table] of Object.entries(i18n)) {
  if (table === null || typeof table !== "object" || !("ja" in table)) continue;
  for (const text of stringsOf((table as { ja: unknown }).ja)) i18nJa.push([name, text]);
}
const HAR_PROBLEMS = [
  { code: "empty" },
  { code: "broken", json: "cut-off" },
  { code: "not-har" },
  { code: "too-large", limitMb: 512 },
] as const;
for (const problem of HAR_PROBLEMS) i18nJa.push(["HAR_TEXT", i18n.HAR_TEXT.ja.fileProblem("a.har", problem)]);
// Values that end in a full-width parenthesis: a time with its zone, a name with its id.
i18nJa.push(
  [
    "REPORT_TEXT",
    i18n.REPORT_TEXT.ja.generated("2026-12-01 23:05（UTC+09:00）", "aml-network-doctor 1.0.0", "2026-12-01"),
  ],
  ["REPORT_TEXT", i18n.REPORT_TEXT.ja.overflow(3, "API（api）")],
);
i18nJa.push(
  ["HAR_TEXT", i18n.HAR_TEXT.ja.truncated("too-deep", 2)],
  ["HAR_TEXT", i18n.HAR_TEXT.ja.tooLarge("a.har", 600, 512)],
);

const messages = JSON.parse(readFileSync(join(ROOT, "assets", "_locales", "ja", "messages.json"), "utf8")) as Record<
  string,
  { message: string }
>;
const messagesJa = Object.entries(messages).map(([key, { message }]) => [key, message] as const);

describe("Japanese text uses full-width parentheses, with no space around them", () => {
  test("the rules catch what they are for", () => {
    expect(problemsOf("名前解決 (DNS)")).toHaveLength(1);
    expect(problemsOf("(2020 年当時)")).not.toEqual([]);
    expect(problemsOf("プロキシ （PAC） を")).toHaveLength(1);
    expect(problemsOf("名前解決（DNS）に失敗")).toEqual([]);
    expect(problemsOf("`--format text|json` (既定) ")).not.toEqual([]);
    expect(problemsOf("形式は `--format (a|b)` です")).toEqual([]);
    expect(problemsOf("Contoso (Japan) の")).toHaveLength(1);
  });

  test("the walk reaches every table", () => {
    expect(catalogJa.length).toBeGreaterThan(CATALOG.entries.length * 3);
    expect(new Set(i18nJa.map(([name]) => name))).toEqual(
      new Set(
        ["KIND_TEXT", "REPORT_TEXT", "HAR_TEXT", "SOCKET_TEXT", "NETWORK_TEXT", "CHECKLIST_TEXT"].filter(
          (n) => n in i18n,
        ),
      ),
    );
    expect(messagesJa.length).toBeGreaterThan(50);
  });

  test.each([
    { title: "catalog", texts: catalogJa },
    { title: "report texts (report-i18n.ts)", texts: i18nJa },
    { title: "assets/_locales/ja/messages.json", texts: messagesJa },
  ])("$title", ({ texts }) => {
    const found = texts.flatMap(([where, text]) => problemsOf(text).map((problem) => `${where}: ${problem}`));
    expect(found).toEqual([]);
  });

  test("a Japanese report as rendered: Markdown, text and CSV, times in a zone", () => {
    const har = buildHar([
      chromeEntry({ url: "https://ml.azure.com/", resourceType: "document", status: 200 }),
      chromeEntry({ url: "https://westeurope.api.azureml.ms/x", error: "net::ERR_NAME_NOT_RESOLVED", at: 10 }),
      chromeEntry({ url: "https://s.blob.core.windows.net/c", error: "net::ERR_TUNNEL_CONNECTION_FAILED", at: 20 }),
      chromeEntry({
        url: "wss://ci1.westeurope.instances.azureml.ms/t",
        resourceType: "websocket",
        error: "net::ERR_FAILED",
        at: 30,
      }),
    ]);
    const report = diagnoseHar(har, {
      catalog: CATALOG,
      lang: "ja",
      now: Date.UTC(2026, 11, 1, 14, 5),
      toolVersion: "1.0.0",
    });
    expect(report.findings.length).toBeGreaterThan(1);
    for (const render of [renderMarkdown, renderText, renderCsv]) {
      const out = render(report, { timeZone: "Asia/Tokyo" });
      // The zone in full-width parentheses: after a time, or inside the CSV header's own parentheses.
      expect(out).toMatch(/（UTC\+09:00）|（現地時刻、UTC\+09:00）/);
      expect(problemsOf(out)).toEqual([]);
    }
  });

  test("a Japanese extension report with its checklist, as rendered: Markdown and text", () => {
    let state = createState();
    for (const [i, step] of [
      { url: "https://ml.azure.com/", type: "main_frame", statusCode: 200 },
      { url: "https://ci1.westeurope.instances.azureml.ms/api", type: "xmlhttprequest", statusCode: 200 },
    ].entries())
      state = reduce(state, seen({ ...step, time: Date.UTC(2026, 11, 1, 14) + i }), Date.UTC(2026, 11, 1, 14), CATALOG);
    const report = buildReport(state, {
      catalog: CATALOG,
      lang: "ja",
      now: Date.UTC(2026, 11, 1, 14, 5),
      toolVersion: "1.0.0",
      source: "extension",
      studio: true,
      checklistCloud: "public",
    });
    for (const render of [renderMarkdown, renderText]) {
      const out = render(report, { timeZone: "Asia/Tokyo" });
      expect(out).toContain("（WebSocket –）");
      expect(problemsOf(out)).toEqual([]);
    }
  });

  test.each(["", "pac", "hosts", "diagnose", "which", "check", "dns", "merge"])(
    "aml-network-doctor %s --help --lang ja",
    async (command) => {
      const io = fakeIo();
      await main([...(command ? [command] : []), "--help", "--lang", "ja"], io);
      expect(io.out).toMatch(new RegExp(JP));
      expect(problemsOf(io.out)).toEqual([]);
    },
  );
});
