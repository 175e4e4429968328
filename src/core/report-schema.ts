/**
 * The JSON report, schema `aml-network-doctor/report@1`. Fields may be added within @1, never
 * renamed or removed: users' scripts and IT tooling read them. Documented in docs/report-schema.md.
 */
import type { BlockingKind, NonBlockingKind } from "./observation.js";
import type { Lang } from "./catalog/types.js";

export const REPORT_SCHEMA = "aml-network-doctor/report@1";
export const TOOL_NAME = "aml-network-doctor";

export interface ReportFailure {
  /** Lowercase host the failure was seen on. */
  host?: string;
  kind: BlockingKind | Extract<NonBlockingKind, "blocked-by-client">;
  /** This failure was a WebSocket upgrade. */
  websocket: boolean;
  /** Raw browser error string, or `"HTTP 407"`. */
  error: string;
  count: number;
  /** ISO 8601. */
  firstSeen: string;
  lastSeen: string;
  /** Redacted sample: scheme, host and port only (`wss://ci1.westeurope.instances.azureml.ms`). */
  sample?: string;
  /** The kind was found by probing the host over HTTPS (the request itself said only `net::ERR_FAILED`). */
  probed?: boolean;
  /**
   * The kind is provisional: the request said only `net::ERR_FAILED` and the follow-up probe of
   * the host has not answered yet. Once it has, the kind may change (`websocket` → `proxy-refused`).
   */
  pending?: boolean;
  /** Plain-words explanation in the report's language. */
  explanation?: string;
  /** `websocket-dropped` / `websocket-protocol`: the close codes seen, sorted. */
  closeCodes?: number[];
  /** Median seconds the sockets lived, from open to close (recent closes). */
  livedSeconds?: number;
  /** Median seconds without traffic either way before the close. */
  idleSeconds?: number;
  /** Drops cluster at this idle time, whole seconds: a firewall's or proxy's idle timeout. */
  idleTimeoutSeconds?: number;
}

export interface ReportFinding {
  /** Catalog entry id. */
  entry: string;
  /** The entry's short name in the report's language ("Compute instance"), for people; `entry` is for scripts. */
  name?: string;
  /** The Microsoft page that documents the entry, in the report's language where Microsoft Learn has one. */
  reference?: string;
  patterns: string[];
  /** What the entry is for, in the report's language. */
  purpose: string;
  /** What breaks in studio without it, in the report's language. */
  breaks?: string;
  /** Every port Microsoft lists for these `patterns`, in any set-up (ports are given per pattern). */
  ports: string[];
  /** The ports studio's failed requests went to (`tcp/443` for https and wss): what to open for the browser. */
  openPorts?: string[];
  /** The entry needs WebSocket upgrades. */
  websocket: boolean;
  /** Lowercase host names seen blocked. */
  hosts: string[];
  failures: ReportFailure[];
  /** What to ask IT to open, in the report's language. */
  advice: string;
  /** `private-dns` findings: the DNS zones to forward to Azure DNS, and the private zones that hold the records. */
  dnsZones?: ReportDnsZone[];
  /** At least one of its failures is pending (see ReportFailure.pending). */
  pending?: boolean;
}

export interface ReportDnsZone {
  forward: string;
  privateZone?: string;
}

/** One catalog host with the address the browser connected to (bounded: NETWORK_HOSTS_MAX). */
export interface ReportNetworkHost {
  host: string;
  entry: string;
  address: string;
  class: "private" | "public";
  /** The address is a proxy's (shared by hosts of several entries). */
  proxy?: boolean;
}

/** What the connection addresses say about the path and private endpoints. */
export interface ReportNetwork {
  path: "direct" | "proxy" | "mixed" | "unknown";
  /** Hosts of private-link entries were reached directly at private addresses. */
  privateEndpoints: boolean;
  hosts: ReportNetworkHost[];
  /** Hosts left out of `hosts` (bound). */
  moreHosts?: number;
}

export const NETWORK_HOSTS_MAX = 64;

export interface ReportUnmatched {
  host: string;
  failures: ReportFailure[];
}

export interface ReportReachable {
  entry: string;
  /** The entry's short name in the report's language. */
  name?: string;
  hosts: string[];
}

/** How studio fared with a catalog entry in the tab so far. */
export type ReportChecklistStatus = "reached" | "blocked" | "not-seen";

/**
 * One line of the "what was checked" list of an extension report: every browser entry studio
 * needs in the tab's cloud (and optional ones once seen), with what the tab saw of it.
 */
export interface ReportChecklistItem {
  entry: string;
  /** Short name in the report's language ("Compute instance (kernels, terminals)"). */
  name: string;
  /** `blocked`: a finding; `reached`: a host answered and none is blocked; `not-seen`: studio has not used it yet. */
  status: ReportChecklistStatus;
  /** Entries that need WebSocket: the WebSocket channel on its own (an HTTPS answer says nothing about it). */
  websocket?: ReportChecklistStatus;
  /** What to do in studio to make it use the entry, when it (or its WebSocket) has not been seen yet. */
  hint?: string;
}

/** One host of a check (`source: "check"`): what the network did to one request of the extension or the CLI. */
export interface ReportCheck {
  /** Lowercase host; for an entry not checked, its wildcard pattern. */
  host: string;
  entry: string;
  /** A WebSocket upgrade (`wss://host/`) rather than an HTTPS request. */
  websocket: boolean;
  /** `reachable`, `not-checked` (no known host for a wildcard entry), or the failure kind. */
  outcome: "reachable" | "not-checked" | BlockingKind;
  /** Milliseconds until the outcome (0 when not checked). */
  ms: number;
  /** The raw error, redacted, when the outcome is a failure. */
  error?: string;
  /** HTTP status of the answer, when one came. */
  status?: number;
  /** The address connected to (the proxy's when proxied). */
  address?: string;
  /** For an entry not checked: its patterns. */
  patterns?: string[];
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  generatedAt: string;
  tool: { name: string; version: string };
  /** Language of the prose fields. */
  lang: Lang;
  /** Catalog version the report was made with. */
  catalogVersion: string;
  /** False when the tab has no studio session (the extension's get-report). */
  studio?: boolean;
  /** Where the observations came from: `extension`, `har`. */
  source?: string;
  /** How much was looked at: studio requests, the extension's probes, ignored aborts and cache misses. */
  stats?: { observations: number; probes: number; ignored: number };
  findings: ReportFinding[];
  unmatched: ReportUnmatched[];
  reachable: ReportReachable[];
  /** Failures that are not the network's (another extension blocked them): information only. */
  information?: ReportUnmatched[];
  /** What was skipped while reading the input (HAR entries that could not be read, …). */
  warnings?: string[];
  /** Connection path and addresses of catalog hosts; present when the input had addresses. */
  network?: ReportNetwork;
  /**
   * Hosts whose verdict waits for a follow-up probe that has not answered yet, sorted; absent when
   * none does. While present, the report is not final: read it again once the probes have answered.
   */
  pendingHosts?: string[];
  /** A check (`source: "check"`): one row per host checked or entry not checked. */
  checks?: ReportCheck[];
  /** Extension reports: every browser entry of the studio tab's cloud and what the tab saw of it (see ReportChecklistItem). */
  checklist?: ReportChecklistItem[];
}
