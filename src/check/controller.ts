/**
 * check.html, "Check this network": runs `run-check` when it opens and on request, shows
 * a progress bar from the worker's `check-progress` messages, then one row per host, and offers the
 * popup's exports for the check's report: Markdown to copy, CSV, JSON, and a PAC file for what was
 * found blocked. Downloads are blob links, as in the popup (no `downloads` permission).
 */
import { CLOUDS, type Cloud, type Lang } from "../core/catalog/types.js";
import { renderCheckMarkdown } from "../core/check-report.js";
import type { Report } from "../core/report-schema.js";
import { sendRequest, type CheckProgressMessage } from "../messages.js";
import type { ExtensionApi } from "../platform/api.js";
import { uiLang } from "../platform/quirks.js";
import { loadSettings } from "../settings.js";
import { wireActionButtons, type Actions } from "../ui/action-buttons.js";
import { ExportLinks } from "../ui/export-links.js";
import { localize, translator, type Translate } from "../ui/i18n.js";
import { showCheckExports } from "./exports.js";
import { showCheckResult } from "./table.js";

export interface CheckPageEnv {
  doc: Document;
  api: ExtensionApi;
  /** `location.search`: `?cloud=usgov` picks the cloud, `?run=0` waits for the button. */
  search: string;
  clipboard: { writeText(text: string): Promise<void> } | undefined;
  createObjectURL(blob: Blob): string;
  revokeObjectURL(url: string): void;
}

export interface CheckPage {
  /** Resolves when the first check (if any) is shown. */
  loaded: Promise<void>;
  run(): Promise<void>;
}

function isProgress(message: unknown): message is CheckProgressMessage {
  const m = message as CheckProgressMessage | null;
  return !!m && m.type === "check-progress" && typeof m.done === "number" && typeof m.total === "number";
}

/** Moves the progress bar with the worker's `check-progress` messages while it shows. */
function followProgress(
  api: ExtensionApi,
  progress: HTMLProgressElement | null,
  step: (done: number, total: number) => void,
): void {
  api.runtime.onMessage.addListener((message) => {
    if (isProgress(message) && progress && !progress.hidden) {
      progress.max = Math.max(1, message.total);
      progress.value = message.done;
      step(message.done, message.total);
    }
    return undefined;
  });
}

/** Shows how many host names the check remembers (after forgetting them all, with `clear`). */
async function showRememberedCount(api: ExtensionApi, doc: Document, t: Translate, clear: boolean): Promise<void> {
  const answer = await sendRequest(api.runtime, clear ? { type: "check-hosts", clear: true } : { type: "check-hosts" });
  const count = Object.values(answer.remembered).reduce((sum, hosts) => sum + hosts.length, 0);
  const element = doc.querySelector<HTMLElement>("#remembered");
  if (element) element.textContent = t("checkRemembered", String(count));
}

/** Writes `text` to the clipboard; resolves to whether it could. */
async function copyText(clipboard: CheckPageEnv["clipboard"], text: string): Promise<boolean> {
  try {
    if (!clipboard) throw new Error("no clipboard");
    await clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** The cloud to check: the page's `?cloud=`, else the settings' (the public cloud for "all"). */
function initialCloud(fromPage: string | null, fromSettings: Cloud | "all"): Cloud {
  return (CLOUDS as readonly string[]).includes(fromPage ?? "")
    ? (fromPage as Cloud)
    : fromSettings === "all"
      ? "public"
      : fromSettings;
}

export function startCheckPage(env: CheckPageEnv): CheckPage {
  const { doc, api } = env;
  const t = translator(api);
  const $ = <T extends Element>(selector: string) => doc.querySelector<T>(selector);
  const status = (text: string) => {
    const element = $<HTMLElement>("#status");
    if (element) element.textContent = text;
  };
  localize(doc, t);
  doc.title = t("checkNetwork") || doc.title;

  const params = new URLSearchParams(env.search);
  const cloudSelect = $<HTMLSelectElement>("#cloud");
  const langSelect = $<HTMLSelectElement>("#lang");
  const hostsInput = $<HTMLInputElement>("#hosts");
  const progress = $<HTMLProgressElement>("#progress");
  let lang: Lang = uiLang(api);
  if (langSelect) langSelect.value = lang;
  let report: Report | undefined;
  const links = new ExportLinks(env);
  let runs = 0;

  followProgress(api, progress, (done, total) => status(t("checkRunning", [String(done), String(total)])));

  function dropExports(): void {
    report = undefined;
    links.disableAll(doc, "a[data-action]");
    const copy = $<HTMLButtonElement>('[data-action="copy-markdown"]');
    if (copy) copy.disabled = true;
  }

  const showRemembered = (clear = false) => showRememberedCount(api, doc, t, clear);

  async function run(): Promise<void> {
    const generation = ++runs;
    dropExports();
    const cloud = (cloudSelect?.value ?? "public") as Cloud;
    const hosts = (hostsInput?.value ?? "").split(/[\s,]+/).filter(Boolean);
    if (progress) {
      progress.hidden = false;
      progress.value = 0;
    }
    const summary = $<HTMLElement>("#summary");
    summary?.replaceChildren();
    status(t("checkStarted"));
    let answer: Report;
    try {
      answer = await sendRequest(api.runtime, { type: "run-check", cloud, hosts, lang });
    } catch (error) {
      if (generation !== runs) return;
      if (progress) progress.hidden = true;
      status(t("checkFailed", error instanceof Error ? error.message : String(error)));
      return;
    }
    if (generation !== runs) return;
    if (progress) progress.hidden = true;
    report = answer;
    showCheckResult(doc, report);
    await showCheckExports({ api, t, links, $ }, report);
    await showRemembered();
    status(t("checkDone"));
  }

  const actions: Actions = {
    run,
    forget: async () => {
      await showRemembered(true);
      status(t("checkForgotten"));
    },
    "copy-markdown": async () => {
      if (report) status(t((await copyText(env.clipboard, renderCheckMarkdown(report))) ? "copyDone" : "copyFailed"));
    },
  };
  wireActionButtons(doc, actions, (error) => status(String(error)));
  langSelect?.addEventListener("change", () => {
    lang = langSelect.value === "ja" ? "ja" : "en";
  });

  async function start(): Promise<void> {
    const settings = await loadSettings(api.storage.sync, api.storage.managed);
    if (cloudSelect) cloudSelect.value = initialCloud(params.get("cloud"), settings.cloud);
    const hosts = params.get("hosts");
    if (hosts && hostsInput) hostsInput.value = hosts;
    await showRemembered();
    if (params.get("run") !== "0") await run();
  }

  return { loaded: start(), run };
}
