/**
 * PAC route strings (`DIRECT`, `PROXY host:port; DIRECT`), validated against the grammar PAC engines
 * accept, so nothing a user types can end up as script inside a generated PAC file.
 * Keywords: MDN "Proxy Auto-Configuration (PAC) file", return value format; ../shared/reference/pac-and-monitoring-facts.md.
 */

export type RouteResult = { ok: true; value: string } | { ok: false; error: string };

const PROXY_KEYWORDS = ["PROXY", "HTTPS", "SOCKS", "SOCKS4", "SOCKS5"] as const;
const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6_BODY = /^[0-9a-f:.]+$/i;
const MAX_ROUTE_LENGTH = 1000;

/** Shows a piece of user input inside a one-line message, control characters escaped. */
export function quotePart(part: string): string {
  const shown = part.length > 60 ? `${part.slice(0, 60)}…` : part;
  return JSON.stringify(shown);
}

function isProxyHost(host: string): boolean {
  if (host.startsWith("[") && host.endsWith("]")) {
    const body = host.slice(1, -1);
    return body.includes(":") && IPV6_BODY.test(body);
  }
  if (IPV4.test(host)) return true;
  if (host.length > 253) return false;
  return host.split(".").every((label) => HOST_LABEL.test(label));
}

function parseRouteItem(item: string): RouteResult {
  const words = item.split(/[ \t]+/);
  const keyword = (words[0] ?? "").toUpperCase();
  if (keyword === "DIRECT") {
    return words.length === 1 ? { ok: true, value: "DIRECT" } : { ok: false, error: `DIRECT takes no address: ${quotePart(item)}` };
  }
  if (!(PROXY_KEYWORDS as readonly string[]).includes(keyword)) {
    return { ok: false, error: `unknown route ${quotePart(words[0] ?? item)} (use DIRECT, PROXY, HTTPS, SOCKS, SOCKS4 or SOCKS5)` };
  }
  if (words.length !== 2) return { ok: false, error: `${keyword} needs exactly one host:port: ${quotePart(item)}` };
  const address = words[1] ?? "";
  const colon = address.lastIndexOf(":");
  if (colon <= 0 || address.endsWith("]")) return { ok: false, error: `missing port in ${quotePart(address)} (write host:port)` };
  const host = colon > 0 ? address.slice(0, colon) : "";
  const port = colon > 0 ? address.slice(colon + 1) : "";
  if (!isProxyHost(host)) return { ok: false, error: `bad proxy host in ${quotePart(address)}` };
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    return { ok: false, error: `bad or missing port in ${quotePart(address)} (1-65535)` };
  }
  return { ok: true, value: `${keyword} ${host.toLowerCase()}:${Number(port)}` };
}

/**
 * Validates and normalizes a route (`proxy a:8080 ;DIRECT` → `PROXY a:8080; DIRECT`); the error
 * names the bad part in one line.
 * @example parseRoute("PROXY azproxy.contoso.com:8080; DIRECT") // { ok: true, value: "PROXY azproxy.contoso.com:8080; DIRECT" }
 */
export function parseRoute(text: string): RouteResult {
  if (typeof text !== "string") return { ok: false, error: "the route must be text" };
  if (text.length > MAX_ROUTE_LENGTH) return { ok: false, error: `the route is longer than ${MAX_ROUTE_LENGTH} characters` };
  const bad = /[^\x20-\x7e\t]/.exec(text);
  if (bad) return { ok: false, error: `the route contains a control or non-ASCII character at position ${bad.index + 1}: ${quotePart(text)}` };
  const items = text.split(";").map((item) => item.trim());
  if (items.length > 1 && items[items.length - 1] === "") items.pop(); // a trailing ";" is harmless
  const values: string[] = [];
  for (const item of items) {
    if (item === "") return { ok: false, error: `empty route in ${quotePart(text)}` };
    const result = parseRouteItem(item);
    if (!result.ok) return result;
    values.push(result.value);
  }
  return { ok: true, value: values.join("; ") };
}
