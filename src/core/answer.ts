/**
 * Who answered a response: Azure or something in between. Reads only the few headers that tell
 * (and, for HAR files, a body only for Azure ML's private-link refusal sentences); everything else
 * of the response is dropped here, so nothing more can reach the state or a report.
 *
 * - Azure's front ends and services send request ids: `x-ms-request-id` (Storage and most REST
 *   APIs), `x-ms-correlation-request-id`/`x-ms-routing-request-id` (Resource Manager),
 *   `x-azure-ref` (Front Door), `x-msedge-ref`, `apim-request-id` (API Management).
 *   https://learn.microsoft.com/rest/api/storageservices/common-rest-api-headers
 * - Storage's `x-ms-error-code` names the refusal:
 *   https://learn.microsoft.com/rest/api/storageservices/blob-service-error-codes
 * - Proxies mark what they relay or produce: `Via` (RFC 9110 §7.6.3), `Proxy-Status` (RFC 9209),
 *   Squid's `X-Squid-Error` on its own error pages.
 */
import type { Answer } from "./observation.js";

export interface HeaderLike {
  name: string;
  value?: string;
}

const AZURE_IDS = new Set([
  "x-ms-request-id",
  "x-ms-correlation-request-id",
  "x-ms-routing-request-id",
  "x-ms-client-request-id",
  "x-azure-ref",
  "x-azure-ref-originshield",
  "x-msedge-ref",
  "apim-request-id",
]);

const PROXY_MARKERS = new Set(["via", "x-squid-error", "proxy-status", "x-bluecoat-via"]);

/**
 * Storage error codes that mean the network was refused, not the user: the account's firewall
 * ("AuthorizationFailure": the request's source is not allowed by the network rules) and an IP
 * outside a SAS's allowed range ("AuthorizationSourceIPMismatch").
 * https://learn.microsoft.com/troubleshoot/azure/azure-storage/blobs/authentication/storage-troubleshoot-403-errors
 */
export const NETWORK_REFUSAL_CODES: ReadonlySet<string> = new Set([
  "AuthorizationFailure",
  "AuthorizationSourceIPMismatch",
]);

/** RBAC and key refusals: the user lacks a role or a key is wrong. Not the network. */
export const PERMISSION_CODES: ReadonlySet<string> = new Set([
  "AuthorizationPermissionMismatch",
  "AuthorizationResourceTypeMismatch",
  "AuthorizationServiceMismatch",
  "AuthenticationFailed",
  "InsufficientAccountPermissions",
]);

/**
 * Azure ML's own refusals when a workspace with private link is reached from outside it
 * (https://learn.microsoft.com/azure/machine-learning/how-to-troubleshoot-secure-connection-workspace).
 * Lowercase; matched case-insensitively.
 */
export const PRIVATE_LINK_REFUSALS: readonly string[] = [
  "outside of the designated private link",
  "denied based on workspace private link configuration",
];

const MAX_VALUE = 64;

function cut(value: string): string {
  const oneLine = value.replace(/[\u0000-\u001f\u007f]/g, " ").trim();
  return oneLine.length > MAX_VALUE ? `${oneLine.slice(0, MAX_VALUE - 1)}…` : oneLine;
}

/** What a header name says: 1 `x-ms-error-code`, 2 an Azure request id, 3 a proxy marker. */
const NAMES = new Map<string, number>([
  ["x-ms-error-code", 1],
  ...[...AZURE_IDS].map((name): [string, number] => [name, 2]),
  ...[...PROXY_MARKERS].map((name): [string, number] => [name, 3]),
]);

/** 0 for a name that says nothing about who answered (most of them), else as NAMES. */
function nameKind(name: string): number {
  return NAMES.get(name) ?? (name.startsWith("x-zscaler-") ? 3 : 0);
}

/**
 * The answer of the common response: an Azure request id and nothing else. One shared, frozen object,
 * so answerOf allocates nothing for it; nothing writes to an answer after answerOf.
 */
const AZURE_ONLY: Answer = Object.freeze({ azure: true });

/** The answer facts of a response's headers, or undefined when none of them is there. */
export function answerOf(headers: readonly HeaderLike[] | undefined): Answer | undefined {
  if (!headers || headers.length === 0) return undefined;
  let azure = false;
  let msErrorCode: string | undefined;
  let proxy: string | undefined;
  let proxyError = false;
  for (let i = 0; i < headers.length; i++) {
    const header = headers[i]!;
    const raw = header.name;
    if (typeof raw !== "string") continue;
    // Every name looked for starts with x, a, v or p: skip the rest (content-type, date, …) without lowercasing them.
    const first = raw.charCodeAt(0) | 0x20;
    if (first !== 0x78 && first !== 0x61 && first !== 0x76 && first !== 0x70) continue;
    // Chromium and HTTP/2 give names in lowercase already: the name as given is looked up first.
    let name = raw;
    let kind = nameKind(raw);
    if (kind === 0) {
      name = raw.toLowerCase();
      if (name === raw) continue;
      kind = nameKind(name);
      if (kind === 0) continue;
    }
    if (kind === 1) {
      azure = true;
      if (typeof header.value === "string" && header.value.length > 0) msErrorCode = cut(header.value);
    } else if (kind === 2) {
      azure = true;
    } else {
      const value = typeof header.value === "string" ? header.value : "";
      proxy ??= cut(`${name}: ${value}`);
      if (name === "x-squid-error" || (name === "proxy-status" && /;\s*error\s*=/i.test(value))) proxyError = true;
    }
  }
  if (proxy === undefined && msErrorCode === undefined) return azure ? AZURE_ONLY : undefined;
  const answer: Answer = {};
  if (azure) answer.azure = true;
  if (msErrorCode !== undefined) answer.msErrorCode = msErrorCode;
  if (proxy !== undefined) answer.proxy = proxy;
  if (proxyError) answer.proxyError = true;
  return answer;
}

/** The body holds one of Azure ML's private-link refusal sentences. Only tests for them; the body is not kept. */
export function hasPrivateLinkRefusal(body: string): boolean {
  const lower = body.length > 65_536 ? body.slice(0, 65_536).toLowerCase() : body.toLowerCase();
  return PRIVATE_LINK_REFUSALS.some((marker) => lower.includes(marker));
}
