/**
 * The organisation's private address ranges (setting `privateRanges`): CIDR lists, IPv4 and IPv6,
 * parsed and matched with ipaddr.js (https://github.com/whitequark/ipaddr.js) rather than by hand:
 * IPv6 shorthand, IPv4-mapped IPv6 (`::ffff:10.0.0.1`) and prefix checks are easy to get wrong.
 */
import ipaddr from "ipaddr.js";
import type { Lang } from "./catalog/types.js";

/** RFC 1918, the shared address space of RFC 6598 (100.64.0.0/10) and IPv6 unique local addresses. */
export const DEFAULT_PRIVATE_RANGES: readonly string[] = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
  "fc00::/7",
];

/** At most this many ranges; a longer list is a paste accident, not a network. */
export const MAX_PRIVATE_RANGES = 64;

export type AddressClass = "private" | "public";

type Parsed = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Parsed ranges, ready for `classifyAddress`. */
export interface PrivateRanges {
  /** The ranges as written, normalized (`10.0.0.0/8`). */
  readonly cidrs: readonly string[];
  readonly v4: readonly Parsed[];
  readonly v6: readonly Parsed[];
}

export type RangeProblem =
  | { reason: "empty" }
  | { reason: "bad-cidr"; value: string }
  | { reason: "host-bits"; value: string }
  | { reason: "too-many" };

/** One CIDR, normalized, or why not. Host bits set (`10.0.0.1/8`) are refused: the user probably meant something else. */
export function parseCidr(
  text: string,
): { ok: true; value: string; parsed: Parsed } | { ok: false; problem: RangeProblem } {
  const value = text.trim();
  const shaped = value.includes(":")
    ? /^[0-9a-fA-F:.]+\/\d{1,3}$/.test(value) && ipaddr.isValidCIDR(value)
    : ipaddr.IPv4.isValidCIDRFourPartDecimal(value);
  if (!shaped) return { ok: false, problem: { reason: "bad-cidr", value } };
  const parsed = ipaddr.parseCIDR(value) as Parsed;
  const [address, bits] = parsed;
  const network =
    address.kind() === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(value) : ipaddr.IPv6.networkAddressFromCIDR(value);
  if (network.toString() !== address.toString()) return { ok: false, problem: { reason: "host-bits", value } };
  return { ok: true, value: `${address.toString()}/${bits}`, parsed };
}

/** A list of CIDRs (array, or text separated by commas, spaces or new lines), or the first problem. */
export function parsePrivateRanges(
  input: unknown,
): { ok: true; value: PrivateRanges } | { ok: false; problem: RangeProblem } {
  const items = Array.isArray(input) ? input.map(String) : typeof input === "string" ? input.split(/[\s,]+/) : [];
  const texts = items.map((item) => item.trim()).filter((item) => item.length > 0);
  if (texts.length === 0) return { ok: false, problem: { reason: "empty" } };
  if (texts.length > MAX_PRIVATE_RANGES) return { ok: false, problem: { reason: "too-many" } };
  const cidrs: string[] = [];
  const v4: Parsed[] = [];
  const v6: Parsed[] = [];
  for (const text of texts) {
    const one = parseCidr(text);
    if (!one.ok) return one;
    if (cidrs.includes(one.value)) continue;
    cidrs.push(one.value);
    (one.parsed[0].kind() === "ipv4" ? v4 : v6).push(one.parsed);
  }
  return { ok: true, value: { cidrs, v4, v6 } };
}

/** The defaults, parsed. */
export const DEFAULT_RANGES: PrivateRanges = (() => {
  const parsed = parsePrivateRanges(DEFAULT_PRIVATE_RANGES);
  if (!parsed.ok) throw new Error("default private ranges do not parse");
  return parsed.value;
})();

const memo = new WeakMap<PrivateRanges, Map<string, AddressClass | null>>();

/**
 * `private` when the address is in one of the ranges, `public` for any other address, null when
 * it is not an IP address. IPv4-mapped IPv6 counts as its IPv4 address. Memoized per address.
 */
export function classifyAddress(ip: string, ranges: PrivateRanges): AddressClass | null {
  let cache = memo.get(ranges);
  if (!cache) memo.set(ranges, (cache = new Map()));
  const hit = cache.get(ip);
  if (hit !== undefined) return hit;
  let result: AddressClass | null = null;
  const text = ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip;
  if (ipaddr.isValid(text)) {
    let address = ipaddr.parse(text);
    if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress())
      address = (address as ipaddr.IPv6).toIPv4Address();
    const list = address.kind() === "ipv4" ? ranges.v4 : ranges.v6;
    result = list.some((range) => address.match(range as never)) ? "private" : "public";
  }
  if (cache.size >= 4096) cache.clear();
  cache.set(ip, result);
  return result;
}

/** A problem in the user's language, one line. */
export function describeRangeProblem(problem: RangeProblem, lang: Lang): string {
  const ja = lang === "ja";
  switch (problem.reason) {
    case "empty":
      return ja
        ? "アドレス範囲を 1 つ以上入力してください（例: 10.0.0.0/8）。"
        : "Enter at least one address range (for example 10.0.0.0/8).";
    case "too-many":
      return ja ? `アドレス範囲は ${MAX_PRIVATE_RANGES} 個までです。` : `At most ${MAX_PRIVATE_RANGES} address ranges.`;
    case "host-bits":
      return ja
        ? `${problem.value} はネットワーク アドレスではありません（ホスト部が 0 ではありません）。例: 10.1.0.0/16`
        : `${problem.value} is not a network address (bits set after the prefix); for example 10.1.0.0/16.`;
    case "bad-cidr":
      return ja
        ? `${JSON.stringify(problem.value)} は CIDR 形式の範囲ではありません。例: 10.0.0.0/8、fc00::/7`
        : `${JSON.stringify(problem.value)} is not a CIDR range such as 10.0.0.0/8 or fc00::/7.`;
  }
}
