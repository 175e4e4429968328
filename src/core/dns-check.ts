/**
 * The private-endpoint DNS checklist of Microsoft's troubleshooting page
 * (https://learn.microsoft.com/azure/machine-learning/how-to-troubleshoot-secure-connection-workspace):
 * for each host, its CNAME chain, its addresses and a verdict. Pure: the resolver is handed in
 * (Node's `dns.promises.Resolver` in the CLI, a fake in tests), so nothing here touches the network.
 */
import type { Catalog, Lang } from "./catalog/types.js";
import { parenthesized } from "./report-i18n.js";
import { classifyAddress, type PrivateRanges } from "./ip-ranges.js";
import { matchNormalizedHost, normalizeHost } from "./matcher.js";
import { isPrivateLinkEntry, isPrivateLinkName, zoneForHost } from "./private-link.js";

/** The slice of `dns.promises.Resolver` the check uses. Errors carry Node's `code` (`ENOTFOUND`, `ENODATA`, …). */
export interface DnsResolver {
  resolveCname(name: string): Promise<string[]>;
  resolve4(name: string): Promise<string[]>;
  resolve6(name: string): Promise<string[]>;
}

export type DnsVerdict = "private" | "public" | "public-privatelink" | "nxdomain" | "error";

export interface DnsResult {
  host: string;
  /** Catalog entry id, or null for a host outside the catalog. */
  entry: string | null;
  /** The CNAME chain from the host to the name that holds the addresses, in order. */
  cnames: string[];
  addresses: string[];
  verdict: DnsVerdict;
  /** The zone to forward to Azure DNS for this host (private-link entries), or null. */
  zone: string | null;
  /** The private DNS zone that holds the records, when the entry has one. Not in the JSON contract. */
  privateZone?: string;
  /** Why the lookup failed (`ESERVFAIL`, `ETIMEOUT`, …), for `error`. */
  reason?: string;
}

/** A chain longer than this is a loop. */
const MAX_CHAIN = 16;

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string"
    ? code
    : error instanceof Error
      ? error.message.split("\n")[0]!.slice(0, 80)
      : "unknown";
}

/** "No such name" and "no record of that type": answers, not failures. */
const NO_NAME = new Set(["ENOTFOUND"]);
const NO_DATA = new Set(["ENODATA"]);

async function records(lookup: () => Promise<string[]>): Promise<{ values: string[]; code?: string }> {
  try {
    return { values: await lookup() };
  } catch (error) {
    return { values: [], code: codeOf(error) };
  }
}

function lower(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

/** Checks one host. Never throws: a failed lookup is the verdict `error` with its reason. */
export async function checkHost(
  host: string,
  resolver: DnsResolver,
  ranges: PrivateRanges,
  catalog: Catalog,
): Promise<DnsResult> {
  const name = normalizeHost(host) ?? lower(host);
  const entry = matchNormalizedHost(name, catalog)?.id ?? null;
  const zone = entry !== null && isPrivateLinkEntry(entry) ? zoneForHost(entry, name) : undefined;
  const result: DnsResult = {
    host: name,
    entry,
    cnames: [],
    addresses: [],
    verdict: "error",
    zone: zone?.forward ?? null,
  };
  if (zone?.privateZone) result.privateZone = zone.privateZone;

  // The chain, one hop at a time: a recursive resolver answers a CNAME query with that name's CNAME only.
  let current = name;
  for (let hop = 0; hop < MAX_CHAIN; hop++) {
    const cname = await records(() => resolver.resolveCname(current));
    if (cname.code !== undefined) {
      if (NO_NAME.has(cname.code) && hop === 0) {
        result.verdict = "nxdomain";
        return result;
      }
      if (NO_NAME.has(cname.code) || NO_DATA.has(cname.code)) break;
      result.reason = cname.code;
      return result;
    }
    const next = cname.values[0];
    if (next === undefined) break;
    const target = lower(next);
    if (result.cnames.includes(target)) {
      result.reason = "CNAME loop";
      return result;
    }
    result.cnames.push(target);
    current = target;
  }

  const [v4, v6] = await Promise.all([records(() => resolver.resolve4(name)), records(() => resolver.resolve6(name))]);
  result.addresses = [...v4.values, ...v6.values];
  if (result.addresses.length === 0) {
    const codes = [v4.code, v6.code];
    if (codes.some((code) => code !== undefined && NO_NAME.has(code))) result.verdict = "nxdomain";
    else {
      const failure = codes.find((code) => code !== undefined && !NO_DATA.has(code));
      result.reason = failure ?? "no addresses";
    }
    return result;
  }
  const classes = result.addresses.map((address) => classifyAddress(address, ranges));
  if (classes.every((c) => c === "private")) result.verdict = "private";
  else result.verdict = result.cnames.some(isPrivateLinkName) ? "public-privatelink" : "public";
  return result;
}

/** Every host, one after the other (a user's list is short; a DNS server should not be flooded). */
export async function checkHosts(
  hosts: readonly string[],
  resolver: DnsResolver,
  ranges: PrivateRanges,
  catalog: Catalog,
): Promise<DnsResult[]> {
  const out: DnsResult[] = [];
  for (const host of hosts) out.push(await checkHost(host, resolver, ranges, catalog));
  return out;
}

/**
 * Exit code of the picture: 3 when a host resolves through a `privatelink.` name to a public address,
 * or private-link hosts disagree (some private, some public); else 1 when a lookup failed; else 0.
 */
export function dnsExitCode(results: readonly DnsResult[]): 0 | 1 | 3 {
  if (results.some((r) => r.verdict === "public-privatelink")) return 3;
  const linked = results.filter((r) => r.entry !== null && isPrivateLinkEntry(r.entry));
  if (linked.some((r) => r.verdict === "private") && linked.some((r) => r.verdict === "public")) return 3;
  if (results.some((r) => r.verdict === "error")) return 1;
  return 0;
}

/** The JSON contract: an array of `{ host, entry, cnames, addresses, verdict, zone }`. */
export function renderDnsJson(results: readonly DnsResult[]): string {
  const rows = results.map((r) => ({
    host: r.host,
    entry: r.entry,
    cnames: r.cnames,
    addresses: r.addresses,
    verdict: r.verdict,
    zone: r.zone,
  }));
  return `${JSON.stringify(rows, null, 2)}\n`;
}

const VERDICT_TEXT: Record<Lang, Record<DnsVerdict, string>> = {
  en: {
    private: "private address",
    public: "public address",
    "public-privatelink":
      "public address, though the name points to a private zone: this DNS does not hold the private zone",
    nxdomain: "no such name",
    error: "lookup failed",
  },
  ja: {
    private: "プライベート IP アドレス",
    public: "パブリック IP アドレス",
    "public-privatelink":
      "プライベート ゾーンを指す名前なのにパブリック IP アドレス（この DNS はプライベート ゾーンを参照していません）",
    nxdomain: "名前が存在しません",
    error: "名前解決に失敗しました",
  },
};

interface DnsText {
  cname: string;
  addresses: string;
  entry: string;
  forward(zone: string, privateZone: string | undefined): string;
  summary: Record<0 | 1 | 3, string>;
  columns: [string, string, string, string, string, string];
  none: string;
}

const DNS_TEXT: Record<Lang, DnsText> = {
  en: {
    cname: "CNAME",
    addresses: "addresses",
    entry: "entry",
    forward: (zone, privateZone) =>
      `forward the zone ${zone} to Azure DNS${privateZone ? ` (records in the private zone ${privateZone})` : ""}`,
    summary: {
      0: "The answers are consistent.",
      1: "Some lookups failed; see above.",
      3: "Private-endpoint DNS is incomplete: some hosts resolve publicly. Forward the zones named above to Azure DNS.",
    },
    columns: ["Host", "Verdict", "Addresses", "CNAME chain", "Entry", "Zone to forward"],
    none: "(none)",
  },
  ja: {
    cname: "CNAME",
    addresses: "アドレス",
    entry: "エントリ",
    forward: (zone, privateZone) =>
      `DNS ゾーン ${zone} を Azure DNS へ転送してください${privateZone ? `（レコードはプライベート ゾーン ${privateZone} にあります）` : ""}`,
    summary: {
      0: "名前解決の結果に矛盾はありません。",
      1: "名前解決に失敗したホストがあります。上記を確認してください。",
      3: "プライベート エンドポイントの DNS 設定が不完全です。パブリック IP に名前解決されるホストがあります。上記の DNS ゾーンを Azure DNS へ転送してください。",
    },
    columns: ["ホスト", "判定", "アドレス", "CNAME チェーン", "エントリ", "転送するゾーン"],
    none: "（なし）",
  },
};

function needsForward(r: DnsResult): boolean {
  return r.zone !== null && (r.verdict === "public" || r.verdict === "public-privatelink" || r.verdict === "nxdomain");
}

export function renderDnsText(results: readonly DnsResult[], lang: Lang): string {
  const text = DNS_TEXT[lang];
  const out: string[] = [];
  for (const r of results) {
    out.push(
      `${r.host}  ${r.verdict}: ${VERDICT_TEXT[lang][r.verdict]}${r.reason ? parenthesized(r.reason, lang) : ""}`,
    );
    if (r.entry) out.push(`  ${text.entry}: ${r.entry}`);
    for (const cname of r.cnames) out.push(`  ${text.cname} ${cname}`);
    if (r.addresses.length > 0) out.push(`  ${text.addresses}: ${r.addresses.join(", ")}`);
    if (needsForward(r)) out.push(`  → ${text.forward(r.zone!, r.privateZone)}`);
  }
  out.push("", text.summary[dnsExitCode(results)]);
  return `${out.join("\n")}\n`;
}

function cell(value: string): string {
  return value.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");
}

export function renderDnsMarkdown(results: readonly DnsResult[], lang: Lang): string {
  const text = DNS_TEXT[lang];
  const c = text.columns;
  const out = [`| ${c.join(" | ")} |`, "|---|---|---|---|---|---|"];
  for (const r of results) {
    out.push(
      `| \`${cell(r.host)}\` | ${r.verdict} | ${r.addresses.length > 0 ? r.addresses.map((a) => `\`${a}\``).join(", ") : text.none} | ${r.cnames.length > 0 ? r.cnames.map((n) => `\`${cell(n)}\``).join(" → ") : text.none} | ${r.entry ? `\`${r.entry}\`` : ""} | ${r.zone ? `\`${r.zone}\`` : ""} |`,
    );
  }
  out.push("", text.summary[dnsExitCode(results)]);
  for (const r of results)
    if (needsForward(r)) out.push(`- \`${cell(r.host)}\`: ${text.forward(r.zone!, r.privateZone)}`);
  return `${out.join("\n")}\n`;
}
