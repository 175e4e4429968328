/**
 * "Send to IT" on the popup and the HAR page: a link, shown only with an IT contact (policy or
 * Options). For an e-mail address it is a `mailto:` with subject and the Markdown report, cut to a
 * length mail clients accept; then the full report goes to the clipboard and the page says so. For
 * an https page it opens that page in a tab, with the report on the clipboard.
 */
import { mailtoUrl } from "../core/it-contact.js";
import { renderMarkdown } from "../core/render-report.js";
import type { Report } from "../core/report-schema.js";
import type { ExtensionApi } from "../platform/api.js";
import { loadItContact } from "../platform/managed.js";
import type { Translate } from "../ui/i18n.js";

export interface SendToItEnv {
  doc: Document;
  api: ExtensionApi;
  t: Translate;
  clipboard: { writeText(text: string): Promise<void> } | undefined;
  status(text: string): void;
  /** The reader's IANA time zone, for the report's times (UTC when absent). */
  timeZone?: string;
}

/** Wires the `[data-action="send-to-it"]` link; call the returned function with each report shown. */
export function setUpSendToIt(env: SendToItEnv): (report: Report | undefined) => Promise<void> {
  const link = env.doc.querySelector<HTMLAnchorElement>('a[data-action="send-to-it"]');
  let markdown = "";
  let after = "";
  link?.addEventListener("click", () => {
    if (!link.hasAttribute("href")) return;
    // Written in the click's turn, while the page still has the user's activation for the clipboard.
    const copy = env.clipboard ? env.clipboard.writeText(markdown) : Promise.reject(new Error("no clipboard"));
    void copy.then(
      () => env.status(after),
      () => env.status(env.t("copyFailed")),
    );
  });
  return async (report) => {
    if (!link) return;
    link.hidden = true;
    link.removeAttribute("href");
    if (!report) return;
    const { contact } = await loadItContact(env.api.storage.sync, env.api.storage.managed);
    if (!contact) return;
    markdown = renderMarkdown(report, env.timeZone ? { timeZone: env.timeZone } : {});
    if (contact.kind === "mail") {
      const subject = env.t("sendToItSubject", String(report.findings.length));
      const mail = mailtoUrl(contact.address, subject, markdown, env.t("sendToItCut"));
      link.href = mail.url;
      link.removeAttribute("target");
      after = mail.cut ? env.t("sendToItCut") : env.t("sendToItMail");
    } else {
      link.href = contact.url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      after = env.t("sendToItOpened");
    }
    link.removeAttribute("aria-disabled");
    link.hidden = false;
  };
}
