/**
 * The popup ⇄ background contract (docs/messages.md), also used by end-to-end tests through
 * `runtime.sendMessage`. Requests are validated here, in one place, by the worker; the popup and
 * tests send them with `sendRequest`, which turns an `{ error }` answer into a thrown Error.
 */
import { CLOUDS, LANGS, type Cloud, type Lang } from "./core/catalog/types.js";
import type { Report } from "./core/report-schema.js";
import { parseRoute } from "./core/route.js";

export interface GetReportRequest {
  type: "get-report";
  tabId: number;
  /** Language of the report's prose; the browser's UI language when absent. */
  lang?: Lang;
}

export interface GetPacRequest {
  type: "get-pac";
  tabId: number;
  /** `all`: every browser entry of the cloud chosen in options; `blocked`: only this tab's findings. */
  scope: "all" | "blocked";
  /** Routes for this call, overriding the options (validated with the PAC route grammar). */
  via?: string;
  default?: string;
}

export interface ClearRequest {
  type: "clear";
  tabId: number;
}

/**
 * Check every browser host of a cloud now; resolves when the check ends, to a report
 * with `source: "check"` and `checks`. Progress goes to extension pages as `check-progress` messages.
 */
export interface RunCheckRequest {
  type: "run-check";
  /** The cloud in options when absent (`public` when options say `all`). */
  cloud?: Cloud;
  /** Hosts to check besides the fixed names and remembered ones (each a browser host of the cloud). */
  hosts?: string[];
  /** Language of the report's prose; the browser's UI language when absent. */
  lang?: Lang;
}

/** The hosts checks remember from studio sessions, by entry; `clear: true` forgets them first. */
export interface CheckHostsRequest {
  type: "check-hosts";
  clear?: boolean;
}

/** Sent by the worker to extension pages while a check runs (not a request: nothing answers it). */
export interface CheckProgressMessage {
  type: "check-progress";
  done: number;
  total: number;
}

/** Requests about one tab's diagnosis. */
export type TabRequest = GetReportRequest | GetPacRequest | ClearRequest;
export type Request = TabRequest | RunCheckRequest | CheckHostsRequest;

export interface ResponseMap {
  "get-report": Report;
  "get-pac": string;
  clear: { ok: true };
  "run-check": Report;
  "check-hosts": { remembered: Record<string, string[]> };
}

export interface ErrorResponse {
  error: string;
}

export type Response<R extends Request> = ResponseMap[R["type"]];

export type ParsedRequest = { ok: true; request: Request } | { ok: false; error: string };

const isTabId = (value: unknown): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0;

/** Validates an incoming message; the error says what is wrong in one line. */
/**
 * A field's value for an error message, without throwing: a cyclic object or a BigInt (which
 * Firefox's structured clone lets through) would make JSON.stringify throw.
 */
function quoted(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.slice(0, 40));
  if (value === null || typeof value === "number" || typeof value === "boolean") return String(value);
  return typeof value;
}

export function parseRequest(message: unknown): ParsedRequest {
  if (!message || typeof message !== "object") return { ok: false, error: "the message must be an object with a type" };
  const m = message as Record<string, unknown>;
  if (m.type === "run-check" || m.type === "check-hosts") return parseCheckRequest(m);
  if (m.type !== "get-report" && m.type !== "get-pac" && m.type !== "clear") {
    return {
      ok: false,
      error: `unknown message type ${quoted(m.type)} (use get-report, get-pac, clear, run-check or check-hosts)`,
    };
  }
  if (!isTabId(m.tabId)) return { ok: false, error: `${m.type} needs tabId, a tab id (a non-negative integer)` };
  if (m.type === "clear") return { ok: true, request: { type: "clear", tabId: m.tabId } };
  if (m.type === "get-report") {
    if (m.lang !== undefined && !(LANGS as readonly unknown[]).includes(m.lang)) {
      return { ok: false, error: `unknown lang ${quoted(m.lang)} (use ${LANGS.join(" or ")})` };
    }
    const request: GetReportRequest = { type: "get-report", tabId: m.tabId };
    if (m.lang !== undefined) request.lang = m.lang as Lang;
    return { ok: true, request };
  }
  if (m.scope !== "all" && m.scope !== "blocked") return { ok: false, error: `get-pac needs scope "all" or "blocked"` };
  const request: GetPacRequest = { type: "get-pac", tabId: m.tabId, scope: m.scope };
  for (const field of ["via", "default"] as const) {
    if (m[field] === undefined) continue;
    if (typeof m[field] !== "string") return { ok: false, error: `${field} must be a PAC route string` };
    const route = parseRoute(m[field] as string);
    if (!route.ok) return { ok: false, error: `${field}: ${route.error}` };
    request[field] = route.value;
  }
  return { ok: true, request };
}

/**
 * From the content scripts: one WebSocket close the page saw. The tab comes from the
 * message's sender, never from the message; `close` is checked by `parseSocketClose`.
 */
export interface WebSocketClosedMessage {
  type: "websocket-closed";
  close: unknown;
}

/** The message is the content scripts' `websocket-closed` (not a popup request). */
export function isWebSocketClosedMessage(message: unknown): message is WebSocketClosedMessage {
  return !!message && typeof message === "object" && (message as { type?: unknown }).type === "websocket-closed";
}

const MAX_CHECK_HOSTS = 32;

function parseCheckRequest(m: Record<string, unknown>): ParsedRequest {
  if (m.type === "check-hosts") {
    if (m.clear !== undefined && typeof m.clear !== "boolean")
      return { ok: false, error: "check-hosts: clear must be true or false" };
    return { ok: true, request: m.clear ? { type: "check-hosts", clear: true } : { type: "check-hosts" } };
  }
  const request: RunCheckRequest = { type: "run-check" };
  if (m.cloud !== undefined) {
    if (!(CLOUDS as readonly unknown[]).includes(m.cloud))
      return { ok: false, error: `unknown cloud ${JSON.stringify(m.cloud)} (use ${CLOUDS.join(", ")})` };
    request.cloud = m.cloud as Cloud;
  }
  if (m.hosts !== undefined) {
    if (
      !Array.isArray(m.hosts) ||
      m.hosts.length > MAX_CHECK_HOSTS ||
      !m.hosts.every((h) => typeof h === "string" && h.length <= 253)
    ) {
      return { ok: false, error: `run-check: hosts must be a list of at most ${MAX_CHECK_HOSTS} host names` };
    }
    request.hosts = [...(m.hosts as string[])];
  }
  if (m.lang !== undefined) {
    if (!(LANGS as readonly unknown[]).includes(m.lang))
      return { ok: false, error: `unknown lang ${JSON.stringify(m.lang)} (use ${LANGS.join(" or ")})` };
    request.lang = m.lang as Lang;
  }
  return { ok: true, request };
}

export function isErrorResponse(value: unknown): value is ErrorResponse {
  return !!value && typeof value === "object" && typeof (value as ErrorResponse).error === "string";
}

/** Sends a request to the worker; resolves to its typed answer, rejects with the worker's error. */
export async function sendRequest<R extends Request>(
  runtime: { sendMessage(message: unknown): Promise<unknown> },
  request: R,
): Promise<Response<R>> {
  const answer = await runtime.sendMessage(request);
  if (isErrorResponse(answer)) throw new Error(answer.error);
  if (answer === undefined) throw new Error(`no answer to ${request.type}: the background worker is not running`);
  return answer as Response<R>;
}
