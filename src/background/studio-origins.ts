/**
 * The studio web apps whose tabs are watched: Azure public cloud, Azure China (21Vianet) and
 * Azure Government. A tab belongs to a studio session while its top document is on one of these
 * hosts or a subdomain of one (regional and private-link studio hosts are subdomains).
 * https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall
 */
export const STUDIO_HOSTS: readonly string[] = ["ml.azure.com", "studio.ml.azure.cn", "ml.azure.us"];

/** Host of `url` when it is an https studio page or origin, compared by whole labels. */
export function studioHostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "https:") return undefined;
  const host = parsed.hostname.toLowerCase();
  return STUDIO_HOSTS.some((studio) => host === studio || host.endsWith(`.${studio}`)) ? host : undefined;
}

/** The origin (`https://ml.azure.com`) of a studio URL, or undefined for anything else. */
export function studioOriginOf(url: string | undefined): string | undefined {
  const host = studioHostOf(url);
  return host ? new URL(url as string).origin : undefined;
}
