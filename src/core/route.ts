/**
 * PAC route strings (`DIRECT`, `PROXY host:port; DIRECT`), validated against the grammar PAC engines
 * accept, so nothing a user types can end up as script inside a generated PAC file.
 * Keywords: MDN "Proxy Auto-Configuration (PAC) file", return value format; docs/reference/pac-and-monitoring-facts.md.
 */

import type { Lang } from "./catalog/types.js";
import { hasValidLabels } from "./host-name.js";

/** Why a route was refused, and the piece of input at fault (shown quoted and escaped). */
export type RouteProblem =
  | { code: "not-text" }
  | { code: "too-long"; limit: number }
  | { code: "bad-character"; position: number; part: string }
  | { code: "empty"; part: string }
  | { code: "direct-address"; part: string }
  | { code: "unknown-keyword"; part: string }
  | { code: "one-address"; keyword: string; part: string }
  | { code: "missing-port"; part: string }
  | { code: "bad-host"; part: string }
  | { code: "bad-port"; part: string };

/** `error` is the English one-line message the CLI prints; `problem` lets a UI say it in its own language. */
export type RouteResult = { ok: true; value: string } | { ok: false; error: string; problem: RouteProblem };

const PROXY_KEYWORDS = ["PROXY", "HTTPS", "SOCKS", "SOCKS4", "SOCKS5"] as const;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6_BODY = /^[0-9a-f:.]+$/i;
const MAX_ROUTE_LENGTH = 1000;

/** Shows a piece of user input inside a one-line message, control characters escaped. */
function quotePart(part: string): string {
  const shown = part.length > 60 ? `${part.slice(0, 60)}…` : part;
  return JSON.stringify(shown);
}

/**
 * One line that says what is wrong with a route, in English or in Japanese.
 * @example describeRouteProblem({ code: "missing-port", part: "proxy" }, "ja") // 'ポート番号がありません: "proxy"（ホスト名:ポート の形式で指定してください）'
 */
export function describeRouteProblem(problem: RouteProblem, lang: Lang): string {
  const part = "part" in problem ? quotePart(problem.part) : "";
  const en = lang === "en";
  switch (problem.code) {
    case "not-text":
      return en ? "the route must be text" : "経路は文字列で指定してください";
    case "too-long":
      return en
        ? `the route is longer than ${problem.limit} characters`
        : `経路が長すぎます（${problem.limit} 文字まで）`;
    case "bad-character":
      return en
        ? `the route contains a control or non-ASCII character at position ${problem.position}: ${part}`
        : `${problem.position} 文字目に制御文字または ASCII 以外の文字があります: ${part}`;
    case "empty":
      return en ? `empty route in ${part}` : `空の経路があります: ${part}`;
    case "direct-address":
      return en ? `DIRECT takes no address: ${part}` : `DIRECT にはアドレスを付けません: ${part}`;
    case "unknown-keyword": {
      // The most common mistake is a bare proxy address: suggest the route it was meant to be.
      const suggestion = /^[A-Za-z0-9.-]+:\d{1,5}$/.test(problem.part.trim())
        ? `PROXY ${problem.part.trim()}`
        : undefined;
      if (suggestion) {
        return en
          ? `unknown route ${part}: did you mean "${suggestion}"?`
          : `「${problem.part.trim()}」は経路として認識できません。「${suggestion}」のように先頭に PROXY などを付けてください`;
      }
      return en
        ? `unknown route ${part} (use DIRECT, PROXY, HTTPS, SOCKS, SOCKS4 or SOCKS5)`
        : `不明な経路です: ${part}（DIRECT、PROXY、HTTPS、SOCKS、SOCKS4、SOCKS5 のいずれかを指定してください）`;
    }
    case "one-address":
      return en
        ? `${problem.keyword} needs exactly one host:port: ${part}`
        : `${problem.keyword} にはホスト名:ポートを 1 つだけ指定してください: ${part}`;
    case "missing-port":
      return en
        ? `missing port in ${part} (write host:port)`
        : `ポート番号がありません: ${part}（ホスト名:ポート の形式で指定してください）`;
    case "bad-host":
      return en ? `bad proxy host in ${part}` : `プロキシのホスト名が正しくありません: ${part}`;
    case "bad-port":
      return en ? `bad or missing port in ${part} (1-65535)` : `ポート番号が正しくありません: ${part}（1～65535）`;
  }
}

function refuse(problem: RouteProblem): RouteResult {
  return { ok: false, error: describeRouteProblem(problem, "en"), problem };
}

function isProxyHost(host: string): boolean {
  if (host.startsWith("[") && host.endsWith("]")) {
    // Not a full IPv6 grammar: enough to refuse what can never be an address (`[:]`, `[1:2]`, `[:::1]`).
    const body = host.slice(1, -1);
    return (
      IPV6_BODY.test(body) &&
      /[0-9a-f]/i.test(body) &&
      (body.includes("::") ? body.split("::").length === 2 : body.split(":").length >= 3) &&
      !body.includes(":::")
    );
  }
  if (IPV4.test(host)) return true;
  // All-numeric labels are an IPv4 address or nothing (`999.1.1.1` is not a host name).
  if (/^[\d.]+$/.test(host)) return false;
  if (host.length > 253) return false;
  return hasValidLabels(host, { anyCase: true });
}

function parseRouteItem(item: string): RouteResult {
  const words = item.split(/[ \t]+/);
  const keyword = (words[0] ?? "").toUpperCase();
  if (keyword === "DIRECT") {
    return words.length === 1 ? { ok: true, value: "DIRECT" } : refuse({ code: "direct-address", part: item });
  }
  if (!(PROXY_KEYWORDS as readonly string[]).includes(keyword)) {
    return refuse({ code: "unknown-keyword", part: words[0] ?? item });
  }
  if (words.length !== 2) return refuse({ code: "one-address", keyword, part: item });
  const address = words[1] ?? "";
  const colon = address.lastIndexOf(":");
  if (colon <= 0 || address.endsWith("]")) return refuse({ code: "missing-port", part: address });
  const host = colon > 0 ? address.slice(0, colon) : "";
  const port = colon > 0 ? address.slice(colon + 1) : "";
  if (!isProxyHost(host)) return refuse({ code: "bad-host", part: address });
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    return refuse({ code: "bad-port", part: address });
  }
  return { ok: true, value: `${keyword} ${host.toLowerCase()}:${Number(port)}` };
}

/**
 * Validates and normalizes a route (`proxy a:8080 ;DIRECT` → `PROXY a:8080; DIRECT`); the error
 * names the bad part in one line.
 * @example parseRoute("PROXY azproxy.contoso.com:8080; DIRECT") // { ok: true, value: "PROXY azproxy.contoso.com:8080; DIRECT" }
 */
export function parseRoute(text: string): RouteResult {
  if (typeof text !== "string") return refuse({ code: "not-text" });
  if (text.length > MAX_ROUTE_LENGTH) return refuse({ code: "too-long", limit: MAX_ROUTE_LENGTH });
  const bad = /[^\x20-\x7e\t]/.exec(text);
  if (bad) return refuse({ code: "bad-character", position: bad.index + 1, part: text });
  const items = text.split(";").map((item) => item.trim());
  if (items.length > 1 && items[items.length - 1] === "") items.pop(); // a trailing ";" is harmless
  const values: string[] = [];
  for (const item of items) {
    if (item === "") return refuse({ code: "empty", part: text });
    const result = parseRouteItem(item);
    if (!result.ok) return result;
    values.push(result.value);
  }
  return { ok: true, value: values.join("; ") };
}
