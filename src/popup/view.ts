/** One load of the popup: what it asks the worker and the browser for, gathered into a `View`. */
import type { Lang } from "../core/catalog/types.js";
import type { Report } from "../core/report-schema.js";
import { sendRequest } from "../messages.js";
import type { ExtensionApi } from "../platform/api.js";
import { loadItContact } from "../platform/managed.js";
import { loadSettings, type Settings } from "../settings.js";
import { pacRoutesSet } from "../ui/files.js";
import type { PopupEnv } from "./env.js";
import { stateOf } from "./render.js";

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
export type View =
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

export async function currentTabId(env: PopupEnv): Promise<number | undefined> {
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

export async function fetchView(api: ExtensionApi, tabId: number, uiLanguage: Lang, exportLang: Lang): Promise<View> {
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
export function fingerprint(view: View): string {
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
