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
import { TokenParser, TokenParserError, TokenType, Tokenizer, type ParsedTokenInfo } from "@streamparser/json";
import type { Catalog, Lang } from "./catalog/types.js";
import { answerOf, hasPrivateLinkRefusal, type HeaderLike } from "./answer.js";
import { NO_RESPONSE_ERROR } from "./classifier.js";
import type { PrivateRanges } from "./ip-ranges.js";
import { reduce } from "./diagnosis.js";
import { createState, forEachHost, type DiagnosisState } from "./diagnosis-state.js";
import { makeObservation, observedUrl } from "./make-observation.js";
import type { Answer, Observation } from "./observation.js";
import { buildReport } from "./report.js";
import { HAR_TEXT } from "./report-i18n.js";
import type { Report } from "./report-schema.js";
import { MAX_HAR_BYTES, MAX_HAR_DEPTH } from "./har-limits.js";
import { TimeOrder } from "./time-order.js";

export { MAX_HAR_BYTES, MAX_HAR_DEPTH };

/** Entries read at most by default; the rest are counted as skipped. */
export const DEFAULT_MAX_HAR_ENTRIES = 1_000_000;

/**
 * Observations held at most to put a HAR's outcomes in time order (src/core/time-order.ts): what
 * the reader holds does not grow with the file. A HAR of fewer entries is read in exact time order.
 */
export const HAR_ORDER_WINDOW = 10_000;

/** Why the JSON of a HAR stopped being readable; report-i18n.ts words it (the library's messages quote the file). */
export type JsonProblem = "cut-off" | "bad-token" | "bad-character" | "too-deep";

/** Why a file is no HAR, or nothing of it could be read: a stable code and its data, worded by `HAR_TEXT`. */
export type HarProblem =
  | { code: "empty" }
  | { code: "broken"; json: JsonProblem }
  | { code: "not-har" }
  | { code: "too-large"; limitMb: number };

/**
 * The input is not a HAR file, or nothing of it could be read. `problem` says why; the message is
 * its English line, and `text(lang)` the line in either language (the CLI's `--lang`, the page's UI).
 */
export class HarError extends Error {
  override name = "HarError";
  constructor(readonly problem: HarProblem) {
    super(HAR_TEXT.en.problem(problem));
  }

  text(lang: Lang): string {
    return HAR_TEXT[lang].problem(this.problem);
  }
}

const megabytes = (bytes: number) => Math.round(bytes / (1024 * 1024));

/** `studio.har is 600 MB; the limit is 512 MB. Save a HAR of just the failing page …`: `diagnose` and har.html say the same. */
export function harTooLargeMessage(name: string, size: number, lang: Lang = "en"): string {
  return HAR_TEXT[lang].tooLarge(name, megabytes(size), megabytes(MAX_HAR_BYTES));
}

export interface HarReadResult {
  observations: Observation[];
  /** What was skipped or guessed, one line each, in `lang` (English by default). */
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
  const type = websocket ? "websocket" : (RESOURCE_TYPES[resourceType] ?? "other");
  return makeObservation(observedUrl(url, type), type, started + elapsed, {
    error: error ?? (status <= 0 ? NO_RESPONSE_ERROR : undefined),
    statusCode: status > 0 ? status : undefined,
    proxyAuth: status === 407 ? true : undefined,
    headersReceived: status > 0 ? true : undefined,
    elapsedMs: elapsed,
    ip: addressOf(entry),
    answer: answerOfEntry(response, status),
  });
}

/** Bodies larger than this are not searched for refusal sentences (they are Azure ML's short JSON errors). */
const MAX_BODY_SEARCH = 64 * 1024;

/** The address connected to (`serverIPAddress`; Chromium writes IPv6 in brackets). */
function addressOf(entry: Record<string, unknown>): string | undefined {
  const address = entry.serverIPAddress;
  if (typeof address !== "string" || address.length === 0) return undefined;
  return address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
}

/**
 * What the response headers and, for a refusal, the body say about who answered. The body is
 * only searched for Azure ML's private-link refusal sentences and never kept (src/core/answer.ts).
 */
function answerOfEntry(response: Record<string, unknown>, status: number): Answer | undefined {
  const headers = Array.isArray(response.headers)
    ? (response.headers.filter((h) => isRecord(h) && typeof h.name === "string") as unknown as HeaderLike[])
    : undefined;
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
  return answer;
}

/** What reading a HAR found, before it is put in words. */
interface HarRead {
  skipped: number;
  /** Outcomes that came more than HAR_ORDER_WINDOW entries out of time order, read where they came. */
  late: number;
  /** Entries read before the JSON broke off, and why it broke. */
  truncated?: { reason: JsonProblem; entries: number };
  overLimit?: { limit: number; total: number };
  noReason: number;
}

/** JSON tokens one entry may have (a long WebSocket session has a few hundred thousand); a larger entry is skipped. */
export const MAX_HAR_ENTRY_TOKENS = 2_000_000;
/** `log.entries` items sit at this depth: root object, `log`, `entries`. */
const ENTRY_DEPTH = 3;

/** Keys are remembered down to the fields of an entry's response content. */
const KEY_DEPTH = ENTRY_DEPTH + 3;
/**
 * The entry fields toObservation reads (and of request, `url`; of response, `status`, `_error`, and
 * whole `headers` and `content`, for who answered and Azure ML's private-link refusal sentences).
 */
const ENTRY_FIELDS = new Set([
  "request",
  "response",
  "serverIPAddress",
  "startedDateTime",
  "time",
  "_error",
  "_resourceType",
  "_webSocketMessages",
]);
const RESPONSE_FIELDS = new Set(["status", "_error", "headers", "content"]);
/** Of response.content, what the refusal-sentence search reads. */
const CONTENT_FIELDS = new Set(["text", "encoding"]);
/** Response headers read per entry; real responses have a few dozen. */
const MAX_HEADERS = 256;
/** A longer string inside headers or content is not kept (the body search reads at most 128 KB). */
const MAX_KEPT_STRING = 128 * 1024;
const NULL_TOKEN = { token: TokenType.NULL, value: null, offset: -1 } as ParsedTokenInfo;

/** Ends a read early, for a reason that quotes nothing of the file. */
class StopRead extends Error {
  constructor(readonly problem: JsonProblem) {
    super(problem);
  }
}

/** The library's messages quote the offending character; keep only what kind of problem it was. */
function jsonReason(error: unknown): JsonProblem {
  if (error instanceof StopRead) return error.problem;
  const message = error instanceof Error ? error.message : String(error);
  if (/ended in the middle|end of input/i.test(message)) return "cut-off";
  if (error instanceof TokenParserError) return "bad-token";
  return "bad-character";
}

function isValueStart(token: TokenType): boolean {
  return (
    token !== TokenType.RIGHT_BRACE &&
    token !== TokenType.RIGHT_BRACKET &&
    token !== TokenType.COLON &&
    token !== TokenType.COMMA
  );
}

/**
 * A HAR read as a stream of chunks, so memory does not grow with the file: a streaming JSON
 * tokenizer (@streamparser/json) feeds one validating token parser that keeps nothing but the open
 * containers, and one short-lived parser per `log.entries` item, which is turned into an observation
 * and dropped. After `maxEntries` entries the rest are only counted.
 */
class HarReader {
  private readonly tokenizer = new Tokenizer();
  /**
   * Checks the whole document's grammar. It emits nothing (its one path is deeper than a read may
   * go), and with keepStack false a finished value is dropped at once: it holds only the open containers.
   */
  private readonly grammar = new TokenParser({ keepStack: false, paths: [`$${".*".repeat(MAX_HAR_DEPTH + 1)}`] });
  private entry: TokenParser | undefined;
  private entryTokens = 0;
  /** Items of the current entry's response.headers seen so far. */
  private headerItems = 0;
  private depth = 0;
  private readonly objects: boolean[] = [];
  private readonly keys: Array<string | undefined> = [];
  /** Per open object: whether the next string is a key. */
  private readonly expectKey: boolean[] = [];
  /** Open containers inside a value of the current entry that is not passed on. */
  private pruning = 0;
  private lastString: string | undefined;
  private inEntries = false;
  private sawEntries = false;
  private sawToken = false;
  private started = false;
  private done = false;
  private bytes = 0;
  private broken: JsonProblem | undefined;
  /** Entries begun in `log.entries`, and those read to the end (within the limit). */
  private entriesSeen = 0;
  private entriesRead = 0;
  /** Outcomes on their way to the caller, put in time order, so a later success ends an earlier failure as it does live. */
  private readonly order: TimeOrder<Observation>;
  private skipped = 0;
  private noReason = 0;

  constructor(
    onObservation: (observation: Observation) => void,
    private readonly maxEntries = DEFAULT_MAX_HAR_ENTRIES,
  ) {
    this.order = new TimeOrder(HAR_ORDER_WINDOW, onObservation);
    this.tokenizer.onToken = (info) => this.onToken(info);
    this.grammar.onValue = () => undefined;
  }

  /** One chunk of the file (bytes or text); throws HarError when the input passes MAX_HAR_BYTES. */
  write(chunk: Uint8Array | string): void {
    if (this.done) return;
    this.bytes += chunk.length;
    if (this.bytes > MAX_HAR_BYTES) throw new HarError({ code: "too-large", limitMb: MAX_HAR_BYTES / (1024 * 1024) });
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (typeof chunk === "string" && chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      else if (typeof chunk !== "string" && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf)
        chunk = chunk.subarray(3);
    }
    try {
      this.tokenizer.write(chunk);
    } catch (error) {
      this.stop(jsonReason(error));
    }
  }

  /** True once the JSON broke or a limit stopped the read: nothing later in the input can change the result. */
  get stopped(): boolean {
    return this.done;
  }

  /** The file has ended: what was read, or a HarError when it is not a HAR or nothing of it could be read. */
  end(): HarRead {
    if (!this.done) {
      try {
        this.tokenizer.end();
        if (this.depth > 0) throw new StopRead("cut-off");
      } catch (error) {
        this.stop(jsonReason(error));
      }
    }
    if (!this.sawToken && this.broken === undefined) throw new HarError({ code: "empty" });
    let truncated: HarRead["truncated"];
    if (this.broken !== undefined) {
      if (this.entriesRead === 0) throw new HarError({ code: "broken", json: this.broken });
      truncated = { reason: this.broken, entries: this.entriesRead };
    } else if (!this.sawEntries) {
      throw new HarError({ code: "not-har" });
    }
    this.order.flush();
    const read: HarRead = { skipped: this.skipped, late: this.order.late, noReason: this.noReason };
    if (truncated) read.truncated = truncated;
    if (this.entriesSeen > this.maxEntries) {
      read.overLimit = { limit: this.maxEntries, total: this.entriesSeen };
      read.skipped += this.entriesSeen - this.maxEntries;
    }
    return read;
  }

  private stop(reason: JsonProblem): void {
    this.done = true;
    this.broken ??= reason;
  }

  private onToken(info: ParsedTokenInfo): void {
    if (this.done) return;
    const token = info.token;
    this.sawToken = true;
    const counting = this.entriesSeen > this.maxEntries;
    // Past the limit only the entries are counted; the grammar is no longer checked.
    if (!counting) this.grammar.write(info);

    const depth = this.depth;
    const isKey =
      token === TokenType.STRING && depth > 0 && this.objects[depth - 1] === true && this.expectKey[depth - 1] === true;
    const valueStart = isValueStart(token) && !isKey;
    if (this.inEntries && depth === ENTRY_DEPTH && valueStart) this.startEntry(token);
    if (this.entry !== undefined && this.inEntries && depth >= ENTRY_DEPTH) this.feedEntry(info, depth, valueStart);

    switch (token) {
      case TokenType.LEFT_BRACE:
      case TokenType.LEFT_BRACKET:
        if (
          token === TokenType.LEFT_BRACKET &&
          depth === 2 &&
          this.objects[0] === true &&
          this.objects[1] === true &&
          this.keys[0] === "log" &&
          this.keys[1] === "entries"
        ) {
          this.inEntries = true;
          this.sawEntries = true;
        }
        if (depth >= MAX_HAR_DEPTH) throw new StopRead("too-deep");
        this.objects[depth] = token === TokenType.LEFT_BRACE;
        this.expectKey[depth] = token === TokenType.LEFT_BRACE;
        this.keys[depth] = undefined;
        this.depth++;
        break;
      case TokenType.RIGHT_BRACE:
      case TokenType.RIGHT_BRACKET:
        this.depth--;
        if (this.inEntries && this.depth === ENTRY_DEPTH - 1) {
          this.inEntries = false;
          if (counting) this.done = true; // every entry is counted; nothing after them matters
        }
        break;
      case TokenType.STRING:
        if (isKey) this.lastString = info.value as string;
        break;
      case TokenType.COLON:
        if (depth <= KEY_DEPTH) this.keys[depth - 1] = this.lastString;
        this.expectKey[depth - 1] = false;
        break;
      case TokenType.COMMA:
        if (this.objects[depth - 1] === true) this.expectKey[depth - 1] = true;
        break;
      default:
        break;
    }
  }

  /**
   * Hands a token of the current entry to its parser, pruned to the fields toObservation reads:
   * any other value goes in as `null` (its tokens are not passed on), so an entry costs a few
   * dozen values however many headers, timings or bodies it has.
   */
  private feedEntry(info: ParsedTokenInfo, depth: number, valueStart: boolean): void {
    const token = info.token;
    const opens = token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET;
    if (this.pruning > 0) {
      if (opens) this.pruning++;
      else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) this.pruning--;
      return;
    }
    let fed = info;
    if (valueStart && depth > ENTRY_DEPTH && !this.isWanted(depth)) {
      fed = NULL_TOKEN;
      if (opens) this.pruning = 1;
    } else if (
      token === TokenType.STRING &&
      depth > ENTRY_DEPTH + 2 &&
      typeof info.value === "string" &&
      info.value.length > MAX_KEPT_STRING
    ) {
      fed = NULL_TOKEN;
    }
    if (++this.entryTokens > MAX_HAR_ENTRY_TOKENS) {
      // Too big to hold: skipped, and its remaining tokens are ignored.
      this.entry = undefined;
      this.entriesRead++;
      this.skipped++;
      return;
    }
    this.entry!.write(fed);
  }

  /** Whether a value at this depth of an entry is one toObservation reads. */
  private isWanted(depth: number): boolean {
    const key = this.keys[depth - 1];
    if (depth === ENTRY_DEPTH + 1) return key !== undefined && ENTRY_FIELDS.has(key);
    if (depth === ENTRY_DEPTH + 2) {
      const parent = this.keys[depth - 2];
      if (parent === "response" && key === "headers") this.headerItems = 0;
      return (
        (parent === "request" && key === "url") ||
        (parent === "response" && key !== undefined && RESPONSE_FIELDS.has(key))
      );
    }
    // Inside response.headers or response.content: the keys above stay those of the open containers.
    if (this.keys[ENTRY_DEPTH] !== "response") return false;
    const field = this.keys[ENTRY_DEPTH + 1];
    if (field === "headers") return depth > ENTRY_DEPTH + 3 || ++this.headerItems <= MAX_HEADERS;
    return field === "content" && depth === ENTRY_DEPTH + 3 && CONTENT_FIELDS.has(this.keys[ENTRY_DEPTH + 2] ?? "");
  }

  private startEntry(token: TokenType): void {
    this.entriesSeen++;
    if (this.entriesSeen > this.maxEntries) return;
    if (token !== TokenType.LEFT_BRACE && token !== TokenType.LEFT_BRACKET) {
      this.takeEntry(undefined); // a number, string, true, false or null is no entry
      return;
    }
    const parser = new TokenParser({ paths: ["$"] });
    parser.onValue = ({ value }) => this.takeEntry(value);
    this.entry = parser;
    this.entryTokens = 0;
    this.pruning = 0;
  }

  private takeEntry(value: unknown): void {
    this.entry = undefined;
    this.entriesRead++;
    const observation = toObservation(value);
    if (observation === "skip") this.skipped++;
    else if (observation !== "not-web") {
      if (observation.error === NO_RESPONSE_ERROR) this.noReason++;
      this.order.push(observation);
    }
  }
}

type Sink = (observation: Observation) => void;

function readHar(text: string, maxEntries: number, sink: Sink): HarRead {
  const reader = new HarReader(sink, maxEntries);
  reader.write(text);
  return reader.end();
}

async function readHarChunks(
  chunks: AsyncIterable<Uint8Array | string>,
  maxEntries: number,
  sink: Sink,
): Promise<HarRead> {
  const reader = new HarReader(sink, maxEntries);
  for await (const chunk of chunks) {
    reader.write(chunk);
    // Leaving the loop closes the source: a broken stream that never ends (`/dev/zero`) is not read on.
    if (reader.stopped) break;
  }
  return reader.end();
}

function harWarnings(read: HarRead, lang: Lang): string[] {
  const text = HAR_TEXT[lang];
  const warnings: string[] = [];
  if (read.truncated) warnings.push(text.truncated(read.truncated.reason, read.truncated.entries));
  const unreadable = read.skipped - (read.overLimit ? read.overLimit.total - read.overLimit.limit : 0);
  if (unreadable > 0) warnings.push(text.skipped(unreadable));
  if (read.overLimit) warnings.push(text.overLimit(read.overLimit.limit, read.overLimit.total));
  if (read.noReason > 0) warnings.push(text.noReason(read.noReason));
  if (read.late > 0) warnings.push(text.late(read.late, HAR_ORDER_WINDOW));
  return warnings;
}

/** Observations from the text of a HAR file (warnings in `lang`, English by default); throws HarError when it is not one or nothing can be read. */
export function observationsFromHar(text: string, options: { maxEntries?: number; lang?: Lang } = {}): HarReadResult {
  const observations: Observation[] = [];
  const read = readHar(text, options.maxEntries ?? DEFAULT_MAX_HAR_ENTRIES, (o) => observations.push(o));
  return { observations, warnings: harWarnings(read, options.lang ?? "en"), skipped: read.skipped };
}

/**
 * Each observation of a HAR read in chunks (bytes or text), handed to `onObservation` in time order
 * as it is read: neither the file nor its observations are ever held whole.
 */
export async function forEachHarObservation(
  chunks: AsyncIterable<Uint8Array | string>,
  onObservation: Sink,
  options: { maxEntries?: number; lang?: Lang } = {},
): Promise<Omit<HarReadResult, "observations">> {
  const read = await readHarChunks(chunks, options.maxEntries ?? DEFAULT_MAX_HAR_ENTRIES, onObservation);
  return { warnings: harWarnings(read, options.lang ?? "en"), skipped: read.skipped };
}

/**
 * Hosts with plain requests that failed without a cause and never answered over HTTPS. The
 * extension would probe them; a HAR cannot, so they are named in a warning instead of reported.
 * (A WebSocket that failed the same way is reported as `websocket`.)
 */
function unsettledPlainHosts(state: DiagnosisState): string[] {
  const out: string[] = [];
  forEachHost(state, (name, host) => {
    if (host.https?.unresolved?.active) out.push(name);
  });
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
  const diagnosis = diagnosing(options);
  return reportFor(
    readHar(text, options.maxEntries ?? DEFAULT_MAX_HAR_ENTRIES, diagnosis.add),
    diagnosis.state,
    options,
  );
}

/** diagnoseHar for a file read in chunks (bytes or text), so a large HAR is never one string in memory. */
export async function diagnoseHarChunks(
  chunks: AsyncIterable<Uint8Array | string>,
  options: DiagnoseHarOptions,
): Promise<Report> {
  const diagnosis = diagnosing(options);
  const read = await readHarChunks(chunks, options.maxEntries ?? DEFAULT_MAX_HAR_ENTRIES, diagnosis.add);
  return reportFor(read, diagnosis.state, options);
}

/** A diagnosis that takes each observation as the reader hands it on, so none is kept. */
function diagnosing(options: DiagnoseHarOptions): { add: Sink; readonly state: DiagnosisState } {
  let state = createState();
  return {
    add: (observation) => {
      state = reduce(state, observation, options.now, options.catalog);
    },
    get state() {
      return state;
    },
  };
}

function reportFor(read: HarRead, state: DiagnosisState, options: DiagnoseHarOptions): Report {
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
    // A HAR of other sites (or of the wrong tab) holds no request to any catalog host: nothing to diagnose.
    studio: Object.keys(state.entries).length > 0,
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(options.privateRanges ? { privateRanges: options.privateRanges } : {}),
  });
}
