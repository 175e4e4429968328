/**
 * `--from FILE` of `dns` and `check`: a HAR file or a report. The file is first streamed as a HAR,
 * as `diagnose` reads it, so a large HAR never becomes one string or one JSON value in memory; only
 * a file that is not a HAR and no larger than a report may be (merge's limit) is read whole.
 */
import type { Localized } from "../core/catalog/types.js";
import { HarError, MAX_HAR_BYTES, harTooLargeMessage, forEachHarObservation } from "../core/har.js";
import { InputError, ioErrorReason, type CliIo } from "./io.js";
import { MAX_REPORT_BYTES } from "./commands/merge.js";

export type FromFile =
  /** The host names of a HAR's requests (normalized, each once). */
  | { kind: "har"; hosts: string[] }
  /** Not a HAR: the text when it is small enough to be a report, and why it is not a HAR (in both languages). */
  | { kind: "other"; text: string | undefined; reason: Localized };

/** `label` names the file in a read error (`cannot read --from file x.har: …`), ending in a space. */
export async function readFromFile(io: CliIo, path: string, label: Localized = { en: "", ja: "" }): Promise<FromFile> {
  const unreadable = (error: unknown) =>
    new InputError(
      `cannot read ${label.en}${path}: ${ioErrorReason(error)}`,
      `${label.ja}${path} を読み込めません: ${ioErrorReason(error)}`,
    );
  let size: number;
  try {
    size = await io.fileSize(path);
  } catch (error) {
    throw unreadable(error);
  }
  if (size > MAX_HAR_BYTES) throw new InputError(harTooLargeMessage(path, size), harTooLargeMessage(path, size, "ja"));
  // "Neither a report nor a HAR" would be true but say less than this.
  if (size === 0)
    throw new InputError(
      `${path} is empty: there is nothing to read`,
      `${path} は空のファイルです（読み込む内容がありません）`,
    );
  let reason: Localized;
  try {
    const hosts = new Set<string>();
    await forEachHarObservation(io.readChunks(path), (observation) => {
      if (observation.host) hosts.add(observation.host);
    });
    return { kind: "har", hosts: [...hosts] };
  } catch (error) {
    if (error instanceof Error && "code" in error) throw unreadable(error);
    if (!(error instanceof HarError)) throw error;
    reason = { en: error.text("en"), ja: error.text("ja") };
  }
  if (size > MAX_REPORT_BYTES) return { kind: "other", text: undefined, reason };
  try {
    return { kind: "other", text: await io.readFile(path), reason };
  } catch (error) {
    throw unreadable(error);
  }
}
