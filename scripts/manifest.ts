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
 * Host permissions for the studio origins and every current (non-legacy) browser-side catalog pattern. `*://` covers
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
    // Legacy entries are not needed today: no host permission on their word (least privilege).
    if (entry.legacy || !entry.neededBy.includes("browser")) continue;
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

/** The bundles of the WebSocket observer, as scripts/build.ts writes them. */
export const OBSERVER_SCRIPT = "websocket-observer.js";
export const RELAY_SCRIPT = "websocket-relay.js";

export interface ContentScript {
  matches: string[];
  js: string[];
  all_frames: boolean;
  run_at: "document_start";
  world?: "MAIN";
}

/**
 * Pages the WebSocket observer runs in: studio, and the hosts of the catalog's WebSocket entries
 * (compute instances' Jupyter, JupyterLab and terminals, which studio shows in frames). https only:
 * a content script's match pattern names the page, not the socket.
 */
export function observedPagesFor(catalog: Catalog): string[] {
  const out = new Set<string>();
  for (const studio of studioHosts(catalog)) {
    out.add(hostPermission("https", studio));
    out.add(hostPermission("https", `*.${studio}`));
  }
  for (const entry of catalog.entries) {
    if (!entry.websocket || !entry.neededBy.includes("browser")) continue;
    for (const pattern of entry.patterns) out.add(hostPermission("https", pattern));
  }
  return [...out].sort();
}

/**
 * Two content scripts per page, in every frame, before the page's own scripts: the observer in the
 * page's world (`world: "MAIN"`: Chrome 111, Firefox 128), the relay to the worker in the isolated
 * world. https://developer.chrome.com/docs/extensions/reference/manifest/content-scripts
 */
export function contentScriptsFor(catalog: Catalog): ContentScript[] {
  const matches = observedPagesFor(catalog);
  return [
    { matches, js: [OBSERVER_SCRIPT], all_frames: true, run_at: "document_start", world: "MAIN" },
    { matches: [...matches], js: [RELAY_SCRIPT], all_frames: true, run_at: "document_start" },
  ];
}

/** The shipped Chrome manifest: the source with its version, generated host permissions and content scripts. */
export function buildChromeManifest(
  source: Manifest,
  catalog: Catalog,
  version: string,
  options: { key?: string } = {},
): Manifest {
  const declared = source.host_permissions ?? [];
  if (declared.includes("<all_urls>")) throw new Error("manifest.json must not ask for <all_urls>");
  const hosts = [...new Set([...declared, ...hostPermissionsFor(catalog)])].sort();
  return {
    ...structuredClone(source),
    version,
    host_permissions: hosts,
    content_scripts: contentScriptsFor(catalog),
    ...(options.key ? { key: options.key } : {}),
  };
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
  // Chrome-only keys: Firefox warns on both. Its managed storage comes from policies.json "3rdparty"
  // without a schema, and its id from browser_specific_settings.
  delete firefox.key;
  delete firefox.storage;
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
