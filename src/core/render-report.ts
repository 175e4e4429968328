/**
 * Rendering the report IT acts on: JSON (schema `aml-network-doctor/report@1`,
 * docs/report-schema.md), Markdown for a ticket, CSV, plain text and the bare allow-list, in English
 * or Japanese. Renderers read only a built `Report` (report.ts), which holds hosts and redacted
 * samples, so no renderer can leak a path, query, fragment, credential or token.
 */
import type { Lang } from "./catalog/types.js";
import { csvRow } from "./csv.js";
import { patternCovers } from "./matcher.js";
import { CHECKLIST_TEXT, KIND_TEXT, NETWORK_TEXT, REPORT_TEXT, parenthesized } from "./report-i18n.js";
import { NOT_OPENING, exactHostsBeside } from "./report.js";
import { SOCKET_HEALTH_KINDS } from "./websocket-health.js";
import type { Report, ReportChecklistStatus, ReportFailure } from "./report-schema.js";

/** How the renderers show times: in this IANA time zone (`Asia/Tokyo`), UTC when absent. */
export interface RenderOptions {
  /** The reader's time zone, given by the shell (the popup's or the CLI's); the core has no clock or locale of its own. */
  timeZone?: string | undefined;
}

interface OpenLine {
  pattern: string;
  /** Exact hosts seen blocked under the pattern (none when the pattern is itself a host). */
  hosts: string[];
  ports: string[];
  websocket: boolean;
}

/** What to ask IT, grouped by who acts (DNS, proxy, TLS inspection, firewall…), one line per pattern in each group. */
function whatToAsk(report: Report): Array<{ action: string; lines: OpenLine[] }> {
  const text = REPORT_TEXT[report.lang];
  const groups = new Map<string, { lines: OpenLine[]; seen: Set<string> }>();
  for (const finding of report.findings) {
    const websocket = finding.websocket || finding.failures.some((f) => f.kind === "websocket");
    for (const kind of new Set(finding.failures.map((f) => f.kind))) {
      // Sockets that opened and then dropped reached the host: their cards explain them, nothing to ask here.
      if (SOCKET_HEALTH_KINDS.has(kind)) continue;
      const action = KIND_TEXT[report.lang][kind].action ?? text.otherAction;
      const group = groups.get(action) ?? { lines: [], seen: new Set<string>() };
      groups.set(action, group);
      for (const pattern of finding.patterns) {
        if (group.seen.has(pattern)) continue;
        group.seen.add(pattern);
        const hosts = finding.hosts.filter((host) => host !== pattern && patternCovers(pattern, host));
        // DNS zones and Azure-side network rules are not opened: their lines name no port.
        const opening = !NOT_OPENING.has(kind);
        group.lines.push({
          pattern,
          hosts,
          ports: opening ? (finding.openPorts ?? finding.ports) : [],
          websocket: opening && websocket,
        });
      }
    }
  }
  return [...groups].map(([action, group]) => ({ action, lines: group.lines }));
}

/** Keys in the order a reader expects them; one list serves every object of the report. */
const KEY_ORDER = [
  "schema",
  "generatedAt",
  "tool",
  "name",
  "version",
  "lang",
  "catalogVersion",
  "studio",
  "source",
  "stats",
  "observations",
  "probes",
  "ignored",
  "findings",
  "unmatched",
  "reachable",
  "information",
  "warnings",
  "entry",
  "name",
  "host",
  "kind",
  "patterns",
  "purpose",
  "breaks",
  "ports",
  "openPorts",
  "websocket",
  "hosts",
  "error",
  "count",
  "firstSeen",
  "lastSeen",
  "sample",
  "probed",
  "explanation",
  "closeCodes",
  "livedSeconds",
  "idleSeconds",
  "idleTimeoutSeconds",
  "failures",
  "advice",
  "reference",
  "dnsZones",
  "forward",
  "privateZone",
  "network",
  "path",
  "privateEndpoints",
  "address",
  "class",
  "proxy",
  "moreHosts",
  "pending",
  "pendingHosts",
];
const KEY_RANK = new Map(KEY_ORDER.map((key, i) => [key, i]));

function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (value === null || typeof value !== "object") return value;
  const keys = Object.keys(value).sort((a, b) => {
    const ra = KEY_RANK.get(a) ?? Number.MAX_SAFE_INTEGER;
    const rb = KEY_RANK.get(b) ?? Number.MAX_SAFE_INTEGER;
    return ra !== rb ? ra - rb : a < b ? -1 : a > b ? 1 : 0;
  });
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = ordered(v);
  }
  return out;
}

/**
 * The report as pretty JSON with a stable key order (schema first, then the findings).
 * @example
 * renderJson(report) // '{\n  "schema": "aml-network-doctor/report@1",\n  "generatedAt": "2026-11-28T09:00:00.000Z", …'
 */
export function renderJson(report: Report): string {
  return `${JSON.stringify(ordered(report), null, 2)}\n`;
}

/** Text inside a Markdown code span: no backticks, no line breaks. */
function code(value: string): string {
  return `\`${value.replace(/`/g, "'").replace(/[\r\n]+/g, " ")}\``;
}

/** A code span inside a table cell: GFM splits cells on `|` even inside code, unless escaped. */
function codeCell(value: string): string {
  return code(value).replace(/\|/g, "\\|");
}

/** A wildcard host pattern inside prose: `*.instances.azureml.ms`. */
const WILDCARD = /\*\.[a-z0-9-]+(?:\.[a-z0-9-]+)+/g;

/**
 * Text in a Markdown table cell or list item: pipes, line breaks and HTML defused. Wildcard
 * patterns become code spans rather than `\*.x`, so a pattern copied from the rendered or the raw
 * text carries no backslash.
 */
function md(value: string): string {
  const parts = value.replace(/[\r\n]+/g, " ").split(WILDCARD);
  const patterns = value.replace(/[\r\n]+/g, " ").match(WILDCARD) ?? [];
  const escape = (part: string) =>
    part.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\*/g, "\\*").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return parts.map((part, i) => escape(part) + (i < patterns.length ? code(patterns[i]!) : "")).join("");
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/**
 * `2026-12-01 23:06 (UTC+09:00)` in the reader's time zone; `2026-12-01 14:06 UTC` without one
 * (or with a zone the runtime does not know). Intl is given the zone, so the output depends on
 * the input only. Inside a Japanese sentence (`lang` ja) the zone takes full-width parentheses.
 */
export function formatTime(isoTime: string, timeZone?: string, lang: Lang = "en"): string {
  const local = localTime(isoTime, timeZone);
  if (!local) return `${isoTime.slice(0, 16).replace("T", " ")} UTC`;
  return `${local.date} ${local.time.slice(0, 5)}${parenthesized(local.zone, lang)}`;
}

/** The wall-clock date, time (`HH:MM:SS`) and `UTC+09:00` of an instant in a time zone; undefined for UTC, no zone, or one the runtime does not know. */
function localTime(isoTime: string, timeZone?: string): { date: string; time: string; zone: string } | undefined {
  const date = new Date(isoTime);
  if (!timeZone || timeZone === "UTC" || Number.isNaN(date.getTime())) return undefined;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }).formatToParts(date);
  } catch {
    return undefined;
  }
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? NaN);
  const [year, month, dayOfMonth, hour, minute, second] = [
    get("year"),
    get("month"),
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  ];
  const offset = Math.round(
    (Date.UTC(year, month - 1, dayOfMonth, hour, minute, second) - Math.floor(date.getTime() / 1000) * 1000) / 60_000,
  );
  if (!Number.isFinite(offset)) return undefined;
  const sign = offset < 0 ? "-" : "+";
  return {
    date: `${year}-${pad2(month)}-${pad2(dayOfMonth)}`,
    time: `${pad2(hour)}:${pad2(minute)}:${pad2(second)}`,
    zone: `UTC${sign}${pad2(Math.floor(Math.abs(offset) / 60))}:${pad2(Math.abs(offset) % 60)}`,
  };
}

/** `2026-12-01 23:06:16`, a form a spreadsheet reads as a date and time; UTC without a known zone. */
function spreadsheetTime(isoTime: string, timeZone?: string): string {
  const local = localTime(isoTime, timeZone);
  return local ? `${local.date} ${local.time}` : isoTime.slice(0, 19).replace("T", " ");
}

/** The zone of the spreadsheet times, for their column header: `UTC+09:00`, or `UTC`. */
function spreadsheetZone(report: Report, timeZone?: string): string {
  return localTime(report.generatedAt, timeZone)?.zone ?? "UTC";
}

function kindLabels(failures: readonly ReportFailure[], lang: Lang): string {
  const kinds = [...new Set(failures.map((f) => f.kind))];
  return kinds.map((k) => KIND_TEXT[lang][k].label).join(REPORT_TEXT[lang].separator);
}

function headline(report: Report): string {
  const text = REPORT_TEXT[report.lang];
  if (report.studio === false) return text.titleNoStudio;
  return report.findings.length > 0 ? text.title(report.findings.length) : text.titleNone;
}

function preamble(report: Report, options: RenderOptions): string[] {
  const text = REPORT_TEXT[report.lang];
  const lines = [
    text.generated(
      formatTime(report.generatedAt, options.timeZone, report.lang),
      `${report.tool.name} ${report.tool.version}`,
      report.catalogVersion,
    ),
  ];
  if (report.source && text.source[report.source]) lines.push(text.source[report.source]!);
  if (report.stats) lines.push(text.stats(report.stats.observations, report.stats.probes));
  if (report.studio === false) lines.push(report.source === "har" ? text.noStudioTraffic : text.studioMissing);
  if (report.pendingHosts && report.pendingHosts.length > 0)
    lines.push(text.pendingNote(report.pendingHosts.length, report.pendingHosts.join(text.separator)));
  return lines;
}

function wsLabel(needed: boolean, lang: Lang): string {
  return needed ? REPORT_TEXT[lang].websocketRequired : REPORT_TEXT[lang].websocketNotNeeded;
}

const nameOf = (item: { entry: string; name?: string }) => item.name ?? item.entry;

const CHECK_MARKS: Record<ReportChecklistStatus, string> = { reached: "✓", blocked: "✗", "not-seen": "–" };
const CHECK_ORDER: Record<ReportChecklistStatus, number> = { blocked: 0, reached: 1, "not-seen": 2 };

/**
 * The checklist as one line per entry, blocked first, then reached, then not tried yet (catalog
 * order within); an entry that needs WebSocket adds that channel's own mark, since an HTTPS answer
 * says nothing about it: `✓ Compute instance (WebSocket –): HTTPS works, WebSocket not tried yet: …`.
 * Empty for a report without a checklist (a HAR's, the CLI's) and for a tab with no studio traffic.
 */
function checklistLines(report: Report): string[] {
  if (!report.checklist || report.checklist.length === 0) return [];
  if (report.studio === false && report.findings.length === 0) return [];
  const text = CHECKLIST_TEXT[report.lang];
  // Array.prototype.sort is stable: catalog order is kept within a group.
  const items = [...report.checklist].sort((a, b) => CHECK_ORDER[a.status] - CHECK_ORDER[b.status]);
  return items.map((item) => {
    const websocket = item.websocket ? parenthesized(`WebSocket ${CHECK_MARKS[item.websocket]}`, report.lang) : "";
    const hint = item.hint ? `${text.hintSeparator}${item.hint}` : "";
    return `${CHECK_MARKS[item.status]} ${item.name}${websocket}${hint}`;
  });
}

/** The checklist section's lines before the list: for a nothing-blocked report, what that means; then the legend. */
function checklistIntro(report: Report): string[] {
  const text = CHECKLIST_TEXT[report.lang];
  return report.findings.length === 0 ? [text.notTheNetwork, text.legend] : [text.legend];
}

/**
 * Markdown for an IT ticket: the headline, what is blocked, what to ask IT (grouped by who acts:
 * DNS, proxy, TLS inspection, firewall; one line per pattern with the exact hosts seen), then the
 * details per entry with the Microsoft page that documents it, then (extension reports) what the
 * tab checked; with nothing blocked, what the tab checked comes right after saying so.
 * @example
 * renderMarkdown(report, { timeZone: "Asia/Tokyo" })
 * // # Azure Machine Learning: the network blocks 1 endpoint
 * // …
 * // ## What to ask IT
 * // ### Proxy and firewall: let WebSocket pass
 * // - `*.instances.azureml.ms` — tcp/443 — WebSocket required — seen: `ci1.westeurope.instances.azureml.ms`
 */
export function renderMarkdown(report: Report, options: RenderOptions = {}): string {
  const lang = report.lang;
  const text = REPORT_TEXT[lang];
  const out: string[] = [`# ${headline(report)}`, ""];
  if (report.findings.length > 0) out.push(md(text.request), "");
  out.push(...preamble(report, options).map((line) => `${md(line)}  `), "");

  // Without studio traffic "nothing blocked" would be a false all-clear: the preamble says why instead.
  if (report.studio !== false || report.findings.length > 0) {
    out.push(`## ${text.whatIsBlocked}`, "");
    if (report.findings.length === 0) out.push(text.nothingBlocked);
    for (const finding of report.findings) {
      const pending = finding.pending ? parenthesized(text.statusPending, lang) : "";
      out.push(
        `- **${md(nameOf(finding))}**: ${md(kindLabels(finding.failures, lang))}${pending} — ${finding.hosts.map(code).join(", ")}`,
      );
    }
    out.push("");
  }
  const checked = checklistLines(report);
  const checklistMarkdown =
    checked.length === 0
      ? []
      : [
          `## ${CHECKLIST_TEXT[lang].heading}`,
          "",
          ...checklistIntro(report).map((line) => `${md(line)}  `),
          "",
          ...checked.map((line) => `- ${md(line)}`),
          "",
        ];
  if (report.findings.length === 0) out.push(...checklistMarkdown);

  if (report.findings.length > 0) {
    const groups = whatToAsk(report);
    if (groups.length > 0) out.push(`## ${text.whatToOpen}`, "");
    for (const group of groups) {
      out.push(`### ${md(group.action)}`, "");
      for (const line of group.lines) {
        const seen = line.hosts.length > 0 ? ` — ${text.seen}: ${line.hosts.map(code).join(", ")}` : "";
        const ports = line.ports.length > 0 ? ` — ${line.ports.join(", ")} — ${wsLabel(line.websocket, lang)}` : "";
        out.push(`- ${code(line.pattern)}${ports}${seen}`);
      }
      out.push("");
    }

    out.push(`## ${text.details}`, "");
    for (const finding of report.findings) {
      out.push(`### ${md(nameOf(finding))}${parenthesized(code(finding.entry), lang)}`, "");
      out.push(`${text.purpose}: ${md(finding.purpose)}  `);
      if (finding.breaks) out.push(`${text.breaks}: ${md(finding.breaks)}`);
      out.push("", md(finding.advice), "");
      if (finding.reference) out.push(`${text.reference}: <${finding.reference}>`, "");
      out.push(...failureTable(finding.failures, lang, options), "");
    }
    out.push(...checklistMarkdown);
  }
  out.push(...networkMarkdown(report));

  if (report.unmatched.length > 0) {
    out.push(`## ${text.unmatched}`, "");
    out.push(
      ...failureTable(
        report.unmatched.flatMap((u) => u.failures),
        lang,
        options,
      ),
      "",
    );
  }
  if (report.information && report.information.length > 0) {
    out.push(`## ${text.information}`, "");
    out.push(
      ...failureTable(
        report.information.flatMap((u) => u.failures),
        lang,
        options,
      ),
      "",
    );
  }
  if (report.reachable.length > 0) {
    out.push(`## ${text.reachable}`, "");
    for (const r of report.reachable) out.push(`- ${md(nameOf(r))}: ${r.hosts.map(code).join(", ")}`);
    out.push("");
  }
  if (report.warnings && report.warnings.length > 0) {
    out.push(`## ${text.notes}`, "");
    for (const warning of report.warnings) out.push(`- ${md(warning)}`);
    out.push("");
  }
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}

/** The network section: the path in words, then each catalog host's address and its type. */
function networkMarkdown(report: Report): string[] {
  const network = report.network;
  if (!network) return [];
  const text = NETWORK_TEXT[report.lang];
  const out = [`## ${text.heading}`, "", md(text.path[network.path]), ""];
  // Through a proxy every address is the proxy's: "no private endpoint seen" would claim what cannot be seen.
  if (network.privateEndpoints) out.push(md(text.privateEndpoints), "");
  else if (network.path !== "proxy") out.push(md(text.noPrivateEndpoints), "");
  if (network.hosts.length > 0) {
    const c = text.columns;
    out.push(`| ${c.host} | ${c.entry} | ${c.address} | ${c.class} |`, "|---|---|---|---|");
    for (const h of network.hosts) {
      out.push(
        `| ${codeCell(h.host)} | ${codeCell(h.entry)} | ${codeCell(h.address)} | ${h.proxy ? text.proxyAddress : text.class[h.class]} |`,
      );
    }
    out.push("");
  }
  if (network.moreHosts) out.push(md(text.more(network.moreHosts)), "");
  return out;
}

function failureTable(failures: readonly ReportFailure[], lang: Lang, options: RenderOptions): string[] {
  const c = REPORT_TEXT[lang].columns;
  const rows = [
    `| ${c.host} | ${c.channel} | ${c.kind} | ${c.error} | ${c.count} | ${c.firstSeen} | ${c.lastSeen} |`,
    "|---|---|---|---|---:|---|---|",
  ];
  for (const f of failures) {
    const channel = REPORT_TEXT[lang].channel[f.websocket ? "websocket" : "https"];
    rows.push(
      `| ${codeCell(f.host ?? "")} | ${channel} | ${md(f.explanation ?? KIND_TEXT[lang][f.kind].label)} | ${codeCell(f.error)} | ${f.count} | ${formatTime(f.firstSeen, options.timeZone)} | ${formatTime(f.lastSeen, options.timeZone)} |`,
    );
  }
  return rows;
}

/**
 * CSV for a spreadsheet: a header row, then one row per entry, host and kind (blocked, outside the
 * catalog, information, working). RFC 4180 quoting, CRLF line ends, formulas defused; Japanese
 * reports start with a byte order mark so Excel reads them as UTF-8. `first_seen`/`last_seen` stay
 * ISO 8601 UTC for scripts; two last columns give the same times as `YYYY-MM-DD HH:MM:SS` in the
 * reader's time zone, named in their header (`first_seen_local (UTC+09:00)`), which a spreadsheet
 * reads as dates. `ports` are the ports studio used (what to open), as in the advice of the same row.
 * The last column, `name`, is the entry's name for people (added last so no column moves).
 * @example
 * renderCsv(report)
 * // status,entry,host,websocket,kind,failure,error,count,first_seen,last_seen,patterns,ports,entry_needs_websocket,advice,…,name
 * // blocked,compute-instance,ci1.westeurope.instances.azureml.ms,yes,websocket,WebSocket upgrade refused,net::ERR_FAILED,3,…,Compute instance
 */
export function renderCsv(report: Report, options: RenderOptions = {}): string {
  const lang = report.lang;
  const text = REPORT_TEXT[lang];
  const h = text.csv;
  const yesNo = (v: boolean) => (v ? text.yes : text.no);
  const zone = spreadsheetZone(report, options.timeZone);
  const rows: string[] = [
    csvRow([
      h.status,
      h.entry,
      h.host,
      h.websocket,
      h.kind,
      h.label,
      h.error,
      h.count,
      h.firstSeen,
      h.lastSeen,
      h.patterns,
      h.ports,
      h.needsWebSocket,
      h.advice,
      h.firstSeenLocal(zone),
      h.lastSeenLocal(zone),
      h.name,
    ]),
  ];
  const failureRow = (
    status: string,
    entry: string,
    f: ReportFailure,
    patterns: string,
    ports: string,
    needsWs: string,
    advice: string,
    name = "",
  ) =>
    csvRow([
      status,
      entry,
      f.host ?? "",
      yesNo(f.websocket),
      f.kind,
      f.explanation ?? KIND_TEXT[lang][f.kind].label,
      f.error,
      String(f.count),
      f.firstSeen,
      f.lastSeen,
      patterns,
      ports,
      needsWs,
      advice,
      spreadsheetTime(f.firstSeen, options.timeZone),
      spreadsheetTime(f.lastSeen, options.timeZone),
      name,
    ]);
  for (const finding of report.findings) {
    for (const f of finding.failures) {
      const status = f.pending ? text.statusPending : text.status.blocked;
      rows.push(
        failureRow(
          status,
          finding.entry,
          f,
          finding.patterns.join(" "),
          (finding.openPorts ?? finding.ports).join(" "),
          yesNo(finding.websocket),
          finding.advice,
          finding.name ?? "",
        ),
      );
    }
  }
  for (const u of report.unmatched) {
    for (const f of u.failures)
      rows.push(
        failureRow(
          f.pending ? text.statusPending : text.status.unmatched,
          "",
          f,
          "",
          "",
          "",
          KIND_TEXT[lang][f.kind].advice,
        ),
      );
  }
  // A pending host with no failure listed yet (a plain request's net::ERR_FAILED: CORS, or a block the probe will name).
  const listed = new Set(
    [...report.findings.flatMap((f) => f.failures), ...report.unmatched.flatMap((u) => u.failures)]
      .filter((f) => f.pending)
      .map((f) => f.host),
  );
  for (const host of report.pendingHosts ?? []) {
    if (!listed.has(host))
      rows.push(csvRow([text.statusPending, "", host, "", "", "", "", "", "", "", "", "", "", "", "", "", ""]));
  }
  for (const u of report.information ?? [])
    for (const f of u.failures)
      rows.push(failureRow(text.status.information, "", f, "", "", "", KIND_TEXT[lang][f.kind].advice));
  for (const r of report.reachable) {
    for (const host of r.hosts)
      rows.push(
        csvRow([
          text.status.reachable,
          r.entry,
          host,
          "",
          "",
          "",
          "",
          "",
          "",
          "",
          "",
          "",
          "",
          "",
          "",
          "",
          r.name ?? "",
        ]),
      );
  }
  return `${lang === "ja" ? "\uFEFF" : ""}${rows.join("\r\n")}\r\n`;
}

/**
 * Plain text for a chat message or an e-mail: the same sections as the Markdown, without markup.
 * @example
 * renderText(report)
 * // Azure Machine Learning: the network blocks 1 endpoint
 * //
 * // What to ask IT:
 * //   Proxy and firewall: let WebSocket pass
 * //     *.instances.azureml.ms  tcp/443  WebSocket required  (seen: ci1.westeurope.instances.azureml.ms)
 */
export function renderText(report: Report, options: RenderOptions = {}): string {
  const lang = report.lang;
  const text = REPORT_TEXT[lang];
  const out: string[] = [headline(report), ""];
  if (report.findings.length > 0) out.push(text.request, "");
  out.push(...preamble(report, options), "");
  if (report.studio !== false || report.findings.length > 0) {
    out.push(`${text.whatIsBlocked}:`);
    if (report.findings.length === 0) out.push(`  ${text.nothingBlocked}`);
    for (const finding of report.findings) {
      out.push(
        `  - ${nameOf(finding)}: ${kindLabels(finding.failures, lang)}${finding.pending ? parenthesized(text.statusPending, lang) : ""}`,
      );
      for (const host of finding.hosts) out.push(`      ${host}`);
    }
    out.push("");
  }
  const checked = checklistLines(report);
  const checklistText =
    checked.length === 0
      ? []
      : [
          `${CHECKLIST_TEXT[lang].heading}:`,
          ...checklistIntro(report).map((line) => `  ${line}`),
          ...checked.map((line) => `    ${line}`),
          "",
        ];
  if (report.findings.length === 0) out.push(...checklistText);
  if (report.findings.length > 0) {
    const groups = whatToAsk(report);
    if (groups.length > 0) out.push(`${text.whatToOpen}:`);
    for (const group of groups) {
      out.push(`  ${group.action}`);
      for (const line of group.lines) {
        const hosts = `${text.seen}: ${line.hosts.join(", ")}`;
        const seen = line.hosts.length === 0 ? "" : lang === "ja" ? parenthesized(hosts, lang) : `  (${hosts})`;
        const ports = line.ports.length > 0 ? `  ${line.ports.join(",")}  ${wsLabel(line.websocket, lang)}` : "";
        out.push(`    ${line.pattern}${ports}${seen}`);
      }
    }
    if (groups.length > 0) out.push("");
    out.push(`${text.details}:`);
    for (const finding of report.findings) {
      out.push(`  [${nameOf(finding)}] ${finding.advice}`);
      if (finding.reference) out.push(`    ${text.reference}: ${finding.reference}`);
      for (const f of finding.failures) out.push(`    ${failureLine(f, lang, options)}`);
    }
    out.push("", ...checklistText);
  }
  if (report.network) {
    const net = NETWORK_TEXT[lang];
    out.push(`${net.heading}:`, `  ${net.path[report.network.path]}`);
    if (report.network.privateEndpoints) out.push(`  ${net.privateEndpoints}`);
    for (const h of report.network.hosts)
      out.push(`    ${h.host}  ${h.address}  ${h.proxy ? net.proxyAddress : net.class[h.class]}`);
    if (report.network.moreHosts) out.push(`    ${net.more(report.network.moreHosts)}`);
    out.push("");
  }
  if (report.unmatched.length > 0) {
    out.push(`${text.unmatched}:`);
    for (const u of report.unmatched) for (const f of u.failures) out.push(`    ${failureLine(f, lang, options)}`);
    out.push("");
  }
  if (report.information && report.information.length > 0) {
    out.push(`${text.information}:`);
    for (const u of report.information) for (const f of u.failures) out.push(`    ${failureLine(f, lang, options)}`);
    out.push("");
  }
  if (report.reachable.length > 0) {
    out.push(`${text.reachable}:`);
    for (const r of report.reachable) out.push(`  ${nameOf(r)}: ${r.hosts.join(", ")}`);
    out.push("");
  }
  if (report.warnings && report.warnings.length > 0) {
    out.push(`${text.notes}:`);
    for (const warning of report.warnings) out.push(`  - ${warning}`);
    out.push("");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

function failureLine(f: ReportFailure, lang: Lang, options: RenderOptions): string {
  const channel = REPORT_TEXT[lang].channel[f.websocket ? "websocket" : "https"];
  const error = f.error.replace(/[\r\n]+/g, " ");
  return `${f.host ?? ""} ${channel}: ${f.explanation ?? KIND_TEXT[lang][f.kind].label} [${error}] x${f.count} (${formatTime(f.firstSeen, options.timeZone)} – ${formatTime(f.lastSeen, options.timeZone)})`;
}

/**
 * Just the allow-list, for a proxy or firewall rule: Microsoft's patterns with ports and WebSocket
 * need, one a line, then the exact hosts seen (the minimal alternative) as `#` comment lines.
 * @example
 * renderAllowList(report)
 * // # Azure Machine Learning: Microsoft's patterns to allow (pattern, ports, WebSocket)
 * // *.instances.azureml.ms tcp/443 websocket
 * // # Or, as a minimum, the exact hosts seen blocked:
 * // # ci1.westeurope.instances.azureml.ms
 */
export function renderAllowList(report: Report): string {
  const text = REPORT_TEXT[report.lang];
  const lines = [`# ${text.allowListHead}`];
  const exact = new Set<string>();
  const seen = new Set<string>();
  for (const finding of report.findings) {
    const websocket = finding.websocket || finding.failures.some((f) => f.kind === "websocket");
    for (const pattern of finding.patterns) {
      if (seen.has(pattern)) continue;
      seen.add(pattern);
      lines.push(`${pattern} ${(finding.openPorts ?? finding.ports).join(",")}${websocket ? " websocket" : ""}`);
    }
    for (const host of exactHostsBeside(finding.patterns, finding.hosts)) exact.add(host);
  }
  if (exact.size > 0) lines.push(`# ${text.allowListExact}`, ...[...exact].map((host) => `# ${host}`));
  return `${lines.join("\n")}\n`;
}
