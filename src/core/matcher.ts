/**
 * Host matching against the catalog: whole-label wildcards over a suffix index, so
 * `*.core.windows.net` never matches `evilwindows.net` or `core.windows.net.evil.example`.
 */
import type { Catalog, CatalogEntry } from "./catalog/types.js";
import { isSubdomain } from "./host-name.js";

interface HostIndex {
  exact: Map<string, CatalogEntry>;
  /** `*.suffix` patterns, keyed by `suffix`. */
  wildcard: Map<string, CatalogEntry>;
}

const indexes = new WeakMap<Catalog, HostIndex>();

function indexOf(catalog: Catalog): HostIndex {
  let index = indexes.get(catalog);
  if (index) return index;
  index = { exact: new Map(), wildcard: new Map() };
  for (const entry of catalog.entries) {
    // A legacy catch-all (`*.windows.net`) would claim live hosts no current entry owns.
    if (entry.catchAll) continue;
    for (const pattern of entry.patterns) {
      if (pattern.startsWith("*.")) index.wildcard.set(pattern.slice(2), entry);
      else index.exact.set(pattern, entry);
    }
  }
  indexes.set(catalog, index);
  return index;
}

const PLAIN_HOST = /^[a-z0-9.-]+$/;
const IPV4 = /^\d+(\.\d+){0,3}$/;

/**
 * A last label that is a number (`1`, `0x7f`): the URL standard reads such a host as an IPv4
 * address (`0x7f.1` is 127.0.0.1), never as a DNS name. https://url.spec.whatwg.org/#ends-in-a-number-checker
 */
const ENDS_IN_A_NUMBER = /(?:^|\.)(?:[0-9]+|0x[0-9a-f]*)$/;

/**
 * Lowercase ASCII host name of `input` (a host, `host:port`, or `[v6]:port`), with a trailing dot
 * and port removed and Unicode labels in punycode; undefined for IP literals and non-hosts.
 */
export function normalizeHost(input: string): string | undefined {
  if (typeof input !== "string" || input.length === 0 || input.length > 1024) return undefined;
  let host = input.trim().toLowerCase();
  if (host.startsWith("[")) return undefined; // bracketed IPv6 literal
  const colon = host.indexOf(":");
  if (colon !== -1) {
    if (host.indexOf(":", colon + 1) !== -1) return undefined; // bare IPv6 literal
    host = host.slice(0, colon);
  }
  if (host.endsWith(".")) host = host.slice(0, -1);
  if (!PLAIN_HOST.test(host)) host = toAsciiHost(host) ?? "";
  if (host.length === 0 || host.length > 253) return undefined;
  if (host.startsWith(".") || host.endsWith(".") || host.includes("..")) return undefined;
  if (IPV4.test(host) || ENDS_IN_A_NUMBER.test(host)) return undefined;
  return host;
}

/** IDNA via the WHATWG URL parser (present in browsers, workers and Node alike). */
function toAsciiHost(host: string): string | undefined {
  try {
    const parsed = new URL(`http://${host}/`).hostname;
    if (parsed.startsWith("[") || !PLAIN_HOST.test(parsed)) return undefined;
    return parsed.endsWith(".") ? parsed.slice(0, -1) : parsed;
  } catch {
    return undefined;
  }
}

/** Host part of an absolute URL (`wss://user@Host.Example:443/p?q` → `Host.Example:443`), or undefined. */
export function authorityOfUrl(url: string): string | undefined {
  if (typeof url !== "string") return undefined;
  const scheme = url.indexOf("://");
  if (scheme <= 0) return undefined;
  // The common case, the fast way (the diagnosis asks for every observation): the authority ends
  // at the first "/" and holds none of ? # \ @.
  const slash = url.indexOf("/", scheme + 3);
  const quick = url.slice(scheme + 3, slash === -1 ? url.length : slash);
  if (!quick.includes("?") && !quick.includes("#") && !quick.includes("\\") && !quick.includes("@")) return quick;
  let end = url.length;
  for (let i = scheme + 3; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */ || c === 92 /* \ */) {
      end = i;
      break;
    }
  }
  const authority = url.slice(scheme + 3, end);
  const at = authority.lastIndexOf("@");
  return at === -1 ? authority : authority.slice(at + 1);
}

/** Normalized host name of an absolute URL, or undefined for IP literals and malformed URLs. */
export function hostOfUrl(url: string): string | undefined {
  const authority = authorityOfUrl(url);
  return authority === undefined ? undefined : normalizeHost(authority);
}

/** The most specific catalog entry for `host` (exact host before the longest `*.suffix`); never throws. */
export function matchHost(host: string, catalog: Catalog): CatalogEntry | undefined {
  const name = normalizeHost(host);
  return name === undefined ? undefined : matchNormalizedHost(name, catalog);
}

/** `matchHost` for a host already passed through `normalizeHost`. */
export function matchNormalizedHost(name: string, catalog: Catalog): CatalogEntry | undefined {
  const index = indexOf(catalog);
  const exact = index.exact.get(name);
  if (exact) return exact;
  // Walk the labels from the left: the first suffix found is the longest, so the most specific.
  for (let dot = name.indexOf("."); dot !== -1; dot = name.indexOf(".", dot + 1)) {
    const entry = index.wildcard.get(name.slice(dot + 1));
    if (entry) return entry;
  }
  return undefined;
}

/** The most specific entry for a normalized host and the pattern of it that won (`*.suffix` or the host). */
export function matchPatternOfHost(
  name: string,
  catalog: Catalog,
): { entry: CatalogEntry; pattern: string } | undefined {
  const index = indexOf(catalog);
  const exact = index.exact.get(name);
  if (exact) return { entry: exact, pattern: name };
  for (let dot = name.indexOf("."); dot !== -1; dot = name.indexOf(".", dot + 1)) {
    const suffix = name.slice(dot + 1);
    const entry = index.wildcard.get(suffix);
    if (entry) return { entry, pattern: `*.${suffix}` };
  }
  return undefined;
}

/** The catalog entry for the host of an absolute URL; never throws. */
export function matchUrl(url: string, catalog: Catalog): CatalogEntry | undefined {
  const name = hostOfUrl(url);
  return name === undefined ? undefined : matchNormalizedHost(name, catalog);
}

/** Whether one pattern (`host` or `*.suffix`) covers a normalized host name. */
export function patternCovers(pattern: string, name: string): boolean {
  if (!pattern.startsWith("*.")) return pattern === name;
  return isSubdomain(name, pattern.slice(2));
}
