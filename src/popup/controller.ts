/**
 * The popup (also a full page: `popup.html?tab=<tabId>`): asks the worker for the tab's report,
 * shows the first screen (what is broken, one line per entry, the next step), and turns the report
 * into what IT needs. It follows the worker's writes to storage.session, so a failure that arrives
 * while it is open shows at once, as the badge does. Downloads are plain blob links with a
 * `download` attribute, so they need no `downloads` permission.
 */
import type { Lang } from "../core/catalog/types.js";
import {
  renderAllowList,
  renderCsv,
  renderJson,
  renderMarkdown,
  renderText,
  type RenderOptions,
} from "../core/render-report.js";
import type { Report } from "../core/report-schema.js";
import { sendRequest } from "../messages.js";
import type { ExtensionApi } from "../platform/api.js";
import { popupLosesBlobDownloads, uiLang } from "../platform/quirks.js";
import { loadItContact } from "../platform/managed.js";
import { loadSettings, type Settings } from "../settings.js";
import { pacFileName, pacRoutesSet, reportFileStem } from "../ui/files.js";
import { ExportLinks } from "../ui/export-links.js";
import { localize, translator } from "../ui/i18n.js";
import { renderLoadError, renderReport, renderSummary, stateOf, type PopupState } from "./render.js";
import { setUpSendToIt } from "./send-to-it.js";

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

/** How soon a report whose verdict is pending is asked for again: a probe answers within seconds. */
export const PENDING_RELOAD_MS = 1000;

export interface Popup {
  /** Resolves when the report, exports and PAC links are in place. */
  loaded: Promise<void>;
  reload(): Promise<void>;
}

/**
 * Runs loads so that only the latest one is applied: a load that answers after a newer one began
 * (a quick language switch, a storage change) is dropped whole. One guard instead of one per await.
 */
export function latestWins<T>(): (load: () => Promise<T>) => Promise<{ latest: true; value: T } | { latest: false }> {
  let generation = 0;
  return async (load) => {
    const mine = ++generation;
    const value = await load();
    return mine === generation ? { latest: true, value } : { latest: false };
  };
}

/** Everything one load asks the worker and the browser for, applied to the page in one step. */
type View =
  | { ok: false; message: string }
  | {
      ok: true;
      report: Report;
      /** The report in the language chosen for exports (the same object when it is the UI's). */
      exported: Report;
      settings: Settings;
      pac: { all?: string; blocked?: string; error?: string };
      permissions: { missing: boolean; watching: boolean };
      /** The IT contact (policy or Options), so a change to it re-renders Send to IT. */
      itContact: string;
    };

async function currentTabId(env: PopupEnv): Promise<number | undefined> {
  const fromPage = new URLSearchParams(env.search).get("tab");
  if (fromPage !== null && /^\d+$/.test(fromPage)) return Number(fromPage);
  const [tab] = await env.api.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

async function fetchPac(
  api: ExtensionApi,
  tabId: number,
  report: Report,
  settings: Settings,
): Promise<{ all?: string; blocked?: string; error?: string }> {
  if (!pacRoutesSet(settings) || stateOf(report) === "not-studio") return {};
  try {
    const all = await sendRequest(api.runtime, { type: "get-pac", tabId, scope: "all" });
    const blocked =
      report.findings.length > 0
        ? await sendRequest(api.runtime, { type: "get-pac", tabId, scope: "blocked" })
        : undefined;
    return blocked === undefined ? { all } : { all, blocked };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

async function fetchPermissions(api: ExtensionApi): Promise<{ missing: boolean; watching: boolean }> {
  const manifest = api.runtime.getManifest();
  const required = manifest.host_permissions ?? [];
  const optional = manifest.optional_host_permissions ?? [];
  const missing = required.length > 0 && !(await api.permissions.contains({ origins: required }));
  const watching = optional.length > 0 && (await api.permissions.contains({ origins: optional }));
  return { missing, watching };
}

async function fetchView(api: ExtensionApi, tabId: number, uiLanguage: Lang, exportLang: Lang): Promise<View> {
  try {
    const report = await sendRequest(api.runtime, { type: "get-report", tabId, lang: uiLanguage });
    const exported =
      exportLang === uiLanguage
        ? report
        : await sendRequest(api.runtime, { type: "get-report", tabId, lang: exportLang });
    // Policy-set values (storage.managed) win over the user's own, as on the options page.
    const settings = await loadSettings(api.storage.sync, api.storage.managed);
    const [pac, permissions, contact] = await Promise.all([
      fetchPac(api, tabId, report, settings),
      fetchPermissions(api),
      loadItContact(api.storage.sync, api.storage.managed),
    ]);
    return { ok: true, report, exported, settings, pac, permissions, itContact: contact.text };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** A report as shown: without its `generatedAt`, so a re-read with nothing new leaves the page alone. */
function fingerprint(view: View): string {
  if (!view.ok) return `error:${view.message}`;
  const strip = ({ generatedAt: _generatedAt, ...rest }: Report) => rest;
  return JSON.stringify([
    strip(view.report),
    strip(view.exported),
    view.settings,
    view.pac,
    view.permissions,
    view.itContact,
  ]);
}

/** Shows the elements marked `data-show` for this state and hides the rest. */
function showFor(doc: Document, state: PopupState, isPage: boolean): void {
  doc.body.dataset.state = state;
  for (const element of doc.querySelectorAll<HTMLElement>("[data-show]"))
    element.hidden = !(element.dataset.show ?? "").split(" ").includes(state);
  // A page that is already the full page does not offer to open itself.
  const openPage = doc.querySelector<HTMLElement>('[data-action="open-page"]');
  if (openPage && isPage) openPage.hidden = true;
}

export function startPopup(env: PopupEnv): Popup {
  const { doc, api } = env;
  const t = translator(api);
  const $ = <T extends Element>(selector: string) => doc.querySelector<T>(selector);
  const uiLanguage = uiLang(api);
  localize(doc, t, uiLanguage);
  const renderOptions: RenderOptions = env.timeZone ? { timeZone: env.timeZone } : {};
  const links = new ExportLinks(env);
  const latest = latestWins<View>();
  const langSelect = $<HTMLSelectElement>("#lang");
  if (langSelect) langSelect.value = uiLanguage;
  let exportLang: Lang = uiLanguage;
  let tabId: number | undefined;
  let shown: { view: View; fingerprint: string } | undefined;
  const isPage = new URLSearchParams(env.search).get("tab") !== null;
  // Until the first answer no button shows: none may be pressed before there is something to act on.
  showFor(doc, "loading", isPage);

  const status = (text: string, isError = false) => {
    const element = $<HTMLElement>("#status");
    if (!element) return;
    element.textContent = text;
    element.classList.toggle("error", isError);
  };
  // Send to IT sits beside the copy buttons when there is something to send and an IT contact.
  const showSendToIt = setUpSendToIt({
    doc,
    api,
    t,
    clipboard: env.clipboard,
    status: (text) => status(text),
    ...(env.timeZone ? { timeZone: env.timeZone } : {}),
  });
  /** A report waiting for a follow-up probe is asked for again once, whatever else triggers a load. */
  let recheckScheduled = false;

  function applyExports(view: Extract<View, { ok: true }>): void {
    links.disableAll(doc);
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

  function applyView(view: View): void {
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
    applyExports(view);
    const banner = $<HTMLElement>("#permissions");
    if (banner) banner.hidden = !view.permissions.missing;
    const watchButton = $<HTMLButtonElement>('[data-action="watch-all"]');
    const watchState = $<HTMLElement>("#watch-all-state");
    if (watchButton && view.permissions.watching) watchButton.hidden = true;
    if (watchState) watchState.textContent = view.permissions.watching ? t("watchAllOn") : t("watchAllHint");
  }

  async function load(): Promise<void> {
    tabId ??= await currentTabId(env);
    if (tabId === undefined) {
      applyView({ ok: false, message: t("noTab") });
      return;
    }
    const id = tabId;
    const answer = await latest(() => fetchView(api, id, uiLanguage, exportLang));
    if (!answer.latest) return;
    const view = answer.value;
    // A pending verdict changes when its probe answers; the storage watch usually sees that write,
    // this re-read covers a probe whose answer changes nothing stored for the tab.
    if (view.ok && view.report.pendingHosts?.length && env.later && !recheckScheduled) {
      recheckScheduled = true;
      env.later(() => {
        recheckScheduled = false;
        void load();
      }, PENDING_RELOAD_MS);
    }
    const print = fingerprint(view);
    if (shown?.fingerprint === print) return;
    shown = { view, fingerprint: print };
    applyView(view);
    await showSendToIt(view.ok && stateOf(view.report) === "blocked" ? view.exported : undefined);
    pointAtHandedDownload();
  }

  /** The full page opened by a Firefox popup's download: show the link to press again, and why. */
  function pointAtHandedDownload(): void {
    const handed = new URLSearchParams(env.search).get("download");
    if (handed === null) return;
    const [action, scope] = handed.split(":");
    const link = [...doc.querySelectorAll<HTMLAnchorElement>("a[data-action]")].find(
      (candidate) => candidate.dataset.action === action && (candidate.dataset.scope ?? "") === (scope ?? ""),
    );
    if (!link?.hasAttribute("href")) return;
    link.closest("details")?.setAttribute("open", "");
    link.focus();
    status(t("downloadHere", link.textContent ?? ""));
  }

  /** Copies one rendering of the shown report; the button says "Copied" for a moment, a failure shows the text to copy by hand. */
  async function copy(button: HTMLButtonElement | null, render: (report: Report) => string): Promise<void> {
    if (!shown?.view.ok) return;
    const text = render(shown.view.exported);
    const fallback = $<HTMLTextAreaElement>("#copy-fallback");
    try {
      if (!env.clipboard) throw new Error("no clipboard");
      await env.clipboard.writeText(text);
      if (fallback) fallback.hidden = true;
      status("");
      if (button) {
        const label = button.dataset.i18n ? t(button.dataset.i18n) : (button.textContent ?? "");
        button.textContent = t("copied");
        button.dataset.copied = "true";
        setTimeout(() => {
          button.textContent = label;
          delete button.dataset.copied;
        }, 2000);
      }
    } catch {
      status(t("copyFailed"), true);
      if (fallback) {
        fallback.value = text;
        fallback.hidden = false;
        fallback.select();
      }
    }
  }

  const button = (action: string) => $<HTMLButtonElement>(`button[data-action="${action}"]`);
  // permissions.request must run in the click's own turn (a user gesture), before any await.
  const actions: Record<string, () => Promise<unknown> | void> = {
    "copy-markdown": () => copy(button("copy-markdown"), (r) => renderMarkdown(r, renderOptions)),
    "copy-text": () => copy(button("copy-text"), (r) => renderText(r, renderOptions)),
    "copy-allowlist": () => copy(button("copy-allowlist"), renderAllowList),
    "check-again": async () => {
      if (tabId === undefined) return;
      await sendRequest(api.runtime, { type: "clear", tabId });
      await api.tabs.reload(tabId);
      await load();
      status(t("checkAgainDone"));
    },
    retry: () => load(),
    // The same view in a tab: room for long host names, and it stays open while the user works.
    "open-page": () =>
      tabId === undefined ? undefined : api.tabs.create({ url: api.runtime.getURL(`popup.html?tab=${tabId}`) }),
    "open-studio": () => api.tabs.create({ url: "https://ml.azure.com/" }),
    options: () => api.runtime.openOptionsPage(),
    "check-network": () => api.tabs.create({ url: api.runtime.getURL("check.html") }),
    "grant-permissions": () =>
      api.permissions.request({ origins: api.runtime.getManifest().host_permissions ?? [] }).then(load),
    "watch-all": () =>
      api.permissions.request({ origins: api.runtime.getManifest().optional_host_permissions ?? [] }).then(load),
  };
  for (const element of doc.querySelectorAll<HTMLButtonElement>("button[data-action]")) {
    const run = actions[element.dataset.action ?? ""];
    if (run)
      element.addEventListener(
        "click",
        () => void Promise.resolve(run()).catch((error: unknown) => status(String(error), true)),
      );
  }
  wireDownloadLinks(env, () => tabId);
  langSelect?.addEventListener("change", () => {
    exportLang = langSelect.value === "ja" ? "ja" : "en";
    status("");
    void load();
  });
  watchForChanges(api, () => tabId, load);

  return { loaded: load(), reload: load };
}

/**
 * Download links behave as buttons: Space presses them (a link would scroll the page). Firefox's
 * toolbar popup (no ?tab=) loses its blob URLs when a file chooser closes it, so there a download
 * opens the full page instead.
 */
function wireDownloadLinks(env: PopupEnv, tabId: () => number | undefined): void {
  const { doc, api } = env;
  const handOff = new URLSearchParams(env.search).get("tab") === null && popupLosesBlobDownloads(api);
  for (const link of doc.querySelectorAll<HTMLAnchorElement>('a[data-action^="download-"]')) {
    link.addEventListener("keydown", (event) => {
      if (event.key !== " ") return;
      event.preventDefault();
      link.click();
    });
    if (!handOff) continue;
    link.addEventListener("click", (event) => {
      const id = tabId();
      if (id === undefined || !link.hasAttribute("href")) return;
      event.preventDefault();
      const download = link.dataset.scope
        ? `${link.dataset.action}:${link.dataset.scope}`
        : (link.dataset.action ?? "");
      void api.tabs.create({
        url: api.runtime.getURL(`popup.html?tab=${id}&download=${encodeURIComponent(download)}`),
      });
    });
  }
}

/**
 * Re-reads the report when the worker writes a tab's diagnosis or the options change. Writes come
 * in bursts (one per request), so at most one load runs and at most one more follows it.
 */
function watchForChanges(api: ExtensionApi, tabId: () => number | undefined, load: () => Promise<void>): void {
  let running: Promise<void> | undefined;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = load()
      .catch(() => undefined)
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  };
  // The worker keeps a tab's diagnosis under `tab:<id>` (background/session-store.ts); other tabs' writes are not ours.
  api.storage.onChanged.addListener((changes, area) => {
    if (area === "sync" || area === "managed" || (area === "session" && Object.hasOwn(changes, `tab:${tabId() ?? ""}`)))
      run();
  });
}
