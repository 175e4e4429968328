/**
 * Many JSON reports folded into one picture for IT, schema `aml-network-doctor/fleet@1`
 * (docs/fleet-schema.md). The fold keeps a bounded aggregate: catalog entries are finite, and hosts
 * per entry, unmatched hosts and skipped files are capped, so thousands of reports fit in memory.
 * Nothing is taken from a report unchecked: entry ids must be catalog ids, hosts must be host names
 * (normalized again), kinds must be blocking kinds, times must parse; prose, errors and samples are
 * never read, so the result holds nothing a single report would not.
 */
import type { Catalog, Lang } from "./catalog/types.js";
import { csvRow } from "./csv.js";
import { normalizeHost, patternCovers } from "./matcher.js";
import { BLOCKING_KINDS, type BlockingKind } from "./observation.js";
import { REPORT_SCHEMA } from "./report-schema.js";

export const FLEET_SCHEMA = "aml-network-doctor/fleet@1";
/** Hosts kept per entry, unmatched hosts kept, skipped files listed: beyond these only counts grow. */
export const FLEET_LIMITS = { hostsPerEntry: 100, unmatchedHosts: 500, skippedFiles: 1000 } as const;

interface Tally {
  reports: number;
  kinds: Map<BlockingKind, number>;
  firstSeen?: number;
  lastSeen?: number;
}

interface EntryTally extends Tally {
  hosts: Map<string, number>;
  /** Host names not kept because the entry already had `hostsPerEntry`. */
  hostsDropped: number;
}

/** Why a file was not merged: a stable code and its data, worded in either language by `skipReasonText`. */
export type SkipReason =
  | { code: "not-json" }
  | { code: "not-report"; schema?: string }
  | { code: "no-findings" }
  | { code: "too-large"; limitMb: number }
  /** `detail`: the system's own words (ENOENT …), one line. */
  | { code: "unreadable"; detail: string };

export interface FleetState {
  reports: number;
  skipped: Array<{ file: string; reason: SkipReason }>;
  skippedDropped: number;
  entries: Map<string, EntryTally>;
  unmatched: Map<string, Tally>;
  unmatchedDropped: number;
}

export interface FleetEntry {
  entry: string;
  reports: number;
  /** Failure kind → number of reports that saw it. */
  kinds: Record<string, number>;
  /** Host names seen blocked, most reported first. */
  hosts: string[];
  /** Host names left out (over the limit), present only when some were. */
  moreHosts?: number;
  firstSeen?: string;
  lastSeen?: string;
}

export interface FleetUnmatched {
  host: string;
  reports: number;
  kinds: Record<string, number>;
  firstSeen?: string;
  lastSeen?: string;
}

export interface Fleet {
  schema: typeof FLEET_SCHEMA;
  reports: number;
  skipped: Array<{ file: string; reason: string }>;
  /** Skipped files not listed (over the limit), present only when some were. */
  moreSkipped?: number;
  entries: FleetEntry[];
  unmatched: FleetUnmatched[];
  /** Unmatched hosts left out (over the limit), present only when some were. */
  moreUnmatched?: number;
}

export function emptyFleet(): FleetState {
  return { reports: 0, skipped: [], skippedDropped: 0, entries: new Map(), unmatched: new Map(), unmatchedDropped: 0 };
}

/** Records a file that is not a report (or could not be read), with why. */
export function skipFile(state: FleetState, file: string, reason: SkipReason): FleetState {
  if (reason.code === "unreadable")
    reason = { ...reason, detail: reason.detail.replace(/[\r\n]+/g, " ").slice(0, 200) };
  if (state.skipped.length < FLEET_LIMITS.skippedFiles) state.skipped.push({ file, reason });
  else state.skippedDropped += 1;
  return state;
}

const KINDS = new Set<string>(BLOCKING_KINDS);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const arrayOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** A host name exactly as a report writes one (no scheme, port, path or IP literal), lowercased; undefined otherwise. */
function reportHost(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length > 253 || !/^[A-Za-z0-9.-]+\.[A-Za-z0-9-]+$/.test(value))
    return undefined;
  const host = normalizeHost(value);
  return host === value.toLowerCase() ? host : undefined;
}

/** Whether the host is one the entry's patterns cover: a report cannot attribute a stray name to an entry. */
function entryCovers(patterns: readonly string[], host: string): boolean {
  return patterns.some((p) => patternCovers(p, host));
}

function time(value: unknown): number | undefined {
  if (typeof value !== "string" || value.length > 40) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** What one report says about one entry or host: kinds, the time span of its failures (epoch ms) and hosts. */
interface Seen {
  kinds: Set<BlockingKind>;
  first: number | undefined;
  last: number | undefined;
  hosts: Set<string>;
}

function readFailures(failures: unknown): Seen {
  const kinds = new Set<BlockingKind>();
  const hosts = new Set<string>();
  let first: number | undefined;
  let last: number | undefined;
  for (const failure of arrayOf(failures)) {
    if (!isRecord(failure) || typeof failure.kind !== "string" || !KINDS.has(failure.kind)) continue;
    kinds.add(failure.kind as BlockingKind);
    const host = reportHost(failure.host);
    if (host) hosts.add(host);
    const f = time(failure.firstSeen);
    const l = time(failure.lastSeen);
    if (f !== undefined && (first === undefined || f < first)) first = f;
    if (l !== undefined && (last === undefined || l > last)) last = l;
  }
  return { kinds, first, last, hosts };
}

function addTally(tally: Tally, seen: Seen): void {
  tally.reports += 1;
  for (const kind of seen.kinds) tally.kinds.set(kind, (tally.kinds.get(kind) ?? 0) + 1);
  if (seen.first !== undefined && (tally.firstSeen === undefined || seen.first < tally.firstSeen))
    tally.firstSeen = seen.first;
  if (seen.last !== undefined && (tally.lastSeen === undefined || seen.last > tally.lastSeen))
    tally.lastSeen = seen.last;
}

/**
 * Folds one file's text into the aggregate: a report is counted, anything else is skipped with a reason.
 * @example foldReport(emptyFleet(), "alice.json", text, CATALOG)
 */
export function foldReport(state: FleetState, file: string, text: string, catalog: Catalog): FleetState {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return skipFile(state, file, { code: "not-json" });
  }
  if (!isRecord(document) || document.schema !== REPORT_SCHEMA) {
    const schema = isRecord(document) && typeof document.schema === "string" ? document.schema.slice(0, 60) : undefined;
    return skipFile(state, file, schema === undefined ? { code: "not-report" } : { code: "not-report", schema });
  }
  if (!Array.isArray(document.findings) || !Array.isArray(document.unmatched))
    return skipFile(state, file, { code: "no-findings" });
  const patternsOf = new Map(catalog.entries.map((entry) => [entry.id, entry.patterns]));
  state.reports += 1;

  // One report counts once per entry and host, however many findings name them.
  const perEntry = new Map<string, Seen>();
  for (const finding of document.findings) {
    if (!isRecord(finding) || typeof finding.entry !== "string" || !patternsOf.has(finding.entry)) continue;
    const patterns = patternsOf.get(finding.entry)!;
    const seen = readFailures(finding.failures);
    for (const host of arrayOf(finding.hosts)) {
      const name = reportHost(host);
      if (name) seen.hosts.add(name);
    }
    for (const host of seen.hosts) if (!entryCovers(patterns, host)) seen.hosts.delete(host);
    const merged = perEntry.get(finding.entry);
    if (!merged) perEntry.set(finding.entry, seen);
    else {
      for (const kind of seen.kinds) merged.kinds.add(kind);
      for (const host of seen.hosts) merged.hosts.add(host);
      if (seen.first !== undefined && (merged.first === undefined || seen.first < merged.first))
        merged.first = seen.first;
      if (seen.last !== undefined && (merged.last === undefined || seen.last > merged.last)) merged.last = seen.last;
    }
  }
  for (const [id, seen] of perEntry) {
    let tally = state.entries.get(id);
    if (!tally) {
      tally = { reports: 0, kinds: new Map(), hosts: new Map(), hostsDropped: 0 };
      state.entries.set(id, tally);
    }
    addTally(tally, seen);
    for (const host of seen.hosts) {
      if (tally.hosts.has(host)) tally.hosts.set(host, tally.hosts.get(host)! + 1);
      else if (tally.hosts.size < FLEET_LIMITS.hostsPerEntry) tally.hosts.set(host, 1);
      else tally.hostsDropped += 1;
    }
  }

  const perHost = new Map<string, Seen>();
  for (const item of document.unmatched) {
    if (!isRecord(item)) continue;
    const host = reportHost(item.host);
    if (!host || perHost.has(host)) continue;
    perHost.set(host, readFailures(item.failures));
  }
  for (const [host, seen] of perHost) {
    let tally = state.unmatched.get(host);
    if (!tally) {
      if (state.unmatched.size >= FLEET_LIMITS.unmatchedHosts) {
        state.unmatchedDropped += 1;
        continue;
      }
      tally = { reports: 0, kinds: new Map() };
      state.unmatched.set(host, tally);
    }
    addTally(tally, seen);
  }
  return state;
}

const iso = (ms: number) => new Date(ms).toISOString();
const kindsObject = (kinds: Map<BlockingKind, number>) =>
  Object.fromEntries(BLOCKING_KINDS.filter((k) => kinds.has(k)).map((k) => [k, kinds.get(k)!]));
const byCount =
  <T extends { reports: number }>(key: (x: T) => string) =>
  (a: T, b: T) =>
    b.reports - a.reports || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/**
 * The document of the aggregate: entries and hosts most reported first, ties by name; skip reasons
 * in `lang` (the JSON document keeps English, its contract in docs/fleet-schema.md).
 */
export function fleetDocument(state: FleetState, lang: Lang = "en"): Fleet {
  const entries: FleetEntry[] = [...state.entries].map(([entry, tally]) => ({
    entry,
    reports: tally.reports,
    kinds: kindsObject(tally.kinds),
    hosts: [...tally.hosts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([host]) => host),
    ...(tally.hostsDropped > 0 ? { moreHosts: tally.hostsDropped } : {}),
    ...(tally.firstSeen !== undefined ? { firstSeen: iso(tally.firstSeen) } : {}),
    ...(tally.lastSeen !== undefined ? { lastSeen: iso(tally.lastSeen) } : {}),
  }));
  const unmatched: FleetUnmatched[] = [...state.unmatched].map(([host, tally]) => ({
    host,
    reports: tally.reports,
    kinds: kindsObject(tally.kinds),
    ...(tally.firstSeen !== undefined ? { firstSeen: iso(tally.firstSeen) } : {}),
    ...(tally.lastSeen !== undefined ? { lastSeen: iso(tally.lastSeen) } : {}),
  }));
  return {
    schema: FLEET_SCHEMA,
    reports: state.reports,
    skipped: state.skipped.map(({ file, reason }) => ({ file, reason: skipReasonText(reason, lang) })),
    ...(state.skippedDropped > 0 ? { moreSkipped: state.skippedDropped } : {}),
    entries: entries.sort(byCount((e) => e.entry)),
    unmatched: unmatched.sort(byCount((u) => u.host)),
    ...(state.unmatchedDropped > 0 ? { moreUnmatched: state.unmatchedDropped } : {}),
  };
}

const LABELS = {
  en: {
    title: "Azure Machine Learning endpoints blocked across reports",
    summary: (n: number, skipped: number) =>
      `${n} report${n === 1 ? "" : "s"} merged${skipped > 0 ? `, ${skipped} file${skipped === 1 ? "" : "s"} skipped` : ""}.`,
    head: ["Entry", "Reports", "How", "First seen", "Last seen", "Hosts"],
    purpose: "Purpose",
    unmatchedTitle: "Blocked hosts outside the catalog",
    unmatchedHead: ["Host", "Reports", "How", "First seen", "Last seen"],
    skippedTitle: "Skipped files",
    none: "No report shows a blocked catalog entry.",
    more: (n: number) => `and ${n} more`,
    skip: (r: SkipReason): string => {
      switch (r.code) {
        case "not-json":
          return "not JSON";
        case "not-report":
          return `not an aml-network-doctor report${r.schema === undefined ? "" : ` (schema ${JSON.stringify(r.schema)})`}`;
        case "no-findings":
          return "report without findings or unmatched";
        case "too-large":
          return `larger than ${r.limitMb} MB, not a report`;
        case "unreadable":
          return `cannot read: ${r.detail}`;
      }
    },
  },
  ja: {
    title: "複数レポートの集計: ブロックされている Azure Machine Learning エンドポイント",
    summary: (n: number, skipped: number) =>
      `${n} 件のレポートを集計しました${skipped > 0 ? `（${skipped} 件のファイルは読み飛ばしました）` : ""}。`,
    head: ["エントリ", "レポート数", "ブロックの種類", "初回", "最終", "ホスト"],
    purpose: "用途",
    unmatchedTitle: "カタログにないブロックされたホスト",
    unmatchedHead: ["ホスト", "レポート数", "ブロックの種類", "初回", "最終"],
    skippedTitle: "読み飛ばしたファイル",
    none: "ブロックされたカタログ エントリを示すレポートはありません。",
    more: (n: number) => `ほか ${n} 件`,
    skip: (r: SkipReason): string => {
      switch (r.code) {
        case "not-json":
          return "JSON ではありません";
        case "not-report":
          return `aml-network-doctor のレポートではありません${r.schema === undefined ? "" : `（schema ${JSON.stringify(r.schema)}）`}`;
        case "no-findings":
          return "findings または unmatched の項目がありません";
        case "too-large":
          return `${r.limitMb} MB を超えているため、レポートとして扱いません`;
        case "unreadable":
          return `読み込めません: ${r.detail}`;
      }
    },
  },
} as const;

/** Why a file was skipped, one line in `lang`. */
export function skipReasonText(reason: SkipReason, lang: Lang): string {
  return LABELS[lang].skip(reason);
}

const kindsText = (kinds: Record<string, number>) =>
  Object.entries(kinds)
    .map(([k, n]) => `${k} (${n})`)
    .join(", ");
const hostsText = (e: FleetEntry, lang: Lang) =>
  [...e.hosts, ...(e.moreHosts ? [LABELS[lang].more(e.moreHosts)] : [])].join(", ");
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");

/**
 * Renders the aggregate as `json`, `markdown`, `csv` or `text`.
 * @example renderFleet(fleetDocument(state), "markdown", "ja", CATALOG)
 */
export function renderFleet(
  fleet: Fleet,
  format: "json" | "markdown" | "csv" | "text",
  lang: Lang,
  catalog: Catalog,
): string {
  const labels = LABELS[lang];
  const skippedCount = fleet.skipped.length + (fleet.moreSkipped ?? 0);
  switch (format) {
    case "json":
      return JSON.stringify(fleet, null, 2) + "\n";
    case "csv": {
      const rows = [
        csvRow(["type", "name", "reports", "kinds", "first_seen", "last_seen", "hosts"]),
        ...fleet.entries.map((e) =>
          csvRow([
            "entry",
            e.entry,
            String(e.reports),
            kindsText(e.kinds),
            e.firstSeen ?? "",
            e.lastSeen ?? "",
            e.hosts.join(" "),
          ]),
        ),
        ...fleet.unmatched.map((u) =>
          csvRow(["unmatched", u.host, String(u.reports), kindsText(u.kinds), u.firstSeen ?? "", u.lastSeen ?? "", ""]),
        ),
      ];
      return rows.join("\r\n") + "\r\n";
    }
    case "text": {
      const lines = [labels.summary(fleet.reports, skippedCount)];
      if (fleet.entries.length === 0) lines.push(labels.none);
      for (const e of fleet.entries)
        lines.push(
          `${e.entry}: ${e.reports} | ${kindsText(e.kinds)} | ${e.firstSeen ?? "-"} .. ${e.lastSeen ?? "-"} | ${hostsText(e, lang)}`,
        );
      for (const u of fleet.unmatched)
        lines.push(`${u.host}: ${u.reports} | ${kindsText(u.kinds)} | ${u.firstSeen ?? "-"} .. ${u.lastSeen ?? "-"}`);
      return lines.join("\n") + "\n";
    }
    case "markdown": {
      const names = new Map(catalog.entries.map((entry) => [entry.id, entry.name[lang]]));
      const lines = [`## ${labels.title}`, "", labels.summary(fleet.reports, skippedCount), ""];
      if (fleet.entries.length === 0) lines.push(labels.none, "");
      else {
        lines.push(`| ${labels.head.join(" | ")} |`, `|${labels.head.map(() => "---").join("|")}|`);
        for (const e of fleet.entries) {
          const name = names.get(e.entry);
          lines.push(
            `| ${name ? `${cell(name)} (\`${e.entry}\`)` : `\`${e.entry}\``} | ${e.reports} | ${kindsText(e.kinds)} | ${e.firstSeen ?? ""} | ${e.lastSeen ?? ""} | ${cell(hostsText(e, lang))} |`,
          );
        }
        lines.push("");
      }
      if (fleet.unmatched.length > 0) {
        lines.push(
          `### ${labels.unmatchedTitle}`,
          "",
          `| ${labels.unmatchedHead.join(" | ")} |`,
          `|${labels.unmatchedHead.map(() => "---").join("|")}|`,
        );
        for (const u of fleet.unmatched)
          lines.push(
            `| \`${u.host}\` | ${u.reports} | ${kindsText(u.kinds)} | ${u.firstSeen ?? ""} | ${u.lastSeen ?? ""} |`,
          );
        lines.push("");
      }
      if (skippedCount > 0) {
        lines.push(`### ${labels.skippedTitle}`, "");
        for (const s of fleet.skipped) lines.push(`- \`${cell(s.file)}\`: ${cell(s.reason)}`);
        if (fleet.moreSkipped) lines.push(`- ${labels.more(fleet.moreSkipped)}`);
        lines.push("");
      }
      return lines.join("\n");
    }
  }
}
