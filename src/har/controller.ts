/**
 * har.html: a HAR file chosen or dropped by the user, diagnosed in the page with the core's
 * diagnoseHarChunks (the CLI's `diagnose`), shown with the popup's renderer and exports. The file never
 * leaves the browser: it is streamed (File.stream()) through the same chunked reader as the CLI, so
 * the page's memory does not grow with the file, and nothing is sent anywhere.
 */
import { CATALOG } from "../core/catalog/index.js";
import type { Lang } from "../core/catalog/types.js";
import { HarError, MAX_HAR_BYTES, diagnoseHarChunks, harTooLargeMessage } from "../core/har.js";
import { renderPac } from "../core/pac.js";
import { selectEntries } from "../core/selection.js";
import { renderCsv, renderJson, renderMarkdown, type RenderOptions } from "../core/render-report.js";
import { HAR_TEXT, REPORT_TEXT } from "../core/report-i18n.js";
import type { Report } from "../core/report-schema.js";
import type { ExtensionApi } from "../platform/api.js";
import { uiLang } from "../platform/quirks.js";
import { loadSettings } from "../settings.js";
import { pacFileName, pacRoutesSet, reportFileStem } from "../ui/files.js";
import { wireActionButtons, type Actions } from "../ui/action-buttons.js";
import { ExportLinks } from "../ui/export-links.js";
import { localize, translator, type Translate } from "../ui/i18n.js";
import { h, renderReport, renderSummary } from "../popup/render.js";
import { setUpSendToIt } from "../popup/send-to-it.js";
import { TOOL_VERSION } from "../version.js";

export interface HarPageEnv {
  doc: Document;
  api: ExtensionApi;
  clipboard: { writeText(text: string): Promise<void> } | undefined;
  createObjectURL(blob: Blob): string;
  revokeObjectURL(url: string): void;
  now(): number;
  /** The reader's IANA time zone, for the times in copied and downloaded reports. */
  timeZone?: string;
}

/** What the page needs of a File: its name, size and its bytes as a stream (read again for another language). */
export interface HarFile {
  name: string;
  size: number;
  stream(): ReadableStream<Uint8Array>;
}

/**
 * A stream's chunks as an async iterable (ReadableStream is async-iterable only from Chrome 124).
 * When the reader stops early (broken JSON, over a limit) the rest of the file is not read.
 */
async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** A file chosen with the page's file input or dropped anywhere on the page goes to `open`. */
function wireFileChoice(doc: Document, open: (file: HarFile) => void): void {
  const input = doc.querySelector<HTMLInputElement>('input[type="file"]');
  input?.addEventListener("change", () => {
    const file = input.files?.[0];
    if (file) open(file);
  });
  const drop = doc.querySelector<HTMLElement>("#drop");
  // Dropping anywhere on the page reads the file; without preventDefault the browser would navigate to it.
  doc.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop?.classList.add("dragging");
  });
  doc.addEventListener("dragleave", () => drop?.classList.remove("dragging"));
  doc.addEventListener("drop", (event) => {
    event.preventDefault();
    drop?.classList.remove("dragging");
    const file = event.dataTransfer?.files[0];
    if (file) open(file);
  });
}

/** The summary that says the file could not be diagnosed, and why. */
function renderHarError(doc: Document, t: Translate, message: string): HTMLElement {
  const summary = doc.createElement("section");
  summary.id = "summary";
  summary.className = "empty";
  summary.dataset.state = "error";
  const heading = doc.createElement("h2");
  heading.id = "headline";
  heading.textContent = t("harFailed");
  const detail = doc.createElement("p");
  detail.className = "error";
  detail.textContent = message;
  summary.append(heading, detail);
  return summary;
}

export interface HarPage {
  /** Diagnoses one file; resolves when the report (or the error) is shown. */
  open(file: HarFile): Promise<void>;
  /** The report shown, if any. */
  report(): Report | undefined;
}

export function startHarPage(env: HarPageEnv): HarPage {
  const { doc, api } = env;
  const t = translator(api);
  const $ = <T extends Element>(selector: string) => doc.querySelector<T>(selector);
  const status = (text: string) => {
    const element = $<HTMLElement>("#status");
    if (element) element.textContent = text;
  };
  /** The page's own language: its headings and the words for a file it cannot read (the select picks the report's). */
  const pageLang = uiLang(api);
  localize(doc, t, pageLang);
  const renderOptions: RenderOptions = env.timeZone ? { timeZone: env.timeZone } : {};
  const langSelect = $<HTMLSelectElement>("#lang");
  let lang: Lang = pageLang;
  if (langSelect) langSelect.value = lang;
  let file: HarFile | undefined;
  /** Reads started; only the latest one may show its result (a language switch reads the file again). */
  let reads = 0;
  let report: Report | undefined;
  const links = new ExportLinks(env);
  const showSendToIt = setUpSendToIt({
    doc,
    api,
    t,
    clipboard: env.clipboard,
    status,
    ...(env.timeZone ? { timeZone: env.timeZone } : {}),
  });

  function setLink(action: string, content: string | undefined, name: string, type: string, scope?: string): void {
    const link = $<HTMLAnchorElement>(
      scope ? `a[data-action="${action}"][data-scope="${scope}"]` : `a[data-action="${action}"]`,
    );
    if (content === undefined) links.disable(link);
    else links.enable(link, content, name, type);
  }

  function clear(): void {
    report = undefined;
    links.disableAll(doc, "a[data-action]");
    $<HTMLElement>("#summary-host")?.replaceChildren();
    $<HTMLElement>("#report")?.replaceChildren();
    const actions = $<HTMLElement>("#actions");
    if (actions) actions.hidden = true;
    void showSendToIt(undefined);
  }

  /** The same words as `aml-network-doctor diagnose`: the file name, then what is wrong with it. */
  function showError(message: string): void {
    clear();
    $<HTMLElement>("#summary-host")?.replaceChildren(renderHarError(doc, t, message));
    status(message);
  }

  async function show(): Promise<void> {
    if (!file) return;
    const read = ++reads;
    const { name } = file;
    status(t("harReading", name));
    let answer: Report;
    try {
      answer = await diagnoseHarChunks(chunksOf(file.stream()), {
        catalog: CATALOG,
        lang,
        now: env.now(),
        toolVersion: TOOL_VERSION,
      });
    } catch (error) {
      if (read !== reads) return;
      // HarError: the CLI's words for a broken HAR; anything else failed to read the file (it moved, or changed).
      const words = HAR_TEXT[pageLang];
      showError(
        error instanceof HarError
          ? words.fileProblem(name, error.problem)
          : words.cannotRead(name, error instanceof Error ? error.message : String(error)),
      );
      return;
    }
    if (read !== reads) return;
    clear();
    report = answer;
    // A HAR without studio traffic: the CLI's words (exit 4), not the popup's "this tab is not studio".
    const summary =
      report.studio === false
        ? h(
            doc,
            "section",
            { id: "summary", "data-state": "not-studio" },
            h(doc, "h2", { id: "headline" }, REPORT_TEXT[lang].titleNoStudio),
            h(doc, "p", {}, REPORT_TEXT[lang].noStudioTraffic),
          )
        : renderSummary(doc, report, t);
    $<HTMLElement>("#summary-host")?.replaceChildren(summary);
    $<HTMLElement>("#report")?.replaceChildren(renderReport(doc, report, t));
    const actions = $<HTMLElement>("#actions");
    if (actions) actions.hidden = false;
    const stem = reportFileStem(report.generatedAt);
    setLink("download-csv", renderCsv(report, renderOptions), `${stem}.csv`, "text/csv;charset=utf-8");
    setLink("download-json", renderJson(report), `${stem}.json`, "application/json");
    // The PACs the popup offers, from the same settings: every entry of the cloud, or the blocked ones.
    const settings = await loadSettings(api.storage.sync, api.storage.managed);
    const pac = (entries: string[] | undefined) => {
      const selection = entries
        ? selectEntries(CATALOG, { entries })
        : selectEntries(CATALOG, { cloud: settings.cloud });
      if (!selection.ok || selection.entries.length === 0) return undefined;
      return renderPac(selection.entries, {
        via: settings.via,
        default: settings.default,
        catalogVersion: CATALOG.version,
        toolVersion: TOOL_VERSION,
        comment: [
          entries
            ? "Entries found blocked in a HAR file by AML Network Doctor."
            : `Every browser entry (cloud: ${settings.cloud}).`,
          `Azure ML hosts: ${settings.via}; everything else: ${settings.default}.`,
        ],
      });
    };
    // As in the popup: no PAC while its two routes are equal, which would send every site the same way.
    const routesSet = pacRoutesSet(settings);
    setLink(
      "download-pac",
      routesSet ? pac(undefined) : undefined,
      pacFileName("all", report.generatedAt),
      "application/x-ns-proxy-autoconfig",
      "all",
    );
    setLink(
      "download-pac",
      routesSet && report.findings.length > 0 ? pac(report.findings.map((f) => f.entry)) : undefined,
      pacFileName("blocked", report.generatedAt),
      "application/x-ns-proxy-autoconfig",
      "blocked",
    );
    const routes = $<HTMLElement>("#pac-routes");
    if (routes) routes.textContent = routesSet ? t("pacRoutes", [settings.via, settings.default]) : t("pacNeedsRoutes");
    await showSendToIt(report);
    status((report.warnings ?? []).join(" "));
  }

  async function open(chosen: HarFile): Promise<void> {
    file = undefined;
    if (chosen.size > MAX_HAR_BYTES) {
      reads++; // a read still running for an earlier file must not replace this message
      showError(harTooLargeMessage(chosen.name, chosen.size, pageLang));
      return;
    }
    file = chosen;
    await show();
  }

  const actions: Actions = {
    "copy-markdown": async () => {
      if (!report) return;
      try {
        if (!env.clipboard) throw new Error("no clipboard");
        await env.clipboard.writeText(renderMarkdown(report, renderOptions));
        status(t("copyDone"));
      } catch {
        status(t("copyFailed"));
      }
    },
    options: () => api.runtime.openOptionsPage(),
  };
  wireActionButtons(doc, actions, (error) => status(String(error)));
  wireFileChoice(doc, (chosen) => void open(chosen));
  langSelect?.addEventListener("change", () => {
    lang = langSelect.value === "ja" ? "ja" : "en";
    void show();
  });
  return { open, report: () => report };
}
