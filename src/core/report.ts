/**
 * The report IT acts on: built from a diagnosis state, rendered as JSON (schema
 * `aml-network-doctor/report@1`, docs/report-schema.md), Markdown for a ticket, CSV and plain text,
 * in English or Japanese. The state holds only hosts and redacted samples, so no renderer can leak
 * a path, query, fragment, credential or token.
 */
import { portsOfPatterns } from "./catalog/ports.js";
import type { Catalog, CatalogEntry, Lang } from "./catalog/types.js";
import { csvRow } from "./csv.js";
import { isChannelBlocked, type ChannelState, type DiagnosisState, type FailureRecord, type HostState } from "./diagnosis.js";
import { patternCovers } from "./matcher.js";
import { getOwn } from "./own-properties.js";
import { BLOCKING_KINDS, type Channel, type FailureKind } from "./observation.js";
import { KIND_TEXT, REPORT_TEXT } from "./report-i18n.js";
import {
  REPORT_SCHEMA,
  TOOL_NAME,
  type Report,
  type ReportFailure,
  type ReportFinding,
  type ReportReachable,
  type ReportUnmatched,
} from "./report-schema.js";

export interface BuildReportOptions {
  catalog: Catalog;
  lang: Lang;
  /** Epoch ms: the report's `generatedAt`. */
  now: number;
  toolVersion: string;
  /** False when the tab shows no studio session. */
  studio?: boolean;
  /** `extension` or `har`. */
  source?: string;
  /** What was skipped while reading the input. */
  warnings?: string[];
}

const CHANNELS: readonly Channel[] = ["https", "websocket"];

function reportFailure(host: string, channel: Channel, kind: FailureKind, record: FailureRecord, sample: string | undefined, lang: Lang): ReportFailure {
  const text = KIND_TEXT[lang][kind];
  const failure: ReportFailure = {
    host,
    kind: kind as ReportFailure["kind"],
    websocket: channel === "websocket",
    error: record.error,
    count: record.count,
    firstSeen: record.firstSeen,
    lastSeen: record.lastSeen,
  };
  if (sample !== undefined) failure.sample = sample;
  if (record.probed) failure.probed = true;
  failure.explanation = record.probed ? `${text.label} (${REPORT_TEXT[lang].probed})` : text.label;
  return failure;
}

/** The active blocking failures of a host, https before websocket, kinds in a fixed order. */
function blockingFailures(name: string, host: HostState, lang: Lang): ReportFailure[] {
  const out: ReportFailure[] = [];
  for (const channelName of CHANNELS) {
    const channel: ChannelState | undefined = host[channelName];
    if (!channel || !isChannelBlocked(channel, channelName)) continue;
    for (const kind of BLOCKING_KINDS) {
      const record = channel.failures[kind];
      if (record?.active) out.push(reportFailure(name, channelName, kind, record, channel.sample, lang));
    }
    if (channelName === "websocket" && channel.unresolved?.active && !channel.failures.websocket?.active) {
      out.push(reportFailure(name, channelName, "websocket", channel.unresolved, channel.sample, lang));
    }
  }
  return out;
}

function informationFailures(name: string, host: HostState, lang: Lang): ReportFailure[] {
  const out: ReportFailure[] = [];
  for (const channelName of CHANNELS) {
    const channel = host[channelName];
    const record = channel?.failures["blocked-by-client"];
    if (channel && record) out.push(reportFailure(name, channelName, "blocked-by-client", record, channel.sample, lang));
  }
  return out;
}

function answered(host: HostState): boolean {
  return (host.https?.ok ?? 0) > 0 || (host.websocket?.ok ?? 0) > 0 || host.evidence?.ok === true;
}

/** The entry's patterns that cover the blocked hosts (all of them when none does, which the matcher rules out). */
function patternsFor(entry: CatalogEntry, hosts: readonly string[]): string[] {
  const covering = entry.patterns.filter((pattern) => hosts.some((host) => patternCovers(pattern, host)));
  return covering.length > 0 ? covering : [...entry.patterns];
}

/** Kinds whose cause is a firewall that refuses, resets or drops: only they ask to open ports. */
const FIREWALL_KINDS: ReadonlySet<FailureKind> = new Set<FailureKind>(["connection", "timeout"]);

/** The blocked hosts that are not themselves one of the patterns: what "seen here" names beside a wildcard. */
function exactHostsBeside(patterns: readonly string[], hosts: readonly string[]): string[] {
  return hosts.filter((host) => !patterns.includes(host));
}

/**
 * What to ask IT for one finding, in the report's language: which hosts (Microsoft's pattern and
 * the exact hosts seen), then each cause's own request (DNS, proxy sign-in, TLS inspection,
 * WebSocket pass-through…). Opening HTTPS on the firewall is asked only when the firewall is the
 * cause (refused, reset, timeout): a DNS or proxy-authentication ticket must reach the team that
 * can fix it.
 */
export function adviceFor(
  entry: CatalogEntry,
  patterns: readonly string[],
  kinds: readonly FailureKind[],
  lang: Lang,
  usedPorts: readonly string[] = [],
  hosts: readonly string[] = [],
): string {
  const text = REPORT_TEXT[lang];
  const exact = exactHostsBeside(patterns, hosts);
  const sentences = [exact.length > 0 ? text.target(patterns.join(text.separator), exact.join(text.separator)) : text.targetPatternsOnly(patterns.join(text.separator))];
  const seen = new Set<FailureKind>();
  for (const kind of BLOCKING_KINDS) {
    if (kinds.includes(kind) && !seen.has(kind)) {
      seen.add(kind);
      sentences.push(KIND_TEXT[lang][kind].advice);
    }
  }
  if (kinds.some((kind) => FIREWALL_KINDS.has(kind))) {
    // Ports are Microsoft's for these patterns only (8787/18881 are on *.instances.azureml.ms, not
    // *.instances.azureml.net). Ask for the ports studio actually used; the patterns' other ports
    // (SMB 445 of file shares, 8787/18881 behind private endpoints) must not be opened on its word.
    const patternPorts = portsOfPatterns(entry, patterns);
    const ports = usedPorts.length > 0 ? usedPorts : patternPorts;
    sentences.push(text.allow(patterns.join(text.separator), ports.join(text.separator)));
    const others = patternPorts.filter((port) => !ports.includes(port));
    if (others.length > 0) sentences.push(text.otherPorts(others.join(text.separator)));
    // The websocket kind's own advice already asks for WebSocket; say it once.
    if (entry.websocket && !kinds.includes("websocket")) sentences.push(text.allowWebSocket);
  }
  return sentences.join(lang === "ja" ? "" : " ");
}

/** The entry's short name: its purpose up to the first colon, comma or parenthesis ("Compute instance"). */
export function entryName(entry: CatalogEntry, lang: Lang): string {
  const purpose = entry.purpose[lang];
  const cut = purpose.search(/: |, | \(|（|、/);
  return (cut > 0 ? purpose.slice(0, cut) : purpose).trim();
}

/** The Microsoft Learn page of the entry (the first one it cites), in Japanese for a Japanese report. */
export function entryReference(entry: CatalogEntry, lang: Lang): string | undefined {
  const learn = entry.sources.find((source) => source.url.startsWith("https://learn.microsoft.com/")) ?? entry.sources.find((source) => source.url.startsWith("https://docs.azure.cn/"));
  if (!learn) return undefined;
  return lang === "ja" ? learn.url.replace(/^https:\/\/learn\.microsoft\.com\/(?!ja-jp\/)/, "https://learn.microsoft.com/ja-jp/") : learn.url;
}

/** `tcp/N` for each port the failed requests went to (443 for https and wss, 80 for http and ws). */
export function portsUsed(failures: readonly ReportFailure[]): string[] {
  const ports = new Set<string>();
  for (const failure of failures) {
    const match = /^(\w+):\/\/(?:\[[^\]]*\]|[^:/]*)(?::(\d+))?/.exec(failure.sample ?? "");
    if (!match) continue;
    const port = match[2] ?? (match[1] === "http" || match[1] === "ws" ? "80" : "443");
    ports.add(`tcp/${port}`);
  }
  return [...ports].sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
}

function sortedHosts(hosts: Record<string, HostState>): string[] {
  return Object.keys(hosts).sort();
}

/** The report of a diagnosis: findings in catalog order, then hosts outside the catalog, working entries and information. */
export function buildReport(state: DiagnosisState, options: BuildReportOptions): Report {
  const { catalog, lang } = options;
  const text = REPORT_TEXT[lang];
  const findings: ReportFinding[] = [];
  const reachable: ReportReachable[] = [];
  const unmatched: ReportUnmatched[] = [];
  const information: ReportUnmatched[] = [];
  const warnings: string[] = [...(options.warnings ?? [])];

  const known = new Set<string>();
  for (const entry of catalog.entries) {
    known.add(entry.id);
    const entryState = getOwn(state.entries, entry.id);
    if (!entryState) continue;
    const blockedHosts: string[] = [];
    const failures: ReportFailure[] = [];
    const working: string[] = [];
    for (const name of sortedHosts(entryState.hosts)) {
      const host = entryState.hosts[name]!;
      const hostFailures = blockingFailures(name, host, lang);
      if (hostFailures.length > 0) {
        blockedHosts.push(name);
        failures.push(...hostFailures);
      }
      // A host that answered over one channel but is blocked over the other is a finding, not working.
      else if (answered(host)) working.push(name);
      const info = informationFailures(name, host, lang);
      if (info.length > 0) information.push({ host: name, failures: info });
    }
    if ((entryState.overflow?.blocked ?? 0) > 0) warnings.push(text.overflow(entryState.overflow!.hosts || entryState.overflow!.blocked, entry.id));
    if (working.length > 0) reachable.push({ entry: entry.id, name: entryName(entry, lang), hosts: working });
    if (blockedHosts.length === 0) continue;
    const patterns = patternsFor(entry, blockedHosts);
    const kinds = [...new Set(failures.map((f) => f.kind))];
    const openPorts = portsUsed(failures);
    const finding: ReportFinding = {
      entry: entry.id,
      name: entryName(entry, lang),
      patterns,
      purpose: entry.purpose[lang],
      breaks: entry.breaks[lang],
      ports: portsOfPatterns(entry, patterns),
      websocket: entry.websocket,
      hosts: blockedHosts,
      failures,
      advice: adviceFor(entry, patterns, kinds, lang, openPorts, blockedHosts),
    };
    const reference = entryReference(entry, lang);
    if (reference) finding.reference = reference;
    if (openPorts.length > 0) finding.openPorts = openPorts;
    findings.push(finding);
  }

  // Entries the catalog no longer has (the state outlived a catalog update) count as unmatched.
  const outside: Array<[string, HostState]> = Object.keys(state.unmatched).map((name) => [name, state.unmatched[name]!]);
  for (const id of Object.keys(state.entries)) {
    if (known.has(id)) continue;
    for (const name of sortedHosts(state.entries[id]!.hosts)) outside.push([name, state.entries[id]!.hosts[name]!]);
  }
  outside.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [name, host] of outside) {
    const hostFailures = blockingFailures(name, host, lang);
    if (hostFailures.length > 0) unmatched.push({ host: name, failures: hostFailures });
    const info = informationFailures(name, host, lang);
    if (info.length > 0) information.push({ host: name, failures: info });
  }
  if ((state.unmatchedOverflow?.blocked ?? 0) > 0) {
    warnings.push(text.unmatchedOverflow(state.unmatchedOverflow!.hosts || state.unmatchedOverflow!.blocked));
  }

  const report: Report = {
    schema: REPORT_SCHEMA,
    generatedAt: new Date(options.now).toISOString(),
    tool: { name: TOOL_NAME, version: options.toolVersion },
    lang,
    catalogVersion: catalog.version,
    findings,
    unmatched,
    reachable,
  };
  if (options.studio !== undefined) report.studio = options.studio;
  if (options.source !== undefined) report.source = options.source;
  report.stats = { observations: state.counts.observations, probes: state.counts.probes, ignored: state.counts.ignored };
  if (information.length > 0) report.information = information;
  if (warnings.length > 0) report.warnings = warnings;
  return report;
}

/** How the renderers show times: in this IANA time zone (`Asia/Tokyo`), UTC when absent. */
export interface RenderOptions {
  /** The reader's time zone, given by the shell (the popup's or the CLI's); the core has no clock or locale of its own. */
  timeZone?: string;
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
      const action = KIND_TEXT[report.lang][kind].action ?? text.otherAction;
      const group = groups.get(action) ?? { lines: [], seen: new Set<string>() };
      groups.set(action, group);
      for (const pattern of finding.patterns) {
        if (group.seen.has(pattern)) continue;
        group.seen.add(pattern);
        const hosts = finding.hosts.filter((host) => host !== pattern && patternCovers(pattern, host));
        group.lines.push({ pattern, hosts, ports: finding.openPorts ?? finding.ports, websocket });
      }
    }
  }
  return [...groups].map(([action, group]) => ({ action, lines: group.lines }));
}

/** Keys in the order a reader expects them; one list serves every object of the report. */
const KEY_ORDER = [
  "schema", "generatedAt", "tool", "name", "version", "lang", "catalogVersion", "studio", "source", "stats",
  "observations", "probes", "ignored", "findings", "unmatched", "reachable", "information", "warnings",
  "entry", "name", "host", "kind", "patterns", "purpose", "breaks", "ports", "openPorts", "websocket", "hosts", "error", "count",
  "firstSeen", "lastSeen", "sample", "probed", "explanation", "failures", "advice", "reference",
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
  const escape = (part: string) => part.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\*/g, "\\*").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return parts.map((part, i) => escape(part) + (i < patterns.length ? code(patterns[i]!) : "")).join("");
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/**
 * `2026-12-01 23:06 (UTC+09:00)` in the reader's time zone; `2026-12-01 14:06 UTC` without one
 * (or with a zone the runtime does not know). Intl is given the zone, so the output depends on
 * the input only.
 */
export function formatTime(isoTime: string, timeZone?: string): string {
  const local = localTime(isoTime, timeZone);
  if (!local) return `${isoTime.slice(0, 16).replace("T", " ")} UTC`;
  return `${local.date} ${local.time.slice(0, 5)} (${local.zone})`;
}

/** The wall-clock date, time (`HH:MM:SS`) and `UTC+09:00` of an instant in a time zone; undefined for UTC, no zone, or one the runtime does not know. */
function localTime(isoTime: string, timeZone?: string): { date: string; time: string; zone: string } | undefined {
  const date = new Date(isoTime);
  if (!timeZone || timeZone === "UTC" || Number.isNaN(date.getTime())) return undefined;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(date);
  } catch {
    return undefined;
  }
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? NaN);
  const [year, month, dayOfMonth, hour, minute, second] = [get("year"), get("month"), get("day"), get("hour"), get("minute"), get("second")];
  const offset = Math.round((Date.UTC(year, month - 1, dayOfMonth, hour, minute, second) - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
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
  const lines = [text.generated(formatTime(report.generatedAt, options.timeZone), `${report.tool.name} ${report.tool.version}`, report.catalogVersion)];
  if (report.source && text.source[report.source]) lines.push(text.source[report.source]!);
  if (report.stats) lines.push(text.stats(report.stats.observations, report.stats.probes));
  if (report.studio === false) lines.push(report.source === "har" ? text.noStudioTraffic : text.studioMissing);
  return lines;
}

function wsLabel(needed: boolean, lang: Lang): string {
  return needed ? REPORT_TEXT[lang].websocketRequired : REPORT_TEXT[lang].websocketNotNeeded;
}

const nameOf = (item: { entry: string; name?: string }) => item.name ?? item.entry;

/**
 * Markdown for an IT ticket: the headline, what is blocked, what to ask IT (grouped by who acts:
 * DNS, proxy, TLS inspection, firewall; one line per pattern with the exact hosts seen), then the
 * details per entry with the Microsoft page that documents it.
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
      out.push(`- **${md(nameOf(finding))}**: ${md(kindLabels(finding.failures, lang))} — ${finding.hosts.map(code).join(", ")}`);
    }
    out.push("");
  }

  if (report.findings.length > 0) {
    out.push(`## ${text.whatToOpen}`, "");
    for (const group of whatToAsk(report)) {
      out.push(`### ${md(group.action)}`, "");
      for (const line of group.lines) {
        const seen = line.hosts.length > 0 ? ` — ${text.seen}: ${line.hosts.map(code).join(", ")}` : "";
        out.push(`- ${code(line.pattern)} — ${line.ports.join(", ")} — ${wsLabel(line.websocket, lang)}${seen}`);
      }
      out.push("");
    }

    out.push(`## ${text.details}`, "");
    for (const finding of report.findings) {
      out.push(`### ${md(nameOf(finding))} (${code(finding.entry)})`, "");
      out.push(`${text.purpose}: ${md(finding.purpose)}  `);
      if (finding.breaks) out.push(`${text.breaks}: ${md(finding.breaks)}`);
      out.push("", md(finding.advice), "");
      if (finding.reference) out.push(`${text.reference}: <${finding.reference}>`, "");
      out.push(...failureTable(finding.failures, lang, options), "");
    }
  }

  if (report.unmatched.length > 0) {
    out.push(`## ${text.unmatched}`, "");
    out.push(...failureTable(report.unmatched.flatMap((u) => u.failures), lang, options), "");
  }
  if (report.information && report.information.length > 0) {
    out.push(`## ${text.information}`, "");
    out.push(...failureTable(report.information.flatMap((u) => u.failures), lang, options), "");
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
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
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
 * @example
 * renderCsv(report)
 * // status,entry,host,websocket,kind,failure,error,count,first_seen,last_seen,patterns,ports,entry_needs_websocket,advice
 * // blocked,compute-instance,ci1.westeurope.instances.azureml.ms,yes,websocket,WebSocket upgrade refused,net::ERR_FAILED,3,…
 */
export function renderCsv(report: Report, options: RenderOptions = {}): string {
  const lang = report.lang;
  const text = REPORT_TEXT[lang];
  const h = text.csv;
  const yesNo = (v: boolean) => (v ? text.yes : text.no);
  const zone = spreadsheetZone(report, options.timeZone);
  const rows: string[] = [
    csvRow([h.status, h.entry, h.host, h.websocket, h.kind, h.label, h.error, h.count, h.firstSeen, h.lastSeen, h.patterns, h.ports, h.needsWebSocket, h.advice, `${h.firstSeenLocal} (${zone})`, `${h.lastSeenLocal} (${zone})`]),
  ];
  const failureRow = (status: string, entry: string, f: ReportFailure, patterns: string, ports: string, needsWs: string, advice: string) =>
    csvRow([
      status, entry, f.host ?? "", yesNo(f.websocket), f.kind, f.explanation ?? KIND_TEXT[lang][f.kind].label, f.error, String(f.count), f.firstSeen, f.lastSeen,
      patterns, ports, needsWs, advice, spreadsheetTime(f.firstSeen, options.timeZone), spreadsheetTime(f.lastSeen, options.timeZone),
    ]);
  for (const finding of report.findings) {
    for (const f of finding.failures) {
      rows.push(failureRow(text.status.blocked, finding.entry, f, finding.patterns.join(" "), (finding.openPorts ?? finding.ports).join(" "), yesNo(finding.websocket), finding.advice));
    }
  }
  for (const u of report.unmatched) for (const f of u.failures) rows.push(failureRow(text.status.unmatched, "", f, "", "", "", KIND_TEXT[lang][f.kind].advice));
  for (const u of report.information ?? []) for (const f of u.failures) rows.push(failureRow(text.status.information, "", f, "", "", "", KIND_TEXT[lang][f.kind].advice));
  for (const r of report.reachable) {
    for (const host of r.hosts) rows.push(csvRow([text.status.reachable, r.entry, host, "", "", "", "", "", "", "", "", "", "", "", "", ""]));
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
      out.push(`  - ${nameOf(finding)}: ${kindLabels(finding.failures, lang)}`);
      for (const host of finding.hosts) out.push(`      ${host}`);
    }
    out.push("");
  }
  if (report.findings.length > 0) {
    out.push(`${text.whatToOpen}:`);
    for (const group of whatToAsk(report)) {
      out.push(`  ${group.action}`);
      for (const line of group.lines) {
        const seen = line.hosts.length > 0 ? `  (${text.seen}: ${line.hosts.join(", ")})` : "";
        out.push(`    ${line.pattern}  ${line.ports.join(",")}  ${wsLabel(line.websocket, lang)}${seen}`);
      }
    }
    out.push("", `${text.details}:`);
    for (const finding of report.findings) {
      out.push(`  [${nameOf(finding)}] ${finding.advice}`);
      if (finding.reference) out.push(`    ${text.reference}: ${finding.reference}`);
      for (const f of finding.failures) out.push(`    ${failureLine(f, lang, options)}`);
    }
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
