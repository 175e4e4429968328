/**
 * Which tabs are studio tabs. A tab belongs to a studio session while its top document is on a
 * studio host (core/studio.ts) or a subdomain of one (regional and private-link studio hosts are
 * subdomains).
 */
import { CATALOG } from "../core/catalog/index.js";
import { isHostOrSubdomain } from "../core/host-name.js";
import { studioHosts } from "../core/studio.js";

const STUDIO_HOSTS: readonly string[] = studioHosts(CATALOG);

/** Host of `url` when it is an https studio page or origin, compared by whole labels. */
function studioHostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "https:") return undefined;
  const host = parsed.hostname.toLowerCase();
  return STUDIO_HOSTS.some((studio) => isHostOrSubdomain(host, studio)) ? host : undefined;
}

/** The origin (`https://ml.azure.com`) of a studio URL, or undefined for anything else. */
export function studioOriginOf(url: string | undefined): string | undefined {
  const host = studioHostOf(url);
  return host ? new URL(url as string).origin : undefined;
}
