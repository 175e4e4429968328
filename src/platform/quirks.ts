/** Differences between Chromium and Firefox that the adapters must not each rediscover. */
import type { ExtensionApi, RequestDetails } from "./api.js";

/**
 * Origin of the document or worker behind a request: Chromium sends `initiator` (an origin),
 * Firefox `documentUrl`/`originUrl` (full URLs, ../shared/reference/firefox-network-failures.md).
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
export function uiLang(api: Pick<ExtensionApi, "i18n">): "en" | "ja" {
  return api.i18n.getUILanguage().toLowerCase().startsWith("ja") ? "ja" : "en";
}
