/**
 * "Check this network": which hosts an on-demand check asks, and how its answers become a
 * report. Shared by the extension's `run-check` and the CLI's `check`, so both check the same hosts
 * and write the same `aml-network-doctor/report@1` with `source: "check"`.
 *
 * Hosts: the fixed names of the cloud's browser entries; for wildcard entries only names studio
 * really used (remembered) or a user gave. A guessed name (a random storage account) would be
 * NXDOMAIN on every network and prove nothing, so an entry with no known host is "not checked".
 */
import type { Catalog, CatalogEntry, Cloud, Lang } from "./catalog/types.js";
import { classifyFailure, isWebSocket } from "./classifier.js";
import { matchNormalizedHost, normalizeHost, patternCovers } from "./matcher.js";
import { BLOCKING_KINDS, type BlockingKind, type Observation } from "./observation.js";
import { portsOfPatterns } from "./catalog/ports.js";
import { cleanError } from "./redact.js";
import { adviceFor, entryName, portsUsed } from "./report.js";
import { KIND_TEXT } from "./report-i18n.js";
import {
  REPORT_SCHEMA,
  TOOL_NAME,
  type Report,
  type ReportCheck,
  type ReportFailure,
  type ReportFinding,
  type ReportReachable,
} from "./report-schema.js";
import { selectEntries } from "./selection.js";

/** Remembered hosts kept per entry (the newest first); a studio session uses one or two per entry. */
export const REMEMBERED_PER_ENTRY = 8;
/** Hosts a user may add to one check. */
export const MAX_USER_HOSTS = 32;
/** Checks running at once: enough that the whole check takes about as long as its slowest host. */
export const CHECK_CONCURRENCY = 16;
/** Default time a host has to answer. */
export const CHECK_TIMEOUT_MS = 10_000;

export interface CheckTarget {
  entry: string;
  host: string;
  /** A WebSocket upgrade (`wss://host/`) rather than an HTTPS request. */
  websocket: boolean;
}

export interface CheckPlan {
  cloud: Cloud;
  targets: CheckTarget[];
  /** Wildcard-only entries with no known host: listed, not checked. */
  notChecked: Array<{ entry: string; patterns: string[]; websocket: boolean }>;
}

export interface PlanInput {
  cloud?: Cloud;
  /** Host names studio used, by entry id (wrong or foreign names are ignored). */
  remembered?: Readonly<Record<string, readonly string[]>>;
  /** Hosts the user adds (`--host`, the page's field): each must be a browser host of the cloud. */
  hosts?: readonly string[];
  /** Hosts found in a report or HAR (`--from`): those of the cloud's wildcard entries are checked, others ignored. */
  discovered?: readonly string[];
}

export type PlanResult = { ok: true; plan: CheckPlan } | { ok: false; error: string };

const isWildcard = (pattern: string) => pattern.startsWith("*.");

/** The check of a cloud: targets in catalog order, fixed names first, then given and remembered hosts. */
export function planCheck(catalog: Catalog, input: PlanInput = {}): PlanResult {
  const cloud = input.cloud ?? "public";
  const selection = selectEntries(catalog, { cloud });
  if (!selection.ok) return selection;
  const selected = new Set(selection.entries.map((e) => e.id));
  const given = new Map<string, string[]>();
  const hosts = input.hosts ?? [];
  if (hosts.length > MAX_USER_HOSTS)
    return { ok: false, error: `at most ${MAX_USER_HOSTS} hosts can be added to one check (got ${hosts.length})` };
  for (const raw of hosts) {
    const host = normalizeHost(raw);
    if (host === undefined || raw.includes("/"))
      return { ok: false, error: `${JSON.stringify(raw)} is not a host name` };
    const entry = matchNormalizedHost(host, catalog);
    if (!entry) return { ok: false, error: `${host} is not an Azure ML host of the catalog` };
    if (!selected.has(entry.id))
      return { ok: false, error: `${host} (${entry.id}) is not a browser host of the ${cloud} cloud` };
    const list = given.get(entry.id) ?? [];
    if (!list.includes(host)) list.push(host);
    given.set(entry.id, list);
  }
  const plan: CheckPlan = { cloud, targets: [], notChecked: [] };
  for (const entry of selection.entries) {
    const names: string[] = [];
    const add = (host: string) => {
      if (!names.includes(host)) names.push(host);
    };
    for (const pattern of entry.patterns) if (!isWildcard(pattern)) add(pattern);
    for (const host of given.get(entry.id) ?? []) add(host);
    for (const host of rememberedFor(catalog, entry, input.remembered?.[entry.id])) add(host);
    for (const host of rememberedFor(catalog, entry, input.discovered)) add(host);
    if (names.length === 0) {
      plan.notChecked.push({ entry: entry.id, patterns: [...entry.patterns], websocket: entry.websocket });
      continue;
    }
    for (const host of names) {
      plan.targets.push({ entry: entry.id, host, websocket: false });
      if (entry.websocket) plan.targets.push({ entry: entry.id, host, websocket: true });
    }
  }
  return { ok: true, plan };
}

function rememberedFor(catalog: Catalog, entry: CatalogEntry, hosts: readonly string[] | undefined): string[] {
  if (!Array.isArray(hosts)) return [];
  const out: string[] = [];
  for (const raw of hosts) {
    if (out.length >= REMEMBERED_PER_ENTRY) break;
    const host = typeof raw === "string" ? normalizeHost(raw) : undefined;
    if (host !== undefined && matchNormalizedHost(host, catalog)?.id === entry.id && !out.includes(host))
      out.push(host);
  }
  return out;
}

/**
 * The memory of hosts studio used, with `host` (a host name, normalized here) added when it is a
 * wildcard entry's host; the same object when nothing changed (so callers write storage only on a
 * change). Host names only, newest first, REMEMBERED_PER_ENTRY per entry.
 */
export function rememberHost(
  memory: Readonly<Record<string, readonly string[]>>,
  name: string,
  catalog: Catalog,
): Readonly<Record<string, readonly string[]>> {
  const host = normalizeHost(name);
  if (host === undefined) return memory;
  const entry = matchNormalizedHost(host, catalog);
  if (!entry || entry.patterns.includes(host)) return memory;
  const known = memory[entry.id] ?? [];
  if (known.includes(host)) return memory;
  return { ...memory, [entry.id]: [host, ...known].slice(0, REMEMBERED_PER_ENTRY) };
}

/** What one check request ended with, as the browser's webRequest view or the CLI's client saw it. */
export interface CheckResult {
  target: CheckTarget;
  /** `reachable` when anything from the host answered; `not-checked` when it could not be asked (`error` says why); otherwise the failure kind. */
  outcome: "reachable" | "not-checked" | BlockingKind;
  /** The raw error (`net::ERR_TUNNEL_CONNECTION_FAILED`, `ECONNREFUSED`, `HTTP 407`). */
  error?: string;
  /** The HTTP status of the answer, when one came. */
  status?: number;
  /** The address connected to (the proxy's, when proxied). */
  address?: string;
  /** Milliseconds from start to outcome. */
  ms: number;
  /** Epoch ms of the outcome. */
  at: number;
}

/**
 * A WebSocket upgrade answered by the server: 101, or 401/404 (no credentials are sent, so a compute
 * instance asks for them or knows no `/`). Any other status is a refused upgrade: a proxy's block page
 * or a filter that strips `Upgrade` answers 403 or 200, which is what studio's kernels then meet.
 */
export function isUpgradeAnswered(status: number): boolean {
  return status === 101 || status === 401 || status === 404;
}

/**
 * The outcome of one check request from the browser's view of it (webRequest): any HTTP status but
 * a proxy's 407 is reachable over HTTPS; a WebSocket must be answered (isUpgradeAnswered), and
 * every other end of it (network error, proxy refusal, refused upgrade) is `websocket`.
 */
export function checkOutcome(observation: Observation): { outcome: "reachable" | BlockingKind; error?: string } {
  const status = observation.statusCode ?? 0;
  if (isWebSocket(observation)) {
    if (observation.statusCode === 407 || observation.proxyAuth) return { outcome: "websocket", error: "HTTP 407" };
    if (!observation.error && isUpgradeAnswered(status)) return { outcome: "reachable" };
    return { outcome: "websocket", error: observation.error ?? (status > 0 ? `HTTP ${status}` : "no answer") };
  }
  const kind = classifyFailure(observation);
  if (kind === null && status > 0) return { outcome: "reachable" };
  if (kind === null) return { outcome: "other", error: observation.error ?? "no answer" };
  const blocking = (BLOCKING_KINDS as readonly string[]).includes(kind) ? (kind as BlockingKind) : "other";
  return { outcome: blocking, error: observation.error ?? (status > 0 ? `HTTP ${status}` : kind) };
}

export interface CheckReportOptions {
  catalog: Catalog;
  lang: Lang;
  /** Epoch ms: the report's `generatedAt`. */
  now: number;
  toolVersion: string;
  warnings?: string[];
}

function iso(ms: number): string {
  return new Date(Number.isFinite(ms) ? ms : 0).toISOString();
}

/** The check's rows in plan order: one per target, then one per entry not checked. */
export function checkRows(plan: CheckPlan, results: readonly CheckResult[]): ReportCheck[] {
  const rows: ReportCheck[] = [];
  for (const target of plan.targets) {
    const result = results.find(
      (r) =>
        r.target.entry === target.entry && r.target.host === target.host && r.target.websocket === target.websocket,
    );
    const row: ReportCheck = {
      host: target.host,
      entry: target.entry,
      websocket: target.websocket,
      outcome: result?.outcome ?? "not-checked",
      ms: Math.max(0, Math.round(result?.ms ?? 0)),
    };
    if (result?.error !== undefined && result.outcome !== "reachable") row.error = cleanError(result.error);
    if (result?.status !== undefined && result.status > 0) row.status = result.status;
    if (result?.address !== undefined) row.address = result.address;
    rows.push(row);
  }
  for (const skipped of plan.notChecked) {
    rows.push({
      host: skipped.patterns.find(isWildcard) ?? skipped.patterns[0]!,
      entry: skipped.entry,
      websocket: skipped.websocket,
      outcome: "not-checked",
      ms: 0,
      patterns: skipped.patterns,
    });
  }
  return rows;
}

/**
 * The report of a check: findings for exactly the entries with a failed host, `reachable` for
 * those that answered, and `checks` with one row per host. Deterministic for the same input.
 */
export function buildCheckReport(
  plan: CheckPlan,
  results: readonly CheckResult[],
  options: CheckReportOptions,
): Report {
  const { catalog, lang } = options;
  const findings: ReportFinding[] = [];
  const reachable: ReportReachable[] = [];
  for (const entry of catalog.entries) {
    const mine = plan.targets
      .map((target) =>
        results.find(
          (r) =>
            r.target.entry === entry.id &&
            r.target.host === target.host &&
            r.target.websocket === target.websocket &&
            target.entry === entry.id,
        ),
      )
      .filter((r): r is CheckResult => r !== undefined);
    if (mine.length === 0) continue;
    const answered = [...new Set(mine.filter((r) => r.outcome === "reachable").map((r) => r.target.host))];
    if (answered.length > 0) reachable.push({ entry: entry.id, name: entryName(entry, lang), hosts: answered.sort() });
    const failed = mine.filter((r) => r.outcome !== "reachable" && r.outcome !== "not-checked");
    if (failed.length === 0) continue;
    const failures: ReportFailure[] = failed.map((r) => {
      const kind = r.outcome as BlockingKind;
      return {
        host: r.target.host,
        kind,
        websocket: r.target.websocket,
        error: cleanError(r.error ?? kind),
        count: 1,
        firstSeen: iso(r.at),
        lastSeen: iso(r.at),
        sample: `${r.target.websocket ? "wss" : "https"}://${r.target.host}`,
        explanation: KIND_TEXT[lang][kind].label,
      };
    });
    const hosts = [...new Set(failed.map((r) => r.target.host))].sort();
    const covering = entry.patterns.filter((p) => hosts.some((h) => patternCovers(p, h)));
    const patterns = covering.length > 0 ? covering : [...entry.patterns];
    const openPorts = portsUsed(failures);
    const finding: ReportFinding = {
      entry: entry.id,
      name: entryName(entry, lang),
      patterns,
      purpose: entry.purpose[lang],
      breaks: entry.breaks[lang],
      ports: portsOfPatterns(entry, patterns),
      websocket: entry.websocket,
      hosts,
      failures,
      advice: adviceFor(entry, patterns, [...new Set(failures.map((f) => f.kind))], lang, openPorts),
    };
    if (openPorts.length > 0) finding.openPorts = openPorts;
    findings.push(finding);
  }
  const report: Report = {
    schema: REPORT_SCHEMA,
    generatedAt: iso(options.now),
    tool: { name: TOOL_NAME, version: options.toolVersion },
    lang,
    catalogVersion: catalog.version,
    source: "check",
    findings,
    unmatched: [],
    reachable,
    checks: checkRows(plan, results),
  };
  if (options.warnings && options.warnings.length > 0) report.warnings = [...options.warnings];
  return report;
}

/** Hosts named in a report (`findings`, `reachable`, `checks`) or a HAR file's entries, for `--from`; undefined when it is not JSON. */
export function hostsFromText(text: string): string[] | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const out = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value !== "string") return;
    const host = normalizeHost(value);
    if (host !== undefined) out.add(host);
  };
  const root = data as Record<string, unknown> | null;
  if (!root || typeof root !== "object") return [];
  const log = (root.log as { entries?: unknown } | undefined)?.entries;
  if (Array.isArray(log)) {
    for (const entry of log) {
      const url = (entry as { request?: { url?: unknown } })?.request?.url;
      if (typeof url !== "string") continue;
      try {
        add(new URL(url).host);
      } catch {
        // A HAR entry without a usable URL names no host.
      }
    }
  }
  for (const finding of Array.isArray(root.findings) ? root.findings : [])
    for (const host of (finding as { hosts?: unknown[] }).hosts ?? []) add(host);
  for (const r of Array.isArray(root.reachable) ? root.reachable : [])
    for (const host of (r as { hosts?: unknown[] }).hosts ?? []) add(host);
  for (const c of Array.isArray(root.checks) ? root.checks : []) add((c as { host?: unknown }).host);
  return [...out].sort();
}

/** Where the CLI's request for a check stood when it failed. */
export interface ClientStage {
  /** The request went to a proxy. */
  proxied: boolean;
  /** The proxy answered CONNECT with 200 (the failure is past the proxy). */
  tunnelled: boolean;
}

const TLS_CODES =
  /^(?:ERR_TLS_|ERR_SSL_|EPROTO$|CERT_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|HOSTNAME_MISMATCH$|ERR_OSSL_)/;

/**
 * The failure kind of a Node.js client error (`err.code`), as the browser would name it: the
 * proxy's own failures apart from the host's. Node codes: https://nodejs.org/api/errors.html.
 */
export function kindOfClientError(code: string, stage: ClientStage): BlockingKind {
  const beforeProxy = stage.proxied && !stage.tunnelled;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME" || code === "EAI_FAIL")
    return beforeProxy ? "proxy-unreachable" : "dns";
  if (code === "ECONNREFUSED" || code === "EHOSTUNREACH" || code === "ENETUNREACH")
    return beforeProxy ? "proxy-unreachable" : "connection";
  if (code === "ETIMEDOUT" || code === "ESOCKETTIMEDOUT") return "timeout";
  if (
    code === "ECONNRESET" ||
    code === "EPIPE" ||
    code === "ECONNABORTED" ||
    code === "ERR_STREAM_PREMATURE_CLOSE" ||
    code === "HPE_INVALID_CONSTANT"
  )
    return "connection";
  if (TLS_CODES.test(code)) return "tls";
  return "other";
}

/** A proxy's non-200 answer to CONNECT: 407 asks for credentials, anything else refuses the host. */
export function kindOfProxyAnswer(status: number): BlockingKind {
  return status === 407 ? "proxy-auth" : "proxy-refused";
}
