/**
 * The one source manifest (Chrome MV3, top-level manifest.json) becomes the shipped Chrome and
 * Firefox manifests here; pure so the derivation is tested (test/adapters/manifest.test.ts).
 */
import type { Catalog } from "../src/core/catalog/types.js";
import { studioHosts } from "../src/core/studio.js";

export interface Manifest {
  manifest_version: 3;
  name: string;
  version: string;
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  background?: { service_worker?: string; scripts?: string[]; type?: string };
  browser_specific_settings?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Firefox add-on id; an email-like id is stable across signing and reinstalls. */
const GECKO_ID = "aml-network-doctor@aml-network-doctor";
/** First ESR with MV3 `data_collection_permissions` and `optional_host_permissions`. */
export const FIREFOX_MIN_VERSION = "140.0";
/** Firefox for Android learnt data_collection_permissions in 142; an older minimum fails AMO's lint. */
export const FIREFOX_ANDROID_MIN_VERSION = "142.0";

/** Match pattern for a host pattern: `*.x.y` and `x.y` map to Chrome's `*.x.y` and `x.y`. */
function hostPermission(scheme: string, pattern: string): string {
  return `${scheme}://${pattern}/*`;
}

/**
 * Host permissions for the studio origins and every browser-side catalog pattern. `*://` covers
 * only http and https in Chromium: without `wss://` (and `ws://`) patterns the extension never
 * sees a WebSocket request (docs/reference/chromium-network-failures.md, "Summary").
 */
export function hostPermissionsFor(catalog: Catalog): string[] {
  const out = new Set<string>();
  for (const studio of studioHosts(catalog)) {
    out.add(hostPermission("https", studio));
    out.add(hostPermission("https", `*.${studio}`));
  }
  for (const entry of catalog.entries) {
    if (!entry.neededBy.includes("browser")) continue;
    for (const pattern of entry.patterns) {
      out.add(hostPermission("*", pattern));
      if (entry.websocket) {
        out.add(hostPermission("wss", pattern));
        out.add(hostPermission("ws", pattern));
      }
    }
  }
  return [...out].sort();
}

/** The shipped Chrome manifest: the source with its version and generated host permissions. */
export function buildChromeManifest(source: Manifest, catalog: Catalog, version: string): Manifest {
  const declared = source.host_permissions ?? [];
  if (declared.includes("<all_urls>")) throw new Error("manifest.json must not ask for <all_urls>");
  const hosts = [...new Set([...declared, ...hostPermissionsFor(catalog)])].sort();
  return { ...structuredClone(source), version, host_permissions: hosts };
}

/**
 * Firefox's manifest: MV3 there runs the background as an event page (`background.scripts`), and
 * AMO needs a gecko id and `data_collection_permissions`. Nothing else changes.
 * https://extensionworkshop.com/documentation/develop/firefox-builtin-data-consent/
 */
export function toFirefoxManifest(chrome: Manifest): Manifest {
  const firefox = structuredClone(chrome);
  const script = chrome.background?.service_worker;
  if (!script) throw new Error("the Chrome manifest has no background.service_worker");
  firefox.background = { scripts: [script] };
  firefox.browser_specific_settings = {
    gecko: {
      id: GECKO_ID,
      strict_min_version: FIREFOX_MIN_VERSION,
      data_collection_permissions: { required: ["none"] },
    },
    gecko_android: { strict_min_version: FIREFOX_ANDROID_MIN_VERSION },
  };
  return firefox;
}
