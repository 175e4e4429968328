/** What the popup page is given by its entry (popup.ts) or a test: the document, the browser and the window's services. */
import type { ExtensionApi } from "../platform/api.js";

export interface PopupEnv {
  doc: Document;
  api: ExtensionApi;
  /** `location.search` of the page. */
  search: string;
  clipboard: { writeText(text: string): Promise<void> } | undefined;
  createObjectURL(blob: Blob): string;
  revokeObjectURL(url: string): void;
  /** The reader's IANA time zone, for the times in copied and downloaded reports. */
  timeZone?: string;
  /** Runs `callback` after `ms` (window.setTimeout): a pending report is asked for again. */
  later?(callback: () => void, ms: number): void;
}
