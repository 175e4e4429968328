/**
 * Whole-label host name checks, written once: `ml.azure.com` covers `eastus.ml.azure.com` but never
 * `xml.azure.com`. The checks compare the strings they are given; callers lowercase and drop a
 * trailing dot first (see `normalizeHost` in matcher.ts) where their input needs it; names with an
 * empty label (`.x`, `a..b`) are not host names and are not expected here.
 */

/** One DNS label in letters, digits and inner hyphens, at most 63 characters (RFC 1123 §2.1). */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const LABEL_ANY_CASE = new RegExp(LABEL.source, "i");

/** Whether every dot-separated label of `name` is a valid lowercase label (or, with `anyCase`, a label in any case). */
export function hasValidLabels(name: string, options: { anyCase?: boolean } = {}): boolean {
  const label = options.anyCase ? LABEL_ANY_CASE : LABEL;
  return name.split(".").every((part) => label.test(part));
}

/** Whether `host` is `domain` itself or a name under it, by whole labels. */
export function isHostOrSubdomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** Whether `host` is a name strictly under `domain` (`a.b.c` under `b.c`), by whole labels. */
export function isSubdomain(host: string, domain: string): boolean {
  return host.length > domain.length + 1 && host.endsWith(`.${domain}`);
}
