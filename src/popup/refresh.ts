/**
 * The popup's refresh loop: a load asks for the tab's view and shows it unless nothing changed; a
 * pending verdict is asked for again; the worker's storage writes and option changes start loads.
 */
import type { Lang } from "../core/catalog/types.js";
import type { Report } from "../core/report-schema.js";
import type { ExtensionApi } from "../platform/api.js";
import type { PopupEnv } from "./env.js";
import { applyView, pointAtHandedDownload, type PopupPage } from "./page.js";
import { stateOf } from "./render.js";
import { currentTabId, fetchView, fingerprint, latestWins, type View } from "./view.js";

/** How soon a report whose verdict is pending is asked for again: a probe answers within seconds. */
export const PENDING_RELOAD_MS = 1000;

/** What the popup shows and for which tab; loads and actions share it. */
export interface PopupSession {
  tabId: number | undefined;
  /** The language of the exported (copied, downloaded) reports, from the language select. */
  exportLang: Lang;
  shown: { view: View; fingerprint: string } | undefined;
}

export interface LoaderParts {
  env: PopupEnv;
  page: PopupPage;
  session: PopupSession;
  uiLanguage: Lang;
  /** Shows Send to IT for a blocked report, hides it otherwise. */
  showSendToIt(report: Report | undefined): Promise<void>;
}

/** The popup's load: only the latest of overlapping loads is applied, and an unchanged view is left alone. */
export function createLoader({ env, page, session, uiLanguage, showSendToIt }: LoaderParts): () => Promise<void> {
  const latest = latestWins<View>();
  /** A report waiting for a follow-up probe is asked for again once, whatever else triggers a load. */
  let recheckScheduled = false;

  async function load(): Promise<void> {
    session.tabId ??= await currentTabId(env);
    if (session.tabId === undefined) {
      applyView(page, { ok: false, message: page.t("noTab") });
      return;
    }
    const id = session.tabId;
    const answer = await latest(() => fetchView(env.api, id, uiLanguage, session.exportLang));
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
    if (session.shown?.fingerprint === print) return;
    session.shown = { view, fingerprint: print };
    applyView(page, view);
    await showSendToIt(view.ok && stateOf(view.report) === "blocked" ? view.exported : undefined);
    pointAtHandedDownload(page, env.search);
  }
  return load;
}

/**
 * Re-reads the report when the worker writes a tab's diagnosis or the options change. Writes come
 * in bursts (one per request), so at most one load runs and at most one more follows it.
 */
export function watchForChanges(api: ExtensionApi, tabId: () => number | undefined, load: () => Promise<void>): void {
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
