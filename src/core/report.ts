/**
 * The report IT acts on, built from a diagnosis state: findings per catalog entry, advice fitted to
 * the cause, reachable endpoints, the network view. The state holds only hosts and redacted samples,
 * so a report cannot carry a path, query, fragment, credential or token. Rendering it (JSON,
 * Markdown, CSV, text) is render-report.ts.
 */
import { portsOfPatterns } from "./catalog/ports.js";
import type { Catalog, CatalogEntry, Cloud, Lang } from "./catalog/types.js";
import { buildChecklist } from "./checklist.js";
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
import { KIND_TEXT, NETWORK_TEXT, REPORT_TEXT, SOCKET_TEXT, parenthesized } from "./report-i18n.js";
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
export const NOT_OPENING = new Set<FailureKind>(["private-dns", "azure-refused"]);

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

/** Where one failure record was seen, and how to say it. */
interface FailureSite {
  host: string;
  channel: Channel;
  kind: FailureKind;
  /** The channel's redacted sample URL. */
  sample: string | undefined;
  lang: Lang;
  /** Still waiting for a follow-up probe. */
  pending?: boolean;
  /** The entry id, for the WebSocket-health sentence. */
  entry?: string;
}

function reportFailure(record: FailureRecord, site: FailureSite): ReportFailure {
  const { host, channel, kind, sample, lang, pending = false, entry = "" } = site;
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
    ? `${text.label}${parenthesized(REPORT_TEXT[lang].pending, lang)}`
    : record.probed
      ? `${text.label}${parenthesized(REPORT_TEXT[lang].probed, lang)}`
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
      if (record?.active)
        out.push(
          reportFailure(record, { host: name, channel: channelName, kind, sample: channel.sample, lang, entry }),
        );
    }
    if (channelName === "websocket" && channel.unresolved?.active && !channel.failures.websocket?.active) {
      out.push(
        reportFailure(channel.unresolved, {
          host: name,
          channel: channelName,
          kind: "websocket",
          sample: channel.sample,
          lang,
          pending,
        }),
      );
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
      out.push(
        reportFailure(record, {
          host: name,
          channel: channelName,
          kind: "blocked-by-client",
          sample: channel.sample,
          lang,
        }),
      );
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
export function exactHostsBeside(patterns: readonly string[], hosts: readonly string[]): string[] {
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

/** Every kind is about sockets after their handshake: nothing to open. */
function isSocketHealthOnly(kinds: readonly FailureKind[]): boolean {
  return kinds.length > 0 && kinds.every((kind) => SOCKET_HEALTH_KINDS.has(kind));
}

/** The entry's short name for people, in the report's language ("Compute instance"); `id` is for scripts. */
export function entryName(entry: CatalogEntry, lang: Lang): string {
  return entry.name[lang];
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
    if ((entryState.overflow?.blocked ?? 0) > 0)
      warnings.push(
        text.overflow(entryState.overflow!.blocked, `${entryName(entry, lang)}${parenthesized(entry.id, lang)}`),
      );
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
