/**
 * "What is this host for, and do we need it?": the catalog entry that owns a host, with the
 * ports and WebSocket need of the pattern that matched, in text, JSON or Markdown, English or Japanese.
 */
import { portsOfPattern } from "./catalog/ports.js";
import type { Catalog, CatalogEntry, Client, Cloud, Lang, Source } from "./catalog/types.js";
import { hasValidLabels } from "./host-name.js";
import { hostOfUrl, matchPatternOfHost, normalizeHost } from "./matcher.js";

export const WHICH_FORMATS = ["text", "json", "markdown"] as const;
export type WhichFormat = (typeof WHICH_FORMATS)[number];

export interface HostOwner {
  /** Lowercase ASCII host name (of a URL, only the host: its path and query are never kept). */
  host: string;
  entry: CatalogEntry | undefined;
  /** The entry's pattern that matched the host. */
  pattern: string | undefined;
}

/**
 * The host name of a bare name (`ml.azure.com`, `ml.azure.com:443`) or of a URL (only its host is
 * used), or undefined when the input is neither.
 */
export function hostOfInput(input: string): string | undefined {
  const text = input.trim();
  if (text.includes("://")) return hostOfUrl(text);
  if (/[\s/?#@\\]/.test(text)) return undefined;
  const host = normalizeHost(text);
  if (host === undefined || !hasValidLabels(host)) return undefined;
  return host;
}

/** The entries of one cloud (or all), as a catalog the matcher can index. */
export function catalogForCloud(catalog: Catalog, cloud: Cloud | "all"): Catalog {
  if (cloud === "all") return catalog;
  return { version: catalog.version, entries: catalog.entries.filter((entry) => entry.clouds.includes(cloud)) };
}

/** The most specific entry of `catalog` that owns `host` (already a host name), and the pattern that matched. */
export function ownerOfHost(host: string, catalog: Catalog): HostOwner {
  const match = matchPatternOfHost(host, catalog);
  return { host, entry: match?.entry, pattern: match?.pattern };
}

interface WhichText {
  owned: (id: string) => string;
  unowned: (cloud: string) => string;
  allClouds: string;
  fields: {
    name: string;
    pattern: string;
    purpose: string;
    needed: string;
    ports: string;
    websocket: string;
    clouds: string;
    neededBy: string;
    status: string;
    breaks: string;
    sources: string;
  };
  required: string;
  optional: (when: string) => string;
  websocketYes: string;
  websocketNo: string;
  current: string;
  legacy: string;
  head: string[];
  /** The clouds and clients in words (`public`, `browser` as the flags spell them in English). */
  cloud: Record<Cloud, string>;
  client: Record<Client, string>;
  none: string;
  yes: string;
  no: string;
}

const TEXT: Record<Lang, WhichText> = {
  en: {
    owned: (id) => `catalog entry ${id}`,
    unowned: (cloud) => `no catalog entry owns this host (cloud: ${cloud})`,
    allClouds: "all",
    cloud: { public: "public", usgov: "usgov", china: "china" },
    client: { browser: "browser", compute: "compute", sdk: "sdk" },
    fields: {
      name: "name",
      pattern: "pattern",
      purpose: "purpose",
      needed: "needed",
      ports: "ports",
      websocket: "WebSocket",
      clouds: "clouds",
      neededBy: "needed by",
      status: "status",
      breaks: "without it",
      sources: "source",
    },
    required: "required",
    optional: (when) => `optional: ${when}`,
    websocketYes: "required (allow HTTP Upgrade to wss://)",
    websocketNo: "not needed",
    current: "current",
    legacy: "legacy: no longer in Microsoft's docs, not needed today",
    head: ["Host", "Entry", "Name", "Pattern", "Needed", "Ports", "WebSocket", "Legacy", "Purpose", "Source"],
    none: "(none)",
    yes: "yes",
    no: "no",
  },
  ja: {
    owned: (id) => `カタログのエントリ ${id}`,
    unowned: (cloud) => `このホストに該当するカタログのエントリはありません（クラウド: ${cloud}）`,
    allClouds: "すべて",
    cloud: { public: "Azure（グローバル）", usgov: "Azure Government", china: "Azure China（21Vianet）" },
    client: { browser: "ブラウザー", compute: "コンピューティング", sdk: "SDK・CLI" },
    fields: {
      name: "名前",
      pattern: "パターン",
      purpose: "用途",
      needed: "要否",
      ports: "ポート",
      websocket: "WebSocket",
      clouds: "クラウド",
      neededBy: "通信元",
      status: "状態",
      breaks: "許可しない場合",
      sources: "出典",
    },
    required: "必須",
    optional: (when) => `任意: ${when}`,
    websocketYes: "必須（wss:// への HTTP Upgrade を許可してください）",
    websocketNo: "不要",
    current: "現行",
    legacy: "旧エントリ: 現在の Microsoft のドキュメントには記載がなく、現在は不要です",
    head: ["ホスト", "エントリ", "名前", "パターン", "要否", "ポート", "WebSocket", "旧エントリ", "用途", "出典"],
    none: "（該当なし）",
    yes: "はい",
    no: "いいえ",
  },
};

function needed(entry: CatalogEntry, lang: Lang): string {
  const text = TEXT[lang];
  return entry.required ? text.required : text.optional(entry.optional?.[lang] ?? "");
}

function sourceText(source: Source): string {
  return `${source.url} (${source.date})`;
}

function portsOf(owner: HostOwner): string[] {
  return owner.entry && owner.pattern ? portsOfPattern(owner.entry, owner.pattern) : [];
}

/** The JSON object of one answer: `entry`, `pattern`, `websocket`, `required` and `legacy` are null when no entry owns the host. */
function jsonOf(owner: HostOwner, lang: Lang): Record<string, unknown> {
  const entry = owner.entry;
  return {
    host: owner.host,
    entry: entry?.id ?? null,
    ...(entry ? { name: entry.name[lang] } : {}),
    pattern: owner.pattern ?? null,
    ports: portsOf(owner),
    websocket: entry ? entry.websocket : null,
    required: entry ? entry.required : null,
    legacy: entry ? entry.legacy : null,
    ...(entry
      ? {
          ...(entry.optional ? { optional: entry.optional[lang] } : {}),
          purpose: entry.purpose[lang],
          breaks: entry.breaks[lang],
          clouds: entry.clouds,
          neededBy: entry.neededBy,
          sources: entry.sources,
        }
      : {}),
  };
}

function textOf(owner: HostOwner, lang: Lang, cloud: string): string {
  const text = TEXT[lang];
  const entry = owner.entry;
  if (!entry) return `${owner.host}\n  ${text.unowned(cloud)}\n`;
  const f = text.fields;
  const rows: Array<[string, string]> = [
    [f.name, entry.name[lang]],
    [f.pattern, owner.pattern ?? ""],
    [f.purpose, entry.purpose[lang]],
    [f.needed, needed(entry, lang)],
    [f.ports, portsOf(owner).join(", ")],
    [f.websocket, entry.websocket ? text.websocketYes : text.websocketNo],
    [f.clouds, entry.clouds.map((c) => text.cloud[c]).join(lang === "ja" ? "、" : ", ")],
    [f.neededBy, entry.neededBy.map((c) => text.client[c]).join(lang === "ja" ? "、" : ", ")],
    [f.status, entry.legacy ? text.legacy : text.current],
    [f.breaks, entry.breaks[lang]],
    ...entry.sources.map((source): [string, string] => [f.sources, sourceText(source)]),
  ];
  return `${owner.host}: ${text.owned(entry.id)}\n${rows.map(([name, value]) => `  ${name}: ${value}`).join("\n")}\n`;
}

function markdownOf(owners: readonly HostOwner[], lang: Lang, cloud: string): string {
  const text = TEXT[lang];
  const cell = (value: string) => value.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");
  const lines = [`| ${text.head.join(" | ")} |`, `|${text.head.map(() => "---").join("|")}|`];
  for (const owner of owners) {
    const entry = owner.entry;
    if (!entry) {
      lines.push(`| \`${owner.host}\` | ${cell(text.unowned(cloud))} |  |  |  |  |  |  |  |  |`);
      continue;
    }
    lines.push(
      `| \`${owner.host}\` | ${entry.id} | ${cell(entry.name[lang])} | \`${owner.pattern ?? ""}\` | ${cell(needed(entry, lang))} | ${portsOf(owner).join(", ")} | ${entry.websocket ? text.yes : text.no} | ${entry.legacy ? text.yes : text.no} | ${cell(entry.purpose[lang])} | ${entry.sources.map((source) => source.url).join(" ")} |`,
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * Renders the owners of the hosts asked about.
 * @example renderWhich(owners, { format: "json", lang: "en", cloud: "all" })
 */
export function renderWhich(
  owners: readonly HostOwner[],
  options: { format: WhichFormat; lang: Lang; cloud: Cloud | "all" },
): string {
  const cloud = options.cloud === "all" ? TEXT[options.lang].allClouds : options.cloud;
  switch (options.format) {
    case "json":
      return (
        JSON.stringify(
          owners.map((owner) => jsonOf(owner, options.lang)),
          null,
          2,
        ) + "\n"
      );
    case "markdown":
      return markdownOf(owners, options.lang, cloud);
    case "text":
      return owners.map((owner) => textOf(owner, options.lang, cloud)).join("\n");
  }
}
