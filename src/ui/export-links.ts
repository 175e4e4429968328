/**
 * The export links of the extension's pages (popup, check, HAR): each holds a blob URL made for the
 * current report, and every URL is revoked before the next report's links are made.
 */

/** How a page makes and frees object URLs (the window's, or a test's). */
export interface ObjectUrls {
  createObjectURL(blob: Blob): string;
  revokeObjectURL(url: string): void;
}

export class ExportLinks {
  private urls: string[] = [];
  constructor(private readonly env: ObjectUrls) {}

  /** The link downloads `text` as `fileName`. */
  enable(link: HTMLAnchorElement | null, text: string, fileName: string, type: string): void {
    if (!link) return;
    const url = this.env.createObjectURL(new Blob([text], { type }));
    this.urls.push(url);
    link.href = url;
    link.download = fileName;
    link.removeAttribute("aria-disabled");
    link.tabIndex = 0;
  }

  /** The link offers nothing and says so to assistive technology. */
  disable(link: HTMLAnchorElement | null): void {
    if (!link) return;
    link.removeAttribute("href");
    link.setAttribute("aria-disabled", "true");
    link.tabIndex = -1;
  }

  /** Frees every URL made so far and disables the links that `selector` finds. */
  disableAll(doc: Document, selector = 'a[data-action^="download-"]'): void {
    for (const url of this.urls.splice(0)) this.env.revokeObjectURL(url);
    for (const link of doc.querySelectorAll<HTMLAnchorElement>(selector)) this.disable(link);
  }
}
