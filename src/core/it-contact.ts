/** The IT contact of "Send to IT": an e-mail address (a `mailto:` link) or an https page. */

import { hasValidLabels } from "./host-name.js";

export type ItContact = { kind: "mail"; address: string } | { kind: "url"; url: string };

/** The local part (before the `@`) of a valid e-mail address. */
const EMAIL_LOCAL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$/;

/**
 * The grammar of an HTML e-mail input (https://html.spec.whatwg.org/#valid-e-mail-address), with
 * a domain of two or more labels: a local part, `@`, then host-name labels in any case.
 */
function isEmailAddress(address: string): boolean {
  const at = address.indexOf("@");
  if (at === -1) return false;
  const domain = address.slice(at + 1);
  return EMAIL_LOCAL.test(address.slice(0, at)) && domain.includes(".") && hasValidLabels(domain, { anyCase: true });
}

/** Parses an `itContact` setting: `it@contoso.com`, `mailto:it@contoso.com` or `https://…`; anything else is a one-line reason. */
export function parseItContact(value: unknown): { ok: true; contact: ItContact } | { ok: false; reason: string } {
  if (typeof value !== "string") return { ok: false, reason: "not text" };
  const text = value.trim();
  if (text.length === 0 || text.length > 2000) return { ok: false, reason: "empty or too long" };
  const address = text.toLowerCase().startsWith("mailto:") ? text.slice(7) : text;
  if (isEmailAddress(address) && address.length <= 254) return { ok: true, contact: { kind: "mail", address } };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: "neither an e-mail address nor a URL" };
  }
  if (url.protocol !== "https:") return { ok: false, reason: `only https:// pages, not ${url.protocol}` };
  if (url.username || url.password) return { ok: false, reason: "a URL with a user name or password" };
  return { ok: true, contact: { kind: "url", url: url.href } };
}

/**
 * Mail clients and the OS hand-off cut long `mailto:` URLs (Outlook and Windows at about 2,000
 * characters), so the whole URL is kept under this many characters.
 */
export const MAILTO_LIMIT = 1900;

/**
 * A `mailto:` URL with subject and body, the body cut by whole lines (then the `cutNote` line added)
 * so the URL stays within `limit`; `cut` says whether it was.
 * @example mailtoUrl("it@contoso.com", "Azure ML blocked", markdown, "The full report is on the clipboard.")
 */
export function mailtoUrl(
  address: string,
  subject: string,
  body: string,
  cutNote: string,
  limit = MAILTO_LIMIT,
): { url: string; cut: boolean } {
  const build = (text: string) =>
    `mailto:${encodeURIComponent(address).replace(/%40/g, "@")}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(text)}`;
  const whole = build(body);
  if (whole.length <= limit) return { url: whole, cut: false };
  const withNote = (kept: string) => `${kept}\n\n${cutNote}`;
  const fits = (kept: string) => build(withNote(kept)).length <= limit;
  // The most whole lines that fit (binary search: a report is at most a few thousand lines) …
  const lines = body.split("\n");
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(lines.slice(0, mid).join("\n"))) low = mid;
    else high = mid - 1;
  }
  let kept = lines.slice(0, low).join("\n");
  // … and when not even the first line fits, as many of its characters as do.
  if (low === 0) {
    let chars = 0;
    let top = lines[0]!.length;
    while (chars < top) {
      const mid = Math.ceil((chars + top) / 2);
      if (fits(`${lines[0]!.slice(0, mid)}…`)) chars = mid;
      else top = mid - 1;
    }
    kept = `${lines[0]!.slice(0, chars)}…`;
  }
  const text = withNote(kept);
  return { url: build(text), cut: true };
}
