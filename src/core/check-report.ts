/**
 * The check's own views of a report with `checks`: a table like `azcmagent check`
 * (https://learn.microsoft.com/azure/azure-arc/servers/azcmagent-check) for the terminal, the same
 * table in Markdown under the usual report, and CSV with one row per host. English and Japanese.
 */
import type { Lang } from "./catalog/types.js";
import { csvRow } from "./csv.js";
import { KIND_TEXT, REPORT_TEXT } from "./report-i18n.js";
import { renderMarkdown, renderText } from "./render-report.js";
import type { Report, ReportCheck } from "./report-schema.js";

interface CheckText {
  title: string;
  columns: {
    entry: string;
    host: string;
    channel: string;
    outcome: string;
    ms: string;
    address: string;
    error: string;
  };
  reachable: string;
  notChecked: string;
  notCheckedHint: string;
  summary: (blocked: number, reachable: number, notChecked: number) => string;
  channel: { https: string; websocket: string };
}

export const CHECK_TEXT: Record<Lang, CheckText> = {
  en: {
    title: "Checks",
    columns: {
      entry: "Entry",
      host: "Host",
      channel: "Channel",
      outcome: "Outcome",
      ms: "Time",
      address: "Address",
      error: "Error",
    },
    reachable: "reachable",
    notChecked: "not checked",
    notCheckedHint: "not checked: open studio once, or add a host",
    summary: (blocked, reachable, notChecked) =>
      `${blocked} blocked, ${reachable} reachable, ${notChecked} not checked (hosts).`,
    channel: { https: "HTTPS", websocket: "WebSocket" },
  },
  ja: {
    title: "チェック結果",
    columns: {
      entry: "エントリ",
      host: "ホスト",
      channel: "通信",
      outcome: "結果",
      ms: "時間",
      address: "接続先アドレス",
      error: "エラー",
    },
    reachable: "接続可",
    notChecked: "未チェック",
    notCheckedHint: "未チェック: スタジオを一度開くか、ホストを追加してください",
    summary: (blocked, reachable, notChecked) =>
      `ブロック ${blocked} 件、接続可 ${reachable} 件、未チェック ${notChecked} 件（ホスト単位）。`,
    channel: { https: "HTTPS", websocket: "WebSocket" },
  },
};

/** The outcome of one row in words: reachable, the failure kind's label, or not checked. */
export function describeOutcome(row: ReportCheck, lang: Lang): string {
  const text = CHECK_TEXT[lang];
  if (row.outcome === "reachable") return text.reachable;
  if (row.outcome === "not-checked") return row.error ? `${text.notChecked}: ${row.error}` : text.notCheckedHint;
  return KIND_TEXT[lang][row.outcome].label;
}

function counts(checks: readonly ReportCheck[]): [number, number, number] {
  const blocked = checks.filter((c) => c.outcome !== "reachable" && c.outcome !== "not-checked").length;
  const reachable = checks.filter((c) => c.outcome === "reachable").length;
  return [blocked, reachable, checks.length - blocked - reachable];
}

/** Display width: CJK and full-width characters take two columns in a terminal. */
function width(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}

function pad(text: string, to: number): string {
  return text + " ".repeat(Math.max(0, to - width(text)));
}

function cells(row: ReportCheck, lang: Lang): string[] {
  const text = CHECK_TEXT[lang];
  return [
    row.entry,
    row.host,
    text.channel[row.websocket ? "websocket" : "https"],
    row.outcome === "reachable" ? text.reachable : row.outcome === "not-checked" ? text.notChecked : row.outcome,
    row.outcome === "not-checked" ? "" : `${row.ms} ms`,
    row.address ?? "",
    row.outcome === "not-checked" ? (row.error ?? text.notCheckedHint) : (row.error ?? "").replace(/[\r\n]+/g, " "),
  ];
}

/**
 * The terminal table: one row per host, then the summary and what to open.
 * @example
 * renderCheckTable(report)
 * // Entry     Host                 Channel  Outcome        Time   Address    Error
 * // studio    ml.azure.com         HTTPS    reachable      41 ms  127.0.0.2
 * // notebooks …                    HTTPS    proxy-refused  12 ms  127.0.0.2  net::ERR_TUNNEL_CONNECTION_FAILED
 */
export function renderCheckTable(report: Report): string {
  const lang = report.lang;
  const text = CHECK_TEXT[lang];
  const c = text.columns;
  const header = [c.entry, c.host, c.channel, c.outcome, c.ms, c.address, c.error];
  const rows = (report.checks ?? []).map((row) => cells(row, lang));
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : pad(cell, widths[i]!)))
      .join("  ")
      .trimEnd();
  const out = [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line), ""];
  out.push(text.summary(...counts(report.checks ?? [])), "");
  // The usual plain-text report says what is blocked and what to open; its details repeat the table.
  const plain = renderText(report);
  const details = plain.indexOf(`\n${REPORT_TEXT[lang].details}:\n`);
  out.push(details === -1 ? plain : plain.slice(0, details));
  return `${out.join("\n").trimEnd()}\n`;
}

function mdCell(value: string): string {
  return value
    .replace(/[\r\n]+/g, " ")
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/** The usual Markdown report, then the table of checks. */
export function renderCheckMarkdown(report: Report): string {
  const lang = report.lang;
  const text = CHECK_TEXT[lang];
  const c = text.columns;
  const out = [
    renderMarkdown(report).trimEnd(),
    "",
    `## ${text.title}`,
    "",
    text.summary(...counts(report.checks ?? [])),
    "",
  ];
  out.push(
    `| ${c.entry} | ${c.host} | ${c.channel} | ${c.outcome} | ${c.ms} | ${c.address} | ${c.error} |`,
    "|---|---|---|---|---:|---|---|",
  );
  for (const row of report.checks ?? []) {
    const [entry, host, channel, outcome, ms, address, error] = cells(row, lang).map(mdCell);
    out.push(
      `| \`${entry}\` | \`${host}\` | ${channel} | ${outcome} | ${ms} | ${address} | ${error ? (row.outcome === "not-checked" ? error : `\`${error}\``) : ""} |`,
    );
  }
  return `${out.join("\n")}\n`;
}

/**
 * CSV, one row per check: entry, host, websocket, outcome, label, error, ms, status, address.
 * Japanese starts with a byte order mark for Excel, as the report's CSV does.
 */
export function renderCheckCsv(report: Report): string {
  const lang = report.lang;
  const rows = [csvRow(["entry", "host", "websocket", "outcome", "label", "error", "ms", "status", "address"])];
  for (const row of report.checks ?? []) {
    rows.push(
      csvRow([
        row.entry,
        row.host,
        row.websocket ? "yes" : "no",
        row.outcome,
        describeOutcome(row, lang),
        row.error ?? "",
        String(row.ms),
        row.status === undefined ? "" : String(row.status),
        row.address ?? "",
      ]),
    );
  }
  return `${lang === "ja" ? "\uFEFF" : ""}${rows.join("\r\n")}\r\n`;
}
