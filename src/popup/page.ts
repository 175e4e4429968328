/**
 * The popup's document and what it shows: the status line, the state's elements, a loaded view's
 * cards, export links and PAC links, and the link a handed-off download asks the reader to press.
 */
import { renderCsv, renderJson, renderMarkdown, type RenderOptions } from "../core/render-report.js";
import { ExportLinks } from "../ui/export-links.js";
import { pacFileName, pacRoutesSet, reportFileStem } from "../ui/files.js";
import type { Translate } from "../ui/i18n.js";
import type { PopupEnv } from "./env.js";
import { renderLoadError, renderReport, renderSummary, stateOf, type PopupState } from "./render.js";
import type { View } from "./view.js";

export interface PopupPage {
  doc: Document;
  t: Translate;
  links: ExportLinks;
  renderOptions: RenderOptions;
  /** Opened as the full page (`popup.html?tab=`) rather than the toolbar popup. */
  isPage: boolean;
  $<T extends Element>(selector: string): T | null;
  status(text: string, isError?: boolean): void;
}

export function createPopupPage(env: PopupEnv, t: Translate): PopupPage {
  const { doc } = env;
  const $ = <T extends Element>(selector: string) => doc.querySelector<T>(selector);
  return {
    doc,
    t,
    links: new ExportLinks(env),
    renderOptions: env.timeZone ? { timeZone: env.timeZone } : {},
    isPage: new URLSearchParams(env.search).get("tab") !== null,
    $,
    status: (text, isError = false) => {
      const element = $<HTMLElement>("#status");
      if (!element) return;
      element.textContent = text;
      element.classList.toggle("error", isError);
    },
  };
}

/** Shows the elements marked `data-show` for this state and hides the rest. */
export function showFor(doc: Document, state: PopupState, isPage: boolean): void {
  doc.body.dataset.state = state;
  for (const element of doc.querySelectorAll<HTMLElement>("[data-show]"))
    element.hidden = !(element.dataset.show ?? "").split(" ").includes(state);
  // A page that is already the full page does not offer to open itself.
  const openPage = doc.querySelector<HTMLElement>('[data-action="open-page"]');
  if (openPage && isPage) openPage.hidden = true;
}

/** The download and PAC links of a loaded view, each made for this view's exported report. */
function applyExports(page: PopupPage, view: Extract<View, { ok: true }>): void {
  const { links, renderOptions, t, $ } = page;
  links.disableAll(page.doc);
  const { exported, pac, settings } = view;
  const stem = reportFileStem(exported.generatedAt);
  links.enable(
    $('a[data-action="download-markdown"]'),
    renderMarkdown(exported, renderOptions),
    `${stem}.md`,
    "text/markdown;charset=utf-8",
  );
  links.enable(
    $('a[data-action="download-csv"]'),
    renderCsv(exported, renderOptions),
    `${stem}.csv`,
    "text/csv;charset=utf-8",
  );
  links.enable($('a[data-action="download-json"]'), renderJson(exported), `${stem}.json`, "application/json");
  const pacType = "application/x-ns-proxy-autoconfig";
  if (pac.all !== undefined)
    links.enable(
      $('a[data-action="download-pac"][data-scope="all"]'),
      pac.all,
      pacFileName("all", exported.generatedAt),
      pacType,
    );
  if (pac.blocked !== undefined)
    links.enable(
      $('a[data-action="download-pac"][data-scope="blocked"]'),
      pac.blocked,
      pacFileName("blocked", exported.generatedAt),
      pacType,
    );
  const routes = $<HTMLElement>("#pac-routes");
  if (routes) {
    routes.textContent =
      pac.error !== undefined
        ? t("pacUnavailable", pac.error)
        : pacRoutesSet(settings)
          ? t("pacRoutes", [settings.via, settings.default])
          : t("pacNeedsRoutes");
  }
}

/** Shows a loaded view (or why it could not load), keeping the cards the reader opened open. */
export function applyView(page: PopupPage, view: View): void {
  const { doc, links, t, $, isPage } = page;
  const headline = $<HTMLElement>("#summary-host");
  const target = $<HTMLElement>("#report");
  if (!view.ok) {
    links.disableAll(doc);
    showFor(doc, "error", isPage);
    headline?.replaceChildren(renderLoadError(doc, view.message, t));
    target?.replaceChildren();
    return;
  }
  // Keep what the reader opened: a re-render for a new failure must not fold their card away.
  const open = new Set(
    [...doc.querySelectorAll<HTMLElement>("#report details[open]")].map((d) => d.dataset.entry ?? d.id),
  );
  showFor(doc, stateOf(view.report), isPage);
  headline?.replaceChildren(renderSummary(doc, view.report, t));
  target?.replaceChildren(renderReport(doc, view.report, t));
  for (const details of doc.querySelectorAll<HTMLElement>("#report details"))
    if (open.has(details.dataset.entry ?? details.id)) details.setAttribute("open", "");
  applyExports(page, view);
  const banner = $<HTMLElement>("#permissions");
  if (banner) banner.hidden = !view.permissions.missing;
  const watchButton = $<HTMLButtonElement>('[data-action="watch-all"]');
  const watchState = $<HTMLElement>("#watch-all-state");
  if (watchButton && view.permissions.watching) watchButton.hidden = true;
  if (watchState) watchState.textContent = view.permissions.watching ? t("watchAllOn") : t("watchAllHint");
}

/** The full page opened by a Firefox popup's download: show the link to press again, and why. */
export function pointAtHandedDownload(page: PopupPage, search: string): void {
  const { doc, t } = page;
  const handed = new URLSearchParams(search).get("download");
  if (handed === null) return;
  const [action, scope] = handed.split(":");
  const link = [...doc.querySelectorAll<HTMLAnchorElement>("a[data-action]")].find(
    (candidate) => candidate.dataset.action === action && (candidate.dataset.scope ?? "") === (scope ?? ""),
  );
  if (!link?.hasAttribute("href")) return;
  link.closest("details")?.setAttribute("open", "");
  link.focus();
  page.status(t("downloadHere", link.textContent ?? ""));
}
