/**
 * WebSocket health after the handshake: which closes mean the network cut a socket
 * that had opened fine, which mean something altered its frames, and whether drops cluster at one
 * idle time (a firewall's or proxy's idle timeout: Azure Firewall's is 4 minutes,
 * https://learn.microsoft.com/azure/firewall/firewall-faq#what-is-the-tcp-idle-timeout-for-azure-firewall).
 * Close codes: RFC 6455 §7.4.1, https://developer.mozilla.org/docs/Web/API/CloseEvent/code.
 */
import type { SocketClose } from "./observation.js";

export type SocketHealthKind = "websocket-dropped" | "websocket-protocol";
export const SOCKET_HEALTH_KINDS: ReadonlySet<string> = new Set<SocketHealthKind>([
  "websocket-dropped",
  "websocket-protocol",
]);

/** 1002 protocol error, 1007 invalid data, 1009 message too big: a filter that alters or limits frames. */
export const PROTOCOL_CODES: readonly number[] = [1002, 1007, 1009];
/** Closed without a close frame (the browser's own code; a peer may not send it). */
export const ABNORMAL_CODE = 1006;
/** Drops on one host before they are a finding: one drop is a hiccup, two are a pattern. */
export const DROPS_FOR_FINDING = 2;
/** Close samples kept per failure record, the most recent. */
export const CLOSE_SAMPLES = 8;

/** One bad close as the diagnosis keeps it: seconds, rounded to 0.1 s. */
export interface CloseSample {
  code: number;
  /** From open to close. */
  lived: number;
  /** From the last traffic either way (or from open, when there was none) to close. */
  idle: number;
}

/**
 * The kind of a close, or null when it is nothing the network did: a socket that never opened
 * (webRequest reports those), a normal close (1000, 1001 going away, 1005 no status from a clean
 * close the page asked for), or a server's own codes (1011–1014, 4000–4999).
 */
export function classifySocketClose(close: Omit<SocketClose, "url">): SocketHealthKind | null {
  if (close.openedAt === undefined) return null;
  if (PROTOCOL_CODES.includes(close.code)) return "websocket-protocol";
  if (close.code === 1000 || close.code === 1001) return null;
  if (close.code === ABNORMAL_CODE || !close.wasClean) return "websocket-dropped";
  return null;
}

/** The close as a sample: how long the socket lived and how long it was idle before the close. */
export function closeSample(close: Omit<SocketClose, "url">): CloseSample {
  const opened = close.openedAt ?? close.closedAt;
  const lastTraffic = Math.max(opened, close.lastInAt ?? opened, close.lastOutAt ?? opened);
  const tenths = (ms: number) => Math.round(Math.max(0, ms) / 100) / 10;
  return {
    code: close.code,
    lived: tenths(close.closedAt - opened),
    idle: tenths(close.closedAt - Math.min(lastTraffic, close.closedAt)),
  };
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Idle times under this are traffic-time drops, not an idle timeout. */
const MIN_IDLE_TIMEOUT_S = 1;

/**
 * The idle time the drops cluster at, in whole seconds, or undefined: at least DROPS_FOR_FINDING
 * drops, and at least three in four of them within 10% (at least 1 s) of their median idle time.
 * @example idleCluster([240.2, 239.8, 241]) // 240
 */
export function idleCluster(idles: readonly number[]): number | undefined {
  if (idles.length < DROPS_FOR_FINDING) return undefined;
  const middle = median(idles);
  if (middle < MIN_IDLE_TIMEOUT_S) return undefined;
  const tolerance = Math.max(1, middle * 0.1);
  const near = idles.filter((idle) => Math.abs(idle - middle) <= tolerance).length;
  return near * 4 >= idles.length * 3 ? Math.round(middle) : undefined;
}

/** Bounds for what a page may claim: a socket lives at most a week, a reason is at most 123 bytes. */
const MAX_SPAN_MS = 7 * 24 * 3600 * 1000;
const MAX_URL = 2048;

/**
 * A SocketClose from untrusted input (the page's world relays it), or an error naming the first
 * bad field. Times must be finite, ordered (open ≤ traffic ≤ close) and within a week of `now`.
 */
export function parseSocketClose(
  value: unknown,
  now: number,
): { ok: true; close: SocketClose } | { ok: false; error: string } {
  if (!value || typeof value !== "object") return { ok: false, error: "a socket close must be an object" };
  const v = value as Record<string, unknown>;
  if (typeof v.url !== "string" || v.url.length > MAX_URL || !/^wss?:\/\/[^/?#\s]+/i.test(v.url)) {
    return { ok: false, error: "url must be a ws: or wss: URL" };
  }
  const time = (name: string, optional: boolean): number | undefined | string => {
    const t = v[name];
    if (t === undefined && optional) return undefined;
    if (typeof t !== "number" || !Number.isFinite(t) || Math.abs(t - now) > MAX_SPAN_MS)
      return `${name} must be an epoch-ms time near now`;
    return t;
  };
  const closedAt = time("closedAt", false);
  const openedAt = time("openedAt", true);
  const lastInAt = time("lastInAt", true);
  const lastOutAt = time("lastOutAt", true);
  for (const t of [closedAt, openedAt, lastInAt, lastOutAt]) if (typeof t === "string") return { ok: false, error: t };
  const close = closedAt as number;
  for (const [name, t] of [
    ["openedAt", openedAt],
    ["lastInAt", lastInAt],
    ["lastOutAt", lastOutAt],
  ] as const) {
    if (typeof t === "number" && t > close) return { ok: false, error: `${name} is after closedAt` };
    if (typeof t === "number" && name !== "openedAt" && (openedAt === undefined || t < (openedAt as number))) {
      return { ok: false, error: `${name} needs openedAt before it` };
    }
  }
  if (typeof v.code !== "number" || !Number.isInteger(v.code) || v.code < 0 || v.code > 4999)
    return { ok: false, error: "code must be a close code (0–4999)" };
  if (typeof v.wasClean !== "boolean") return { ok: false, error: "wasClean must be a boolean" };
  if (
    typeof v.reasonLength !== "number" ||
    !Number.isInteger(v.reasonLength) ||
    v.reasonLength < 0 ||
    v.reasonLength > 123
  ) {
    return { ok: false, error: "reasonLength must be 0–123" };
  }
  const out: SocketClose = {
    url: v.url,
    closedAt: close,
    code: v.code,
    wasClean: v.wasClean,
    reasonLength: v.reasonLength,
  };
  if (openedAt !== undefined) out.openedAt = openedAt as number;
  if (lastInAt !== undefined) out.lastInAt = lastInAt as number;
  if (lastOutAt !== undefined) out.lastOutAt = lastOutAt as number;
  return { ok: true, close: out };
}
