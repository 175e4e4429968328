/** The words for a HAR file over the size limit, shared by `diagnose` and har.html so both say the same. */
import { MAX_HAR_BYTES } from "./har.js";

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/** `studio.har is 600 MB; the limit is 512 MB. Save a HAR of just the failing page …` */
export function harTooLargeMessage(name: string, size: number): string {
  return `${name} is ${megabytes(size)}; the limit is ${megabytes(MAX_HAR_BYTES)}. Save a HAR of just the failing page (clear the Network panel, reload, then "Save all as HAR").`;
}
