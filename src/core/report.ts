/**
 * The report IT acts on: built from a diagnosis state, rendered as JSON (schema
 * `aml-network-doctor/report@1`, docs/report-schema.md), Markdown for a ticket, CSV and plain text,
 * in English or Japanese. The state holds only hosts and redacted samples, so no renderer can leak
 * a path, query, fragment, credential or token.
 */
import { portsOfPatterns } from "./catalog/ports.js";
import type { Catalog, CatalogEntry, Cloud, Lang } from "./catalog/types.js";
import { buildChecklist } from "./checklist.js";
import { csvRow } from "./csv.js";
import {
  isChannelBlocked,
  type ChannelState,
  type DiagnosisState,
  type FailureRecord,
  type HostState,
} from "./diagnosis-state.js";
import { patternCovers } from "./matcher.js";
import { getOwn } from "./own-properties.js";
import { BLOCKING_KINDS, type Channel, type FailureKind } from "./observation.js";
import { DEFAULT_RANGES, type PrivateRanges } from "./ip-ranges.js";
import { networkOf, type NetworkView, type PrivateDnsHost } from "./network.js";
import { KIND_TEXT, NETWORK_TEXT, REPORT_TEXT, SOCKET_TEXT } from "./report-i18n.js";
import { SOCKET_HEALTH_KINDS, idleCluster, median, type CloseSample } from "./websocket-health.js";
import {
  NETWORK_HOSTS_MAX,
  REPORT_SCHEMA,
  type ReportDnsZone,
  type ReportNetwork,
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
  /** The organisation's private address ranges (setting `privateRanges`); RFC 1918 and friends by default. */
  privateRanges?: PrivateRanges;
  /**
   * Hosts the extension has a follow-up probe outstanding for, or will probe once its caps allow.
   * Their `net::ERR_FAILED` failures are reported as pending (and listed in `pendingHosts`) instead
   * of as a final kind. A HAR has none.
   */
  probing?: readonly string[];
  /** The cloud of the tab's studio: the report gets a `checklist` of that cloud's browser entries (src/core/checklist.ts). */
  checklistCloud?: Cloud;
}

/** Kinds whose cure is not opening the host: DNS zones, Azure-side network rules. */
const NOT_OPENING = new Set<FailureKind>(["private-dns", "azure-refused"]);

function privateDnsFailure(h: PrivateDnsHost, lang: Lang): ReportFailure {
  return {
    host: h.host,
    kind: "private-dns",
    websocket: false,
    error: `public address ${h.address}`,
    count: h.count,
    firstSeen: h.firstSeen,
    lastSeen: h.lastSeen,
    explanation: KIND_TEXT[lang]["private-dns"].label,
  };
}

/** The private-DNS sentences of a finding: the first host in plain words, then each zone to forward. */
function privateDnsAdvice(
  hosts: readonly PrivateDnsHost[],
  lang: Lang,
): { sentences: string[]; zones: ReportDnsZone[] } {
  const text = NETWORK_TEXT[lang];
  const sentences: string[] = [];
  const zones: ReportDnsZone[] = [];
  if (hosts.length > 0) sentences.push(text.publicHost(hosts[0]!.host, hosts[0]!.address));
  for (const h of hosts) {
    if (!h.zone || zones.some((z) => z.forward === h.zone!.forward)) continue;
    zones.push(
      h.zone.privateZone ? { forward: h.zone.forward, privateZone: h.zone.privateZone } : { forward: h.zone.forward },
    );
    sentences.push(text.forwardZone(h.zone.forward, h.zone.privateZone));
  }
  return { sentences, zones };
}

function reportNetwork(view: NetworkView): ReportNetwork | undefined {
  if (view.hosts.length === 0 && view.path === "unknown") return undefined;
  const network: ReportNetwork = { path: view.path, privateEndpoints: view.privateEndpoints, hosts: [] };
  for (const h of view.hosts.slice(0, NETWORK_HOSTS_MAX)) {
    network.hosts.push({
      host: h.host,
      entry: h.entry,
      address: h.address,
      class: h.class,
      ...(h.proxy ? { proxy: true } : {}),
    });
  }
  if (view.hosts.length > NETWORK_HOSTS_MAX) network.moreHosts = view.hosts.length - NETWORK_HOSTS_MAX;
  return network;
}

const CHANNELS: readonly Channel[] = ["https", "websocket"];

function reportFailure(
  host: string,
  channel: Channel,
  kind: FailureKind,
  record: FailureRecord,
  sample: string | undefined,
  lang: Lang,
  pending = false,
  entry = "",
): ReportFailure {
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
  if (pending) failure.pending = true;
  failure.explanation = pending
    ? `${text.label} (${REPORT_TEXT[lang].pending})`
    : record.probed
      ? `${text.label} (${REPORT_TEXT[lang].probed})`
      : text.label;
  if (SOCKET_HEALTH_KINDS.has(kind) && record.closes && record.closes.length > 0)
    describeCloses(failure, record.closes, entry, lang);
  return failure;
}

/** Close codes, median lifetime and idle time, the idle cluster, and a sentence saying so. */
function describeCloses(failure: ReportFailure, closes: readonly CloseSample[], entry: string, lang: Lang): void {
  const words = SOCKET_TEXT[lang];
  failure.closeCodes = [...new Set(closes.map((c) => c.code))].sort((a, b) => a - b);
  failure.livedSeconds = Math.round(median(closes.map((c) => c.lived)));
  failure.idleSeconds = Math.round(median(closes.map((c) => c.idle)));
  const what = words.connection(entry, failure.host ?? "");
  if (failure.kind === "websocket-protocol") {
    failure.explanation = words.protocol(what, failure.count, failure.closeCodes.join(REPORT_TEXT[lang].separator));
    return;
  }
  const cluster = idleCluster(closes.map((c) => c.idle));
  if (cluster !== undefined) {
    failure.idleTimeoutSeconds = cluster;
    failure.explanation = words.droppedAt(what, failure.count, words.duration(cluster));
  } else {
    failure.explanation = words.dropped(
      what,
      failure.count,
      words.duration(failure.livedSeconds),
      words.duration(failure.idleSeconds),
    );
  }
}

/** The advice sentences of a finding's socket-health failures, from every bad close of its hosts. */
function socketAdvice(
  failures: readonly ReportFailure[],
  samples: ReadonlyMap<string, CloseSample[]>,
  lang: Lang,
): string[] {
  const words = SOCKET_TEXT[lang];
  const out: string[] = [];
  const drops = samples.get("websocket-dropped") ?? [];
  if (drops.length > 0 && failures.some((f) => f.kind === "websocket-dropped")) {
    const lived = words.duration(median(drops.map((c) => c.lived)));
    const cluster = idleCluster(drops.map((c) => c.idle));
    out.push(
      cluster !== undefined
        ? words.idleTimeout(cluster, lived)
        : words.cut(lived, words.duration(median(drops.map((c) => c.idle)))),
    );
  }
  const protocol = samples.get("websocket-protocol") ?? [];
  if (protocol.length > 0 && failures.some((f) => f.kind === "websocket-protocol")) {
    out.push(
      words.protocolAdvice(
        [...new Set(protocol.map((c) => c.code))].sort((a, b) => a - b).join(REPORT_TEXT[lang].separator),
      ),
    );
  }
  return out;
}

/**
 * The active blocking failures of a host, https before websocket, kinds in a fixed order. A failed
 * WebSocket still waiting for evidence is `websocket`: final when no probe will come (a HAR, probes
 * off), pending while one is outstanding (`pending`).
 */
function blockingFailures(name: string, host: HostState, lang: Lang, pending = false, entry = ""): ReportFailure[] {
  const out: ReportFailure[] = [];
  for (const channelName of CHANNELS) {
    const channel: ChannelState | undefined = host[channelName];
    if (!channel || !isChannelBlocked(channel, channelName)) continue;
    for (const kind of BLOCKING_KINDS) {
      const record = channel.failures[kind];
      if (record?.active) out.push(reportFailure(name, channelName, kind, record, channel.sample, lang, false, entry));
    }
    if (channelName === "websocket" && channel.unresolved?.active && !channel.failures.websocket?.active) {
      out.push(reportFailure(name, channelName, "websocket", channel.unresolved, channel.sample, lang, pending));
    }
  }
  return out;
}

function informationFailures(name: string, host: HostState, lang: Lang): ReportFailure[] {
  const out: ReportFailure[] = [];
  for (const channelName of CHANNELS) {
    const channel = host[channelName];
    const record = channel?.failures["blocked-by-client"];
    if (channel && record)
      out.push(reportFailure(name, channelName, "blocked-by-client", record, channel.sample, lang));
  }
  return out;
}

/** The host has a `net::ERR_FAILED` still waiting for evidence, on either channel. */
function isAwaitingEvidence(host: HostState): boolean {
  return host.https?.unresolved?.active === true || host.websocket?.unresolved?.active === true;
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
  // DNS zones and Azure-side network rules: the advice is the kind's own; nothing to open.
  if (kinds.length > 0 && kinds.every((kind) => NOT_OPENING.has(kind))) {
    return [...new Set(kinds)].map((kind) => KIND_TEXT[lang][kind].advice).join(lang === "ja" ? "" : " ");
  }
  // Sockets that opened and then dropped reached the host: their sentences come from socketAdvice.
  if (isSocketHealthOnly(kinds)) return "";
  const exact = exactHostsBeside(patterns, hosts);
  const sentences = [
    exact.length > 0
      ? text.target(patterns.join(text.separator), exact.join(text.separator))
      : text.targetPatternsOnly(patterns.join(text.separator)),
  ];
  const seen = new Set<FailureKind>();
  for (const kind of BLOCKING_KINDS) {
    if (kinds.includes(kind) && !seen.has(kind) && !SOCKET_HEALTH_KINDS.has(kind)) {
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

/** Every kind is about sockets after their handshake (issue 12): nothing to open. */
function isSocketHealthOnly(kinds: readonly FailureKind[]): boolean {
  return kinds.length > 0 && kinds.every((kind) => SOCKET_HEALTH_KINDS.has(kind));
}

/** The entry's short name: its purpose up to the first colon, comma or parenthesis ("Compute instance"). */
export function entryName(entry: CatalogEntry, lang: Lang): string {
  const purpose = entry.purpose[lang];
  const cut = purpose.search(/: |, | \(|（|、/);
  return (cut > 0 ? purpose.slice(0, cut) : purpose).trim();
}

/** The Microsoft Learn page of the entry (the first one it cites), in Japanese for a Japanese report. */
export function entryReference(entry: CatalogEntry, lang: Lang): string | undefined {
  const learn =
    entry.sources.find((source) => source.url.startsWith("https://learn.microsoft.com/")) ??
    entry.sources.find((source) => source.url.startsWith("https://docs.azure.cn/"));
  if (!learn) return undefined;
  return lang === "ja"
    ? learn.url.replace(/^https:\/\/learn\.microsoft\.com\/(?!ja-jp\/)/, "https://learn.microsoft.com/ja-jp/")
    : learn.url;
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
  const view = networkOf(state, options.privateRanges ?? DEFAULT_RANGES);
  const probing = new Set(options.probing ?? []);
  const pendingHosts: string[] = [];
  const isPending = (name: string, host: HostState): boolean => {
    if (!probing.has(name) || !isAwaitingEvidence(host)) return false;
    pendingHosts.push(name);
    return true;
  };

  const known = new Set<string>();
  for (const entry of catalog.entries) {
    known.add(entry.id);
    const entryState = getOwn(state.entries, entry.id);
    if (!entryState) continue;
    const blockedHosts: string[] = [];
    const failures: ReportFailure[] = [];
    const working: string[] = [];
    const closeSamples = new Map<string, CloseSample[]>();
    for (const name of sortedHosts(entryState.hosts)) {
      const host = entryState.hosts[name]!;
      const hostFailures = blockingFailures(name, host, lang, isPending(name, host), entry.id);
      if (hostFailures.length > 0) {
        blockedHosts.push(name);
        failures.push(...hostFailures);
      }
      for (const kind of SOCKET_HEALTH_KINDS) {
        const record = host.websocket?.failures[kind as FailureKind];
        if (record?.active && record.closes)
          closeSamples.set(kind, [...(closeSamples.get(kind) ?? []), ...record.closes]);
      }
      // A host that answered over one channel but is blocked over the other is a finding, not working.
      if (hostFailures.length === 0 && answered(host)) working.push(name);
      const info = informationFailures(name, host, lang);
      if (info.length > 0) information.push({ host: name, failures: info });
    }
    const publicHosts = view.privateDns.filter((h) => h.entry === entry.id);
    for (const h of publicHosts) {
      if (!blockedHosts.includes(h.host)) blockedHosts.push(h.host);
      failures.push(privateDnsFailure(h, lang));
    }
    blockedHosts.sort();
    if ((entryState.overflow?.blocked ?? 0) > 0) warnings.push(text.overflow(entryState.overflow!.blocked, entry.id));
    if (working.length > 0) reachable.push({ entry: entry.id, name: entryName(entry, lang), hosts: working });
    if (blockedHosts.length === 0) continue;
    const patterns = patternsFor(entry, blockedHosts);
    const kinds = [...new Set(failures.map((f) => f.kind))];
    const openPorts = portsUsed(failures.filter((f) => !NOT_OPENING.has(f.kind)));
    const dns = privateDnsAdvice(publicHosts, lang);
    const advice = adviceFor(entry, patterns, kinds, lang, openPorts, blockedHosts);
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
      advice: [...dns.sentences, advice, ...socketAdvice(failures, closeSamples, lang)]
        .filter((a) => a.length > 0)
        .join(lang === "ja" ? "" : " "),
    };
    const reference = entryReference(entry, lang);
    if (reference) finding.reference = reference;
    if (openPorts.length > 0) finding.openPorts = openPorts;
    if (dns.zones.length > 0) finding.dnsZones = dns.zones;
    if (failures.some((f) => f.pending)) finding.pending = true;
    findings.push(finding);
  }

  // Entries the catalog no longer has (the state outlived a catalog update) count as unmatched.
  const outside: Array<[string, HostState]> = Object.keys(state.unmatched).map((name) => [
    name,
    state.unmatched[name]!,
  ]);
  for (const id of Object.keys(state.entries)) {
    if (known.has(id)) continue;
    for (const name of sortedHosts(state.entries[id]!.hosts)) outside.push([name, state.entries[id]!.hosts[name]!]);
  }
  outside.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [name, host] of outside) {
    const hostFailures = blockingFailures(name, host, lang, isPending(name, host));
    if (hostFailures.length > 0) unmatched.push({ host: name, failures: hostFailures });
    const info = informationFailures(name, host, lang);
    if (info.length > 0) information.push({ host: name, failures: info });
  }
  if ((state.unmatchedOverflow?.blocked ?? 0) > 0) {
    warnings.push(text.unmatchedOverflow(state.unmatchedOverflow!.blocked));
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
  report.stats = {
    observations: state.counts.observations,
    probes: state.counts.probes,
    ignored: state.counts.ignored,
  };
  if (information.length > 0) report.information = information;
  if (warnings.length > 0) report.warnings = warnings;
  const network = reportNetwork(view);
  if (network) report.network = network;
  if (pendingHosts.length > 0) report.pendingHosts = pendingHosts.sort();
  if (options.checklistCloud) {
    const blocked = findings.map((finding) => finding.entry);
    report.checklist = buildChecklist(state, { catalog, cloud: options.checklistCloud, lang, blocked });
  }
  return report;
}

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
      formatTime(report.generatedAt, options.timeZone),
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
      const pending = finding.pending ? ` (${text.statusPending})` : "";
      out.push(
        `- **${md(nameOf(finding))}**: ${md(kindLabels(finding.failures, lang))}${pending} — ${finding.hosts.map(code).join(", ")}`,
      );
    }
    out.push("");
  }

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
      out.push(`### ${md(nameOf(finding))} (${code(finding.entry)})`, "");
      out.push(`${text.purpose}: ${md(finding.purpose)}  `);
      if (finding.breaks) out.push(`${text.breaks}: ${md(finding.breaks)}`);
      out.push("", md(finding.advice), "");
      if (finding.reference) out.push(`${text.reference}: <${finding.reference}>`, "");
      out.push(...failureTable(finding.failures, lang, options), "");
    }
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
  out.push(md(network.privateEndpoints ? text.privateEndpoints : text.noPrivateEndpoints), "");
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
      `${h.firstSeenLocal} (${zone})`,
      `${h.lastSeenLocal} (${zone})`,
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
      rows.push(csvRow([text.statusPending, "", host, "", "", "", "", "", "", "", "", "", "", "", "", ""]));
  }
  for (const u of report.information ?? [])
    for (const f of u.failures)
      rows.push(failureRow(text.status.information, "", f, "", "", "", KIND_TEXT[lang][f.kind].advice));
  for (const r of report.reachable) {
    for (const host of r.hosts)
      rows.push(csvRow([text.status.reachable, r.entry, host, "", "", "", "", "", "", "", "", "", "", "", "", ""]));
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
        `  - ${nameOf(finding)}: ${kindLabels(finding.failures, lang)}${finding.pending ? ` (${text.statusPending})` : ""}`,
      );
      for (const host of finding.hosts) out.push(`      ${host}`);
    }
    out.push("");
  }
  if (report.findings.length > 0) {
    const groups = whatToAsk(report);
    if (groups.length > 0) out.push(`${text.whatToOpen}:`);
    for (const group of groups) {
      out.push(`  ${group.action}`);
      for (const line of group.lines) {
        const seen = line.hosts.length > 0 ? `  (${text.seen}: ${line.hosts.join(", ")})` : "";
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
    out.push("");
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
