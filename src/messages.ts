/**
 * The popup ⇄ background contract (docs/messages.md), also used by end-to-end tests through
 * `runtime.sendMessage`. Requests are validated here, in one place, by the worker; the popup and
 * tests send them with `sendRequest`, which turns an `{ error }` answer into a thrown Error.
 */
import { LANGS, type Lang } from "./core/catalog/types.js";
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

export type Request = GetReportRequest | GetPacRequest | ClearRequest;

export interface ResponseMap {
  "get-report": Report;
  "get-pac": string;
  clear: { ok: true };
}

export interface ErrorResponse {
  error: string;
}

export type Response<R extends Request> = ResponseMap[R["type"]];

export type ParsedRequest = { ok: true; request: Request } | { ok: false; error: string };

const isTabId = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value) && value >= 0;

/** Validates an incoming message; the error says what is wrong in one line. */
export function parseRequest(message: unknown): ParsedRequest {
  if (!message || typeof message !== "object") return { ok: false, error: "the message must be an object with a type" };
  const m = message as Record<string, unknown>;
  if (m.type !== "get-report" && m.type !== "get-pac" && m.type !== "clear") {
    return { ok: false, error: `unknown message type ${JSON.stringify(m.type)} (use get-report, get-pac or clear)` };
  }
  if (!isTabId(m.tabId)) return { ok: false, error: `${m.type} needs tabId, a tab id (a non-negative integer)` };
  if (m.type === "clear") return { ok: true, request: { type: "clear", tabId: m.tabId } };
  if (m.type === "get-report") {
    if (m.lang !== undefined && !(LANGS as readonly unknown[]).includes(m.lang)) {
      return { ok: false, error: `unknown lang ${JSON.stringify(m.lang)} (use ${LANGS.join(" or ")})` };
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

function isErrorResponse(value: unknown): value is ErrorResponse {
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
