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
  /** What the service is for. */
  purpose: Localized;
  /** What breaks in studio (or on compute) without it. */
  breaks: Localized;
  /** `"tcp/443"`, `"tcp/8704-8710"`, `"udp/5831"`. */
  ports: string[];
  /** The docs require WebSocket upgrades to these hosts. */
  websocket: boolean;
  neededBy: Client[];
  /** Needed in every workspace; when false, `optional` says when it is needed. */
  required: boolean;
  optional?: Localized;
  /** The docs no longer list these hosts; kept so old allow-lists and the 2020 seed still map. */
  legacy: boolean;
  sources: Source[];
  /** Real-looking hosts that must map to this entry and no other (tests run every one). */
  examples: string[];
  notes: string[];
}

export interface Catalog {
  /** Catalog data version, `YYYY-MM-DD` of the newest source checked. */
  version: string;
  entries: readonly CatalogEntry[];
}
