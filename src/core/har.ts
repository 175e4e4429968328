/**
 * HAR files (HTTP Archive 1.2) saved from Chrome, Edge or Firefox DevTools, read into observations
 * for the same classifier and diagnosis the extension uses.
 *
 * What the browsers store: Chromium keeps a failed request with `response.status` 0 and the error
 * in `response._error` (`net::ERR_NAME_NOT_RESOLVED`), and the request type in `_resourceType`
 * (`websocket` entries also carry `_webSocketMessages`). Firefox's HAR builder
 * (devtools/client/netmonitor/src/har/har-builder.js) keeps status 0 and no reason at all, and no
 * resource type; WebSockets show as `wss://` URLs. Times are `startedDateTime` plus `time` (ms).
 */
import type { Catalog, Lang } from "./catalog/types.js";
import { answerOf, hasPrivateLinkRefusal, type HeaderLike } from "./answer.js";
import { NO_RESPONSE_ERROR } from "./classifier.js";
import type { PrivateRanges } from "./ip-ranges.js";
import { createState, reduce, type DiagnosisState, type HostState } from "./diagnosis.js";
import type { Observation } from "./observation.js";
import { buildReport } from "./report.js";
import { HAR_TEXT } from "./report-i18n.js";
import type { Report } from "./report-schema.js";

/** The diagnose command refuses larger files: a JavaScript string cannot hold much more, and no page load needs it. */
export const MAX_HAR_BYTES = 512 * 1024 * 1024;
/** Entries read at most by default; the rest are counted as skipped. */
export const DEFAULT_MAX_HAR_ENTRIES = 1_000_000;

/** The input is not a HAR file, or nothing of it could be read. The message is one line for the user. */
export class HarError extends Error {
  override name = "HarError";
}

export interface HarReadResult {
  observations: Observation[];
  /** What was skipped or guessed, in English, one line each. */
  warnings: string[];
  /** Entries that could not be read (no URL, no start time) or were over `maxEntries`. */
  skipped: number;
}

/** Chromium `_resourceType` → webRequest `type`, so HAR observations look like the extension's. */
const RESOURCE_TYPES: Record<string, string> = {
  document: "main_frame",
  xhr: "xmlhttprequest",
  fetch: "xmlhttprequest",
  eventsource: "xmlhttprequest",
  preflight: "xmlhttprequest",
  stylesheet: "stylesheet",
  script: "script",
  image: "image",
  font: "font",
  media: "media",
  websocket: "websocket",
  ping: "ping",
  manifest: "other",
  other: "other",
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * JSON.parse's complaint without the file's own text: V8 quotes the characters around the error
 * (`Unexpected token '}', ..."ETSIG"}}, }" is not valid JSON`), which can be the tail of a SAS
 * signature or a token.
 */
function jsonReason(message: string): string {
  const line = message.split(/\r?\n/)[0]!;
  // The other messages quote only JSON punctuation (`Expected ',' or '}' after property value`).
  return line.includes('"') ? "Unexpected character in JSON" : line.slice(0, 160);
}

/**
 * Entries of a HAR whose JSON is cut off: every complete `{…}` in `log.entries` before the break.
 * Returns undefined when there is no entries list to recover from.
 */
function salvageEntries(text: string): unknown[] | undefined {
  const start = /"entries"\s*:\s*\[/.exec(text);
  if (!start) return undefined;
  const entries: unknown[] = [];
  let i = start.index + start[0].length;
  const n = text.length;
  for (;;) {
    while (i < n && (text[i] === "," || text[i] === " " || text[i] === "\n" || text[i] === "\r" || text[i] === "\t")) i++;
    if (i >= n || text[i] !== "{") break;
    const begin = i;
    let depth = 0;
    let inString = false;
    let end = -1;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (c === 92 /* \ */) i++;
        else if (c === 34 /* " */) inString = false;
      } else if (c === 34) inString = true;
      else if (c === 123 /* { */) depth++;
      else if (c === 125 /* } */ && --depth === 0) {
        end = i + 1;
        break;
      }
    }
    if (end === -1) break;
    try {
      entries.push(JSON.parse(text.slice(begin, end)));
    } catch {
      break;
    }
    i = end;
  }
  return entries;
}

function toObservation(entry: unknown): Observation | "skip" | "not-web" {
  if (!isRecord(entry) || !isRecord(entry.request)) return "skip";
  const url = entry.request.url;
  if (typeof url !== "string" || url.length === 0) return "skip";
  if (!/^(https?|wss?):\/\//i.test(url)) return "not-web"; // data:, blob:, chrome-extension: never touch the network
  const started = typeof entry.startedDateTime === "string" ? Date.parse(entry.startedDateTime) : Number.NaN;
  if (!Number.isFinite(started)) return "skip";
  const elapsed = typeof entry.time === "number" && entry.time > 0 ? entry.time : 0;
  const response = isRecord(entry.response) ? entry.response : {};
  const status = typeof response.status === "number" ? response.status : Number(response.status) || 0;
  const rawError = response._error ?? entry._error;
  const error = typeof rawError === "string" && rawError.length > 0 ? rawError : undefined;
  const resourceType = typeof entry._resourceType === "string" ? entry._resourceType.toLowerCase() : "";
  const websocket = resourceType === "websocket" || Array.isArray(entry._webSocketMessages) || /^wss?:/i.test(url);
  const observation: Observation = {
    url,
    type: websocket ? "websocket" : (RESOURCE_TYPES[resourceType] ?? "other"),
    time: started + elapsed,
    elapsedMs: elapsed,
  };
  if (status > 0) {
    observation.statusCode = status;
    observation.headersReceived = true;
  }
  if (status === 407) observation.proxyAuth = true;
  if (error !== undefined) observation.error = error;
  else if (status <= 0) observation.error = NO_RESPONSE_ERROR;
  addAnswer(observation, entry, response, status);
  return observation;
}

/** Bodies larger than this are not searched for refusal sentences (they are Azure ML's short JSON errors). */
const MAX_BODY_SEARCH = 64 * 1024;

/**
 * The address connected to (`serverIPAddress`; Chromium writes IPv6 in brackets) and what the
 * response headers and, for a refusal, the body say about who answered. The body is only searched
 * for Azure ML's private-link refusal sentences and never kept (src/core/answer.ts).
 */
function addAnswer(observation: Observation, entry: Record<string, unknown>, response: Record<string, unknown>, status: number): void {
  const address = entry.serverIPAddress;
  if (typeof address === "string" && address.length > 0) {
    observation.ip = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  }
  const headers = Array.isArray(response.headers) ? (response.headers.filter((h) => isRecord(h) && typeof h.name === "string") as unknown as HeaderLike[]) : undefined;
  let answer = answerOf(headers);
  if (status >= 400 && isRecord(response.content) && typeof response.content.text === "string") {
    const content = response.content;
    let body = (content.text as string).length <= MAX_BODY_SEARCH * 2 ? (content.text as string) : "";
    if (body && content.encoding === "base64") {
      try {
        body = atob(body.replace(/\s+/g, ""));
      } catch {
        body = "";
      }
    }
    if (body && hasPrivateLinkRefusal(body)) answer = { ...answer, azure: true, privateLinkRefusal: true };
  }
  if (answer) observation.answer = answer;
}

/** What reading a HAR found, before it is put in words. */
interface HarRead {
  observations: Observation[];
  skipped: number;
  /** Entries recovered from a cut-off file, and the JSON error. */
  truncated?: { reason: string; entries: number };
  overLimit?: { limit: number; total: number };
  noReason: number;
}

function readHar(text: string, maxEntries: number): HarRead {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim().length === 0) throw new HarError("The file is empty, not a HAR file.");
  let entries: unknown[];
  let truncated: HarRead["truncated"];
  try {
    const root: unknown = JSON.parse(body);
    const log = isRecord(root) ? root.log : undefined;
    if (!isRecord(log) || !Array.isArray(log.entries)) {
      throw new HarError('Not a HAR file: there is no "log.entries" list. In DevTools, use Network > "Save all as HAR".');
    }
    entries = log.entries;
  } catch (error) {
    if (error instanceof HarError) throw error;
    const reason = jsonReason(error instanceof Error ? error.message : String(error));
    const salvaged = body.trimStart().startsWith("{") ? salvageEntries(body) : undefined;
    if (!salvaged || salvaged.length === 0) throw new HarError(`Not a readable HAR file: the JSON is broken or cut off (${reason}).`);
    entries = salvaged;
    truncated = { reason, entries: salvaged.length };
  }

  const observations: Observation[] = [];
  let skipped = 0;
  let noReason = 0;
  const limit = Math.min(entries.length, Math.max(0, maxEntries));
  for (let i = 0; i < limit; i++) {
    const observation = toObservation(entries[i]);
    if (observation === "skip") skipped++;
    else if (observation !== "not-web") {
      if (observation.error === NO_RESPONSE_ERROR) noReason++;
      observations.push(observation);
    }
  }
  const read: HarRead = { observations, skipped, noReason };
  if (truncated) read.truncated = truncated;
  if (entries.length > limit) {
    read.overLimit = { limit, total: entries.length };
    read.skipped += entries.length - limit;
  }
  // Outcomes in time order, so a later success ends an earlier failure as it does live.
  observations.sort((a, b) => a.time - b.time);
  return read;
}

function harWarnings(read: HarRead, lang: Lang): string[] {
  const text = HAR_TEXT[lang];
  const warnings: string[] = [];
  if (read.truncated) warnings.push(text.truncated(read.truncated.reason, read.truncated.entries));
  const unreadable = read.skipped - (read.overLimit ? read.overLimit.total - read.overLimit.limit : 0);
  if (unreadable > 0) warnings.push(text.skipped(unreadable));
  if (read.overLimit) warnings.push(text.overLimit(read.overLimit.limit, read.overLimit.total));
  if (read.noReason > 0) warnings.push(text.noReason(read.noReason));
  return warnings;
}

/** Observations from the text of a HAR file (warnings in English); throws HarError when it is not one or nothing can be read. */
export function observationsFromHar(text: string, options: { maxEntries?: number } = {}): HarReadResult {
  const read = readHar(text, options.maxEntries ?? DEFAULT_MAX_HAR_ENTRIES);
  return { observations: read.observations, warnings: harWarnings(read, "en"), skipped: read.skipped };
}

/**
 * Hosts with plain requests that failed without a cause and never answered over HTTPS. The
 * extension would probe them; a HAR cannot, so they are named in a warning instead of reported.
 * (A WebSocket that failed the same way is reported as `websocket`.)
 */
function unsettledPlainHosts(state: DiagnosisState): string[] {
  const out: string[] = [];
  const visit = (name: string, host: HostState) => {
    if (host.https?.unresolved?.active) out.push(name);
  };
  for (const id in state.entries) for (const name in state.entries[id]!.hosts) visit(name, state.entries[id]!.hosts[name]!);
  for (const name in state.unmatched) visit(name, state.unmatched[name]!);
  return out.sort();
}

export interface DiagnoseHarOptions {
  catalog: Catalog;
  lang: Lang;
  now: number;
  toolVersion: string;
  maxEntries?: number;
  /** The organisation's private address ranges, for `private-dns` and the network section. */
  privateRanges?: PrivateRanges;
}

/** The report for a HAR file: the same classifier, diagnosis and report as the extension, with what was skipped. */
export function diagnoseHar(text: string, options: DiagnoseHarOptions): Report {
  const read = readHar(text, options.maxEntries ?? DEFAULT_MAX_HAR_ENTRIES);
  let state = createState();
  for (const observation of read.observations) state = reduce(state, observation, options.now, options.catalog);
  const warnings = harWarnings(read, options.lang);
  const unsettled = unsettledPlainHosts(state);
  if (unsettled.length > 0) {
    const shown = `${unsettled.slice(0, 10).join(", ")}${unsettled.length > 10 ? ", …" : ""}`;
    warnings.push(HAR_TEXT[options.lang].unsettled(unsettled.length, shown));
  }
  return buildReport(state, {
    catalog: options.catalog,
    lang: options.lang,
    now: options.now,
    toolVersion: options.toolVersion,
    source: "har",
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(options.privateRanges ? { privateRanges: options.privateRanges } : {}),
  });
}
