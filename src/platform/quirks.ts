/** Differences between Chromium and Firefox that the adapters must not each rediscover. */
import type { Lang } from "../core/catalog/types.js";
import type { ExtensionApi, RequestDetails } from "./api.js";

/**
 * Origin of the document or worker behind a request: Chromium sends `initiator` (an origin),
 * Firefox `documentUrl`/`originUrl` (full URLs, docs/reference/firefox-network-failures.md).
 */
export function requestContextUrl(details: RequestDetails): string | undefined {
  const candidate = details.initiator ?? details.documentUrl ?? details.originUrl;
  return candidate && candidate !== "null" ? candidate : undefined;
}

/** `chrome-extension://<id>` or `moz-extension://<uuid>`: the extension's own origin. */
export function extensionOrigin(api: Pick<ExtensionApi, "runtime">): string {
  return new URL(api.runtime.getURL("/")).origin;
}

/** The request came from the extension itself (its worker, popup or options page). */
export function isOwnRequest(details: RequestDetails, ownOrigin: string): boolean {
  const context = requestContextUrl(details);
  if (!context) return false;
  try {
    return new URL(context).origin === ownOrigin;
  } catch {
    return false;
  }
}

/** The UI language the popup and options use: Japanese for any `ja*` locale, else English. */
export function uiLang(api: Pick<ExtensionApi, "i18n">): Lang {
  return api.i18n.getUILanguage().toLowerCase().startsWith("ja") ? "ja" : "en";
}

/**
 * Firefox closes the toolbar popup when it asks where to save a file, and that revokes the popup's
 * blob URLs: with "Always ask where to save files" on, a download started in the popup fails
 * (https://github.com/Rob--W/crxviewer/issues/141). There the popup hands downloads to its full
 * page in a tab. Chromium keeps the popup open behind the file chooser.
 */
export function popupLosesBlobDownloads(api: Pick<ExtensionApi, "runtime">): boolean {
  return api.runtime.getURL("/").startsWith("moz-extension:");
}
