/** Studio sessions shared by the popup test and the screenshot script. */
import { HOSTS } from "./network.js";
import { privateUrl, type Step } from "./studio-page.js";

/** A session on a network that blocks four catalog entries in four different ways. */
export const BLOCKED_SESSION: Step[] = [
  { kind: "fetch", url: privateUrl("https", HOSTS.api) },
  { kind: "fetch", url: privateUrl("https", HOSTS.apiNoDns) },
  { kind: "xhr", url: privateUrl("https", HOSTS.storageIntercepted, "/datasets/private-container/part-0001.parquet") },
  { kind: "img", url: privateUrl("https", HOSTS.notebooksRefused, "/img.png") },
  { kind: "fetch", url: privateUrl("https", HOSTS.compute) },
  { kind: "ws", url: privateUrl("wss", HOSTS.compute, "/ws/403") },
];
/** What the report of BLOCKED_SESSION says, as `summarize` prints it. */
export const BLOCKED_SUMMARY = ["api: dns", "compute-instance: websocket/ws", "notebooks: connection", "storage: tls"];

/**
 * A session where nothing is blocked: studio, sign-in, the API, Notebooks and the compute
 * instance answer over HTTPS; storage and the compute instance's WebSocket are not used (yet).
 */
export const NOTHING_BLOCKED_SESSION: Step[] = [
  { kind: "fetch", url: privateUrl("https", HOSTS.login) },
  { kind: "fetch", url: privateUrl("https", HOSTS.api) },
  { kind: "fetch", url: privateUrl("https", HOSTS.notebooks) },
  { kind: "fetch", url: privateUrl("https", HOSTS.compute) },
];
