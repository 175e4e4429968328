/**
 * The studio web apps whose tabs the extension watches, one per cloud, read from the catalog
 * entries that describe them, so a studio host is written once (in the catalog) and the manifest's
 * host permissions and the background's tab filter cannot disagree with it.
 * https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall
 */
import type { Catalog, Cloud } from "./catalog/types.js";
import { isHostOrSubdomain } from "./host-name.js";

/** The catalog entries of the three studio web apps: Azure public cloud, Azure Government, Azure China. */
const STUDIO_ENTRY_IDS = ["studio", "studio-usgov", "studio-china"] as const;

/**
 * The studio web-app hosts: the first pattern of each studio entry (an entry may list further
 * hosts that studio calls, such as ml.azure.cn, which are not web apps). A tab belongs to a studio
 * session while its top document is on one of these hosts or a subdomain of one.
 */
export function studioHosts(catalog: Catalog): string[] {
  return STUDIO_ENTRY_IDS.map((id) => {
    const host = catalog.entries.find((entry) => entry.id === id)?.patterns[0];
    if (!host || host.startsWith("*.")) throw new Error(`catalog entry ${id} names no studio host`);
    return host;
  });
}

/** The cloud of a studio host (`ml.azure.us` → `usgov`), or undefined for a host that is no studio's. */
export function studioCloudOf(catalog: Catalog, host: string): Cloud | undefined {
  const name = host.toLowerCase();
  for (const id of STUDIO_ENTRY_IDS) {
    const entry = catalog.entries.find((candidate) => candidate.id === id);
    const studio = entry?.patterns[0];
    if (studio && isHostOrSubdomain(name, studio)) return entry.clouds[0];
  }
  return undefined;
}
