/**
 * Which catalog entries sit behind the workspace's private endpoints, and the DNS zones a client's
 * DNS must forward to Azure DNS (or hold the private records for) so their hosts resolve to the
 * private endpoint. Keyed by catalog entry id, per cloud; kept apart from the catalog entries so the
 * catalog can change shape without touching this table.
 *
 * Sources: https://learn.microsoft.com/azure/machine-learning/how-to-custom-dns (conditional
 * forwarders: api.azureml.ms, notebooks.azure.net, instances.azureml.ms, aznbcontent.net,
 * inference.ml.azure.com and their US Government / 21Vianet equivalents), and
 * https://learn.microsoft.com/azure/private-link/private-endpoint-dns (storage zones per cloud).
 */
import type { Cloud } from "./catalog/types.js";
import { isHostOrSubdomain } from "./host-name.js";

export interface DnsZone {
  /** The zone to forward to Azure DNS (through a DNS server in the virtual network): `notebooks.azure.net`. */
  forward: string;
  /** The private DNS zone that holds the private endpoint's records, when there is one: `privatelink.notebooks.azure.net`. */
  privateZone?: string;
}

export interface PrivateLinkEntry {
  clouds: Partial<Record<Cloud, readonly DnsZone[]>>;
}

const API = { forward: "api.azureml.ms", privateZone: "privatelink.api.azureml.ms" };
const NOTEBOOKS = { forward: "notebooks.azure.net", privateZone: "privatelink.notebooks.azure.net" };
// Compute instance names are A records in the workspace's private zone, but the name itself is never
// a privatelink CNAME: the forwarder for instances.azureml.ms is its own (azure-docs#87505).
const INSTANCES = [{ forward: "instances.azureml.ms" }, { forward: "instances.ml.azure.ms" }];
const NBCONTENT = { forward: "aznbcontent.net" };

/** Entries behind the workspace private endpoint (or storage's), by catalog entry id. */
export const PRIVATE_LINK: Readonly<Record<string, PrivateLinkEntry>> = {
  api: { clouds: { public: [API] } },
  notebooks: { clouds: { public: [NOTEBOOKS] } },
  "notebook-content": { clouds: { public: [NBCONTENT], usgov: [NBCONTENT], china: [NBCONTENT] } },
  "compute-instance": {
    clouds: {
      public: INSTANCES,
      usgov: [{ forward: "instances.azureml.us" }, { forward: "instances.ml.azure.us" }],
      china: [{ forward: "instances.azureml.cn" }, ...INSTANCES],
    },
  },
  "online-endpoints": { clouds: { public: [{ forward: "inference.ml.azure.com" }] } },
  storage: {
    clouds: {
      public: [
        { forward: "blob.core.windows.net", privateZone: "privatelink.blob.core.windows.net" },
        { forward: "file.core.windows.net", privateZone: "privatelink.file.core.windows.net" },
        { forward: "dfs.core.windows.net", privateZone: "privatelink.dfs.core.windows.net" },
      ],
    },
  },
  "api-usgov": { clouds: { usgov: [{ forward: "api.ml.azure.us", privateZone: "privatelink.api.ml.azure.us" }] } },
  "notebooks-usgov": {
    clouds: {
      usgov: [{ forward: "notebooks.usgovcloudapi.net", privateZone: "privatelink.notebooks.usgovcloudapi.net" }],
    },
  },
  "compute-instance-usgov": {
    clouds: { usgov: [{ forward: "instances.azureml.us" }, { forward: "instances.ml.azure.us" }] },
  },
  "online-endpoints-usgov": { clouds: { usgov: [{ forward: "inference.ml.azure.us" }] } },
  "storage-usgov": {
    clouds: {
      usgov: [
        { forward: "blob.core.usgovcloudapi.net", privateZone: "privatelink.blob.core.usgovcloudapi.net" },
        { forward: "file.core.usgovcloudapi.net", privateZone: "privatelink.file.core.usgovcloudapi.net" },
        { forward: "dfs.core.usgovcloudapi.net", privateZone: "privatelink.dfs.core.usgovcloudapi.net" },
      ],
    },
  },
  "api-china": { clouds: { china: [{ forward: "api.ml.azure.cn", privateZone: "privatelink.api.ml.azure.cn" }] } },
  "notebooks-china": {
    clouds: {
      china: [{ forward: "notebooks.chinacloudapi.cn", privateZone: "privatelink.notebooks.chinacloudapi.cn" }],
    },
  },
  "compute-instance-china": { clouds: { china: [{ forward: "instances.azureml.cn" }, ...INSTANCES] } },
  "online-endpoints-china": { clouds: { china: [{ forward: "inference.ml.azure.cn" }] } },
  "storage-china": {
    clouds: {
      china: [
        { forward: "blob.core.chinacloudapi.cn", privateZone: "privatelink.blob.core.chinacloudapi.cn" },
        { forward: "file.core.chinacloudapi.cn", privateZone: "privatelink.file.core.chinacloudapi.cn" },
        { forward: "dfs.core.chinacloudapi.cn", privateZone: "privatelink.dfs.core.chinacloudapi.cn" },
      ],
    },
  },
};

/** The entry's hosts can sit behind a private endpoint. */
export function isPrivateLinkEntry(entryId: string | undefined): boolean {
  return entryId !== undefined && Object.prototype.hasOwnProperty.call(PRIVATE_LINK, entryId);
}

function covers(zone: string, host: string): boolean {
  return isHostOrSubdomain(host, zone);
}

/**
 * The zone for one host of a private-link entry: the zone of any cloud whose forward name covers the
 * host (the most specific one), else the entry's first zone. Undefined for entries without zones.
 */
export function zoneForHost(entryId: string, host: string): DnsZone | undefined {
  const entry = PRIVATE_LINK[entryId];
  if (!entry) return undefined;
  let best: DnsZone | undefined;
  let first: DnsZone | undefined;
  for (const cloud of Object.keys(entry.clouds) as Cloud[]) {
    for (const zone of entry.clouds[cloud] ?? []) {
      first ??= zone;
      if (covers(zone.forward, host) && (!best || zone.forward.length > best.forward.length)) best = zone;
    }
  }
  return best ?? first;
}

/** True for a name inside a private DNS zone (`….privatelink.notebooks.azure.net`). */
export function isPrivateLinkName(name: string): boolean {
  return name.split(".").includes("privatelink");
}
