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

/*
 * Free text below comes from HAR files and webRequest events, which anyone can write, so every
 * pattern runs in linear time: each starts only where a run of its characters starts (a lookbehind
 * for the run's own class), has at most one unbounded quantifier per run, and the next part of the
 * pattern cannot match a character of the run before it, so a failed attempt gives up after
 * one pass over its run. (`/[a-z][a-z0-9+.-]*:\/\//` without that anchor retried every letter of a
 * long word: O(n²), 50 s for a 200 KB HAR.)
 */

/** `scheme://…` up to white space or a quote; the scheme starts a word and is at most 32 characters. */
const URL_IN_TEXT = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,31}:\/\/[^\s"'<>]*/gi;
/** A word that contains a `/`: a path (`/subscriptions/…/workspaces/ws`), a scheme-relative URL. */
const PATH_WORD = /(?<![^\s"'<>(),])[^\s"'<>(),/]*\/[^\s"'<>(),]*/g;
const REDACTED_URL = /^[a-z][a-z0-9+.-]*:\/\/[^/]*$/i;
/** `Authorization: Negotiate <credential>` and the other HTTP authentication schemes. */
const AUTH_SCHEME =
  /(?<![\w-])(bearer|basic|negotiate|ntlm|digest|sharedkey|sharedaccesssignature|pop)\s+[A-Za-z0-9._~+/=:-]+/gi;
const AUTH_SCHEME_WORD = /^(?:bearer|basic|negotiate|ntlm|digest|sharedkey|sharedaccesssignature|pop)$/i;
/** `name: value` and `"name": "value"`: redacted when the name says it holds a secret. */
const COLON_PAIR = /(?<![\w.-])([\w.-]+)("?\s*:\s*"?)([^\s&;,"'<>]*)/g;
const SECRET_NAME = /token|secret|passw|pwd|key|sig|code|auth|cookie|session|credential|bearer|jwt|sas/i;
/** `name=value` (or `%3D`-encoded) with any name: connection strings, cookies, query fragments. */
const EQUALS_PAIR = /(?<![\w.-])([\w.-]+)(\s*(?:=|%3d)\s*"?)([^\s&;,"'<>]*)/gi;
/** A JSON Web Token (its header is base64url of `{"`). */
const JWT = /(?<![\w-])eyJ[\w-]*(?:\.[\w-]*){0,2}/g;
const EMAIL = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** Object ids, tenant ids, subscription ids. */
const GUID = /(?<![0-9a-f-])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f-])/gi;
/** A long run of key-like characters: account keys, access key ids, hex digests. */
const OPAQUE = /(?<![\w+/=-])[\w+/=-]{20,}/g;
const CODE_PREFIX = /^(?:ERR_|NS_|SEC_ERROR_|SSL_ERROR_|MOZILLA_PKIX_ERROR_)[A-Z0-9_]*$/;

/** Two slashes (`a/b/c`, `//host/x`), or one leading a word of four or more (`/C` is a Windows switch, `TLS/SSL` a name). */
function isPathLike(word: string): boolean {
  const first = word.indexOf("/");
  return word.indexOf("/", first + 1) !== -1 || (first === 0 && word.length > 4);
}

/** A key has digits (or is long and of mixed case); error codes (`ERR_HTTP2_PROTOCOL_ERROR`) and plain long words stay. */
function redactOpaque(word: string): string {
  if (CODE_PREFIX.test(word)) return word;
  return /\d/.test(word) || (word.length >= 40 && /[a-z]/.test(word) && /[A-Z]/.test(word)) ? "[redacted]" : word;
}

/**
 * Free text (an unknown browser error, a HAR comment) with every URL in it cut to
 * `scheme://host[:port]`, and paths, credentials, `name=value` pairs of any name, secrets named as
 * such (`Cookie: …`, `"access_token": …`), JWTs, e-mail addresses, GUIDs and long key-like words
 * replaced. Linear in the length of the text.
 */
export function redactText(text: string, maxLength = 200): string {
  let out = text.includes("://") ? text.replace(URL_IN_TEXT, (url) => redactUrl(url) ?? "[url]") : text;
  if (out.includes("/"))
    out = out.replace(PATH_WORD, (word) => (REDACTED_URL.test(word) || !isPathLike(word) ? word : "[path]"));
  out = out
    .replace(
      AUTH_SCHEME,
      (_, scheme: string) => `${scheme[0]!.toUpperCase()}${scheme.slice(1).toLowerCase()} [redacted]`,
    )
    .replace(JWT, "[jwt]")
    .replace(COLON_PAIR, (match, name: string, separator: string, value: string) =>
      value === "" ||
      value === "[redacted]" ||
      value === "[jwt]" ||
      AUTH_SCHEME_WORD.test(value) ||
      !SECRET_NAME.test(name)
        ? match
        : `${name}${separator}[redacted]`,
    )
    .replace(EQUALS_PAIR, (match, name: string, separator: string, value: string) =>
      value === "" || value === "[redacted]" ? match : `${name}${separator}[redacted]`,
    )
    .replace(EMAIL, "[email]")
    .replace(GUID, "[id]")
    .replace(OPAQUE, redactOpaque);
  return out.length > maxLength ? `${out.slice(0, maxLength - 1)}…` : out;
}

/** A browser's own error code (`net::ERR_NAME_NOT_RESOLVED`, `NS_ERROR_UNKNOWN_HOST`): kept as it is. */
const BROWSER_CODE = /^(?:net::ERR_|ERR_|NS_|SEC_ERROR_|SSL_ERROR_|MOZILLA_PKIX_ERROR_)[A-Z0-9_]{1,64}$/;
/** C0 and C1 controls, line and paragraph separators, and bidi overrides (which can reorder what a reader sees). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * An error string as a report may keep it: a browser's error code as it is; any other text (a
 * Firefox sentence, or whatever a HAR file says) redacted by redactText, control characters as
 * spaces (six bytes each in JSON otherwise), at most `maxBytes` of UTF-8.
 */
export function cleanError(error: string, maxBytes = 200): string {
  if (BROWSER_CODE.test(error)) return error; // the common case, and nothing in it to hide
  const text = redactText(error.replace(CONTROL, " "), maxBytes);
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (bytes > maxBytes - 3) return `${text.slice(0, i)}…`;
    if (pair) i++;
  }
  return text;
}
