/**
 * The popup (also a full page: `popup.html?tab=<tabId>`): asks the worker for the tab's report,
 * renders it, and turns it into the exports IT needs. Downloads are plain blob links with a
 * `download` attribute, so they need no `downloads` permission and are ordinary downloads to a
 * browser and to a test harness.
 */
import type { Lang } from "../core/catalog/types.js";
import { renderCsv, renderJson, renderMarkdown } from "../core/report.js";
import type { Report } from "../core/report-schema.js";
import { sendRequest } from "../messages.js";
import type { ExtensionApi } from "../platform/api.js";
import { popupLosesBlobDownloads, uiLang } from "../platform/quirks.js";
import { loadSettings } from "../settings.js";
import { PAC_FILE_NAME, reportFileStem } from "../ui/files.js";
import { localize, translator } from "../ui/i18n.js";
import { renderReport } from "./render.js";
import { setUpSendToIt } from "./send-to-it.js";

export interface PopupEnv {
  doc: Document;
  api: ExtensionApi;
  /** `location.search` of the page. */
  search: string;
  clipboard: { writeText(text: string): Promise<void> } | undefined;
  createObjectURL(blob: Blob): string;
  revokeObjectURL(url: string): void;
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

async function currentTabId(env: PopupEnv): Promise<number | undefined> {
  const fromPage = new URLSearchParams(env.search).get("tab");
  if (fromPage !== null && /^\d+$/.test(fromPage)) return Number(fromPage);
  const [tab] = await env.api.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

export function startPopup(env: PopupEnv): Popup {
  const { doc, api } = env;
  const t = translator(api);
  const $ = <T extends Element>(selector: string) => doc.querySelector<T>(selector);
  const status = (text: string) => {
    const element = $<HTMLElement>("#status");
    if (element) element.textContent = text;
  };
  localize(doc, t);

  const langSelect = $<HTMLSelectElement>("#lang");
  let lang: Lang = uiLang(api);
  if (langSelect) langSelect.value = lang;
  let report: Report | undefined;
  let tabId: number | undefined;
  const objectUrls: string[] = [];
  const showSendToIt = setUpSendToIt({ doc, api, t, clipboard: env.clipboard, status });
  /** Counts loads; an older load that answers late (a quick language switch) leaves the page alone. */
  let loads = 0;

  function setLink(action: string, text: string | undefined, fileName: string, type: string, scope?: string): void {
    const selector = scope ? `a[data-action="${action}"][data-scope="${scope}"]` : `a[data-action="${action}"]`;
    const link = $<HTMLAnchorElement>(selector);
    if (!link) return;
    if (text === undefined) {
      link.removeAttribute("href");
      link.setAttribute("aria-disabled", "true");
      return;
    }
    const url = env.createObjectURL(new Blob([text], { type }));
    objectUrls.push(url);
    link.href = url;
    link.download = fileName;
    link.removeAttribute("aria-disabled");
  }

  async function loadPac(scope: "all" | "blocked", id: number, hasFindings: boolean, generation: number): Promise<void> {
    if (scope === "blocked" && !hasFindings) return setLink("download-pac", undefined, PAC_FILE_NAME, "", scope);
    try {
      const pac = await sendRequest(api.runtime, { type: "get-pac", tabId: id, scope });
      if (generation !== loads) return;
      setLink("download-pac", pac, PAC_FILE_NAME, "application/x-ns-proxy-autoconfig", scope);
    } catch (error) {
      if (generation !== loads) return;
      setLink("download-pac", undefined, PAC_FILE_NAME, "", scope);
      status(t("pacUnavailable", error instanceof Error ? error.message : String(error)));
    }
  }

  /** Exports of the report shown so far go before a new one is asked for: none may outlive it. */
  function dropExports(): void {
    report = undefined;
    for (const url of objectUrls.splice(0)) env.revokeObjectURL(url);
    for (const link of doc.querySelectorAll<HTMLAnchorElement>("a[data-action]")) {
      link.removeAttribute("href");
      link.setAttribute("aria-disabled", "true");
    }
  }

  async function load(): Promise<void> {
    const generation = ++loads;
    dropExports();
    tabId ??= await currentTabId(env);
    const target = $<HTMLElement>("#report");
    const headline = $<HTMLElement>("#summary-host");
    if (tabId === undefined || !target) return;
    let answer: Report;
    try {
      answer = await sendRequest(api.runtime, { type: "get-report", tabId, lang });
    } catch (error) {
      if (generation !== loads) return;
      headline?.replaceChildren();
      target.replaceChildren();
      target.append(t("loadFailed", error instanceof Error ? error.message : String(error)));
      return;
    }
    if (generation !== loads) return;
    report = answer;
    // The headline goes above the actions (Copy report is the first thing a user wants), the
    // cards below them; only the headline is a live region, so a re-render is not read out whole.
    const rendered = renderReport(doc, report, t);
    const summary = rendered.querySelector("#summary");
    if (headline && summary) headline.replaceChildren(summary);
    target.replaceChildren(rendered);
    const stem = reportFileStem(report.generatedAt);
    setLink("download-csv", renderCsv(report), `${stem}.csv`, "text/csv;charset=utf-8");
    setLink("download-json", renderJson(report), `${stem}.json`, "application/json");
    const hasFindings = report.findings.length > 0;
    await Promise.all([loadPac("all", tabId, hasFindings, generation), loadPac("blocked", tabId, hasFindings, generation)]);
    const settings = await loadSettings(api.storage.sync, api.storage.managed);
    const routes = $<HTMLElement>("#pac-routes");
    if (routes) routes.textContent = t("pacRoutes", [settings.via, settings.default]);
    await showPermissions();
    if (generation !== loads) return;
    await showSendToIt(report);
    if (generation !== loads) return;
    pointAtHandedDownload();
    if (answer.pendingHosts?.length && env.later) {
      env.later(() => {
        if (generation === loads) void load();
      }, PENDING_RELOAD_MS);
    }
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
    link.focus();
    status(t("downloadHere", link.textContent ?? ""));
  }

  async function showPermissions(): Promise<void> {
    const manifest = api.runtime.getManifest();
    const required = manifest.host_permissions ?? [];
    const optional = manifest.optional_host_permissions ?? [];
    const missing = required.length > 0 && !(await api.permissions.contains({ origins: required }));
    const banner = $<HTMLElement>("#permissions");
    if (banner) banner.hidden = !missing;
    const watching = optional.length > 0 && (await api.permissions.contains({ origins: optional }));
    const watchButton = $<HTMLButtonElement>('[data-action="watch-all"]');
    const watchState = $<HTMLElement>("#watch-all-state");
    if (watchButton) watchButton.hidden = watching;
    if (watchState) watchState.textContent = watching ? t("watchAllOn") : t("watchAllHint");
  }

  // permissions.request must run in the click's own turn (a user gesture), before any await.
  const actions: Record<string, () => Promise<unknown> | void> = {
    "copy-markdown": async () => {
      if (!report) return;
      try {
        if (!env.clipboard) throw new Error("no clipboard");
        await env.clipboard.writeText(renderMarkdown(report));
        status(t("copyDone"));
      } catch {
        status(t("copyFailed"));
      }
    },
    clear: async () => {
      if (tabId === undefined) return;
      await sendRequest(api.runtime, { type: "clear", tabId });
      await load();
      status(t("clearDone"));
    },
    options: () => api.runtime.openOptionsPage(),
    "check-network": () => void api.tabs.create({ url: api.runtime.getURL("check.html") }),
    "grant-permissions": () => api.permissions.request({ origins: api.runtime.getManifest().host_permissions ?? [] }).then(load),
    "watch-all": () => api.permissions.request({ origins: api.runtime.getManifest().optional_host_permissions ?? [] }).then(showPermissions),
  };
  for (const button of doc.querySelectorAll<HTMLButtonElement>("button[data-action]")) {
    const run = actions[button.dataset.action ?? ""];
    if (run) button.addEventListener("click", () => void Promise.resolve(run()).catch((error: unknown) => status(String(error))));
  }
  // Firefox's toolbar popup (no ?tab=) loses its blob URLs when a file chooser closes it.
  const isToolbarPopup = new URLSearchParams(env.search).get("tab") === null;
  if (isToolbarPopup && popupLosesBlobDownloads(api)) {
    for (const link of doc.querySelectorAll<HTMLAnchorElement>('a[data-action^="download-"]')) {
      link.addEventListener("click", (event) => {
        if (tabId === undefined || !link.hasAttribute("href")) return;
        event.preventDefault();
        const download = link.dataset.scope ? `${link.dataset.action}:${link.dataset.scope}` : (link.dataset.action ?? "");
        void api.tabs.create({ url: api.runtime.getURL(`popup.html?tab=${tabId}&download=${encodeURIComponent(download)}`) });
      });
    }
  }
  langSelect?.addEventListener("change", () => {
    lang = langSelect.value === "ja" ? "ja" : "en";
    void load();
  });

  return { loaded: load(), reload: load };
}
