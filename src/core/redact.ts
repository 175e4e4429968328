/**
 * What may leave the browser: scheme, host and port. Paths, queries and fragments carry SAS
 * signatures (`sig=`), OAuth codes (`code=`) and workspace ids; userinfo carries credentials.
 */
import { authorityOfUrl } from "./matcher.js";

const SCHEME = /^[a-z][a-z0-9+.-]*$/;
const HOST = /^[a-z0-9.-]+$/;
const IPV6 = /^\[[0-9a-f:.]+\]$/;
const DEFAULT_PORTS: Record<string, string> = { https: "443", wss: "443", http: "80", ws: "80" };

/** `scheme://host[:port]` of an absolute URL (default ports dropped), or undefined when it is not one. */
export function redactUrl(url: string): string | undefined {
  if (typeof url !== "string") return undefined;
  const colon = url.indexOf("://");
  if (colon <= 0) return undefined;
  const scheme = url.slice(0, colon).toLowerCase();
  if (!SCHEME.test(scheme)) return undefined;
  const authority = authorityOfUrl(url);
  if (authority === undefined || authority.length === 0) return undefined;
  let host = authority.toLowerCase();
  let port = "";
  const close = host.lastIndexOf("]");
  const portColon = host.lastIndexOf(":");
  if (portColon > close) {
    port = host.slice(portColon + 1);
    host = host.slice(0, portColon);
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) return undefined;
    port = String(Number(port));
  }
  if (host.endsWith(".")) host = host.slice(0, -1);
  if (host.length === 0 || host.length > 253 || !(HOST.test(host) || IPV6.test(host))) return undefined;
  const keepPort = port !== "" && DEFAULT_PORTS[scheme] !== port;
  return `${scheme}://${host}${keepPort ? `:${port}` : ""}`;
}

const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]*/gi;

/** Free text (an unknown browser error, a HAR comment) with every URL in it cut to `scheme://host[:port]`. */
export function redactText(text: string, maxLength = 200): string {
  let out = text.includes("://") ? text.replace(URL_IN_TEXT, (url) => redactUrl(url) ?? "[url]") : text;
  // Credentials and key=value (or "key": "value") secrets that are not inside a URL.
  if (/bearer|basic|sig|code|token|key|password|secret/i.test(out)) {
    out = out
      .replace(/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi, (_, scheme: string) => `${scheme[0]!.toUpperCase()}${scheme.slice(1).toLowerCase()} [redacted]`)
      .replace(
        /\b(sig|code|token|access_token|id_token|refresh_token|key|password|secret)("?\s*[=:]\s*"?)[^\s&;,"]+/gi,
        (_, key: string, separator: string) => `${key}${separator}[redacted]`,
      );
  }
  return out.length > maxLength ? `${out.slice(0, maxLength - 1)}…` : out;
}
