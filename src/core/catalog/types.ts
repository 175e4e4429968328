/** The shape of the endpoint catalog: one entry per Azure ML service, see docs/catalog.md. */

export type Cloud = "public" | "usgov" | "china";
export const CLOUDS: readonly Cloud[] = ["public", "usgov", "china"];

/** Who opens connections to the host: the studio tab, compute (CI/cluster), or the SDK/CLI. */
export type Client = "browser" | "compute" | "sdk";

export type Lang = "en" | "ja";
export const LANGS: readonly Lang[] = ["en", "ja"];

/** Text shown to users, in English and in Japanese as a Japanese IT administrator writes it. */
export interface Localized {
  en: string;
  ja: string;
}

export interface Source {
  /** Page the fact comes from. */
  url: string;
  /** The date the page shows (ms.date, updated_at, or the blog's revision), YYYY-MM-DD. */
  date: string;
}

export interface CatalogEntry {
  /** Stable kebab-case id; appears in reports, CLI flags and users' scripts. */
  id: string;
  /**
   * Host patterns: an exact host (`ml.azure.com`) or `*.suffix` (one or more labels before
   * `.suffix`, never the apex). Lowercase ASCII; a pattern appears in exactly one entry.
   */
  patterns: string[];
  clouds: Cloud[];
  /**
   * A short name for people ("Compute instance", "コンピューティング インスタンス"): the popup, reports,
   * CSV and the CLI show it where `id` is for scripts. No trailing punctuation; unique within a cloud.
   */
  name: Localized;
  /** What the service is for. */
  purpose: Localized;
  /** What breaks in studio (or on compute) without it. */
  breaks: Localized;
  /**
   * Ports of every pattern that `patternPorts` does not name: `"tcp/443"`, `"tcp/8704-8710"`,
   * `"udp/5831"`. Use `portsOfPattern`/`portsOfPatterns` rather than reading it directly.
   */
  ports: string[];
  /**
   * Patterns whose documented ports differ from `ports`, each with its own full list
   * (`"*.file.core.windows.net": ["tcp/443", "tcp/445"]`): an allow-list never asks for a port on
   * a host Microsoft does not list it for.
   */
  patternPorts?: Record<string, string[]>;
  /** The docs require WebSocket upgrades to these hosts. */
  websocket: boolean;
  neededBy: Client[];
  /** Needed in every workspace; when false, `optional` says when it is needed. */
  required: boolean;
  optional?: Localized;
  /** The docs no longer list these hosts; kept so old allow-lists and the 2020 seed still map. */
  legacy: boolean;
  /**
   * A legacy catch-all of an old allow-list (the 2020 seed's bare `windows.net`): its pattern is kept
   * so the old rule can be read against the catalog, but no host is ever matched to it, so a live
   * host no current entry owns is reported as outside the catalog, not as a 2020 row.
   */
  catchAll?: true;
  sources: Source[];
  /**
   * Hosts of the documented shape that must map to this entry and no other (tests run every one);
   * for a catch-all, hosts its pattern covers that must not map to it.
   */
  examples: string[];
  notes: string[];
}

export interface Catalog {
  /** Catalog data version: `YYYY-MM-DD` of the revision that last checked the entries against their sources (none is newer). */
  version: string;
  entries: readonly CatalogEntry[];
}
