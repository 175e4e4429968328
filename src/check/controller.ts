/**
 * check.html, "Check this network": runs `run-check` when it opens and on request, shows
 * a progress bar from the worker's `check-progress` messages, then one row per host, and offers the
 * popup's exports for the check's report: Markdown to copy, CSV, JSON, and a PAC file for what was
 * found blocked. Downloads are blob links, as in the popup (no `downloads` permission).
 */
import { CATALOG } from "../core/catalog/index.js";
import { CLOUDS, type Cloud, type Lang } from "../core/catalog/types.js";
import { CHECK_TEXT, describeOutcome, renderCheckCsv, renderCheckMarkdown } from "../core/check-report.js";
import { renderPac } from "../core/pac.js";
import { selectEntries } from "../core/selection.js";
import { renderJson } from "../core/render-report.js";
import { REPORT_TEXT } from "../core/report-i18n.js";
import type { Report } from "../core/report-schema.js";
import { sendRequest, type CheckProgressMessage } from "../messages.js";
import type { ExtensionApi } from "../platform/api.js";
import { uiLang } from "../platform/quirks.js";
import { loadSettings } from "../settings.js";
import { pacFileName, pacRoutesSet } from "../ui/files.js";
import { ExportLinks } from "../ui/export-links.js";
import { localize, translator } from "../ui/i18n.js";

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

/** `aml-network-check-2026-12-01`: the local date of the check. */
export function checkFileStem(generatedAt: string): string {
  const date = new Date(generatedAt);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `aml-network-check-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function isProgress(message: unknown): message is CheckProgressMessage {
  const m = message as CheckProgressMessage | null;
  return !!m && m.type === "check-progress" && typeof m.done === "number" && typeof m.total === "number";
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

  api.runtime.onMessage.addListener((message) => {
    if (isProgress(message) && progress && !progress.hidden) {
      progress.max = Math.max(1, message.total);
      progress.value = message.done;
      status(t("checkRunning", [String(message.done), String(message.total)]));
    }
    return undefined;
  });

  function setLink(action: string, text: string | undefined, fileName: string, type: string): void {
    const link = $<HTMLAnchorElement>(`a[data-action="${action}"]`);
    if (text === undefined) links.disable(link);
    else links.enable(link, text, fileName, type);
  }

  function dropExports(): void {
    report = undefined;
    links.disableAll(doc, "a[data-action]");
    const copy = $<HTMLButtonElement>('[data-action="copy-markdown"]');
    if (copy) copy.disabled = true;
  }

  async function showRemembered(clear = false): Promise<void> {
    const answer = await sendRequest(
      api.runtime,
      clear ? { type: "check-hosts", clear: true } : { type: "check-hosts" },
    );
    const count = Object.values(answer.remembered).reduce((sum, hosts) => sum + hosts.length, 0);
    const element = $<HTMLElement>("#remembered");
    if (element) element.textContent = t("checkRemembered", String(count));
  }

  function renderTable(shown: Report): void {
    const text = CHECK_TEXT[shown.lang];
    const c = text.columns;
    const head = $<HTMLTableSectionElement>("#checks thead");
    const body = $<HTMLTableSectionElement>("#checks tbody");
    if (!head || !body) return;
    const headRow = doc.createElement("tr");
    for (const label of [c.entry, c.host, c.channel, c.outcome, c.ms, c.address]) {
      const th = doc.createElement("th");
      th.textContent = label;
      headRow.append(th);
    }
    head.replaceChildren(headRow);
    const rows = (shown.checks ?? []).map((check) => {
      const tr = doc.createElement("tr");
      tr.dataset.entry = check.entry;
      tr.dataset.host = check.host;
      tr.dataset.websocket = String(check.websocket);
      tr.dataset.outcome = check.outcome;
      if (check.outcome !== "reachable" && check.outcome !== "not-checked") tr.className = "blocked";
      const cell = (value: string | Node, className?: string) => {
        const td = doc.createElement("td");
        if (className) td.className = className;
        td.append(value);
        tr.append(td);
        return td;
      };
      const code = (value: string) => {
        const element = doc.createElement("code");
        element.textContent = value;
        return element;
      };
      cell(code(check.entry));
      cell(code(check.host));
      cell(text.channel[check.websocket ? "websocket" : "https"], "channel");
      const outcome = cell(describeOutcome(check, shown.lang), "outcome");
      if (check.error && check.outcome !== "not-checked") {
        outcome.append(" ");
        outcome.append(code(check.error));
      }
      cell(check.outcome === "not-checked" ? "" : `${check.ms} ms`, "ms");
      cell(check.address ?? "", "address");
      return tr;
    });
    body.replaceChildren(...rows);
  }

  async function exportsFor(shown: Report): Promise<void> {
    const stem = checkFileStem(shown.generatedAt);
    setLink("download-csv", renderCheckCsv(shown), `${stem}.csv`, "text/csv;charset=utf-8");
    setLink("download-json", renderJson(shown), `${stem}.json`, "application/json");
    const copy = $<HTMLButtonElement>('[data-action="copy-markdown"]');
    if (copy) copy.disabled = false;
    const settings = await loadSettings(api.storage.sync, api.storage.managed);
    const fileName = pacFileName("blocked", shown.generatedAt);
    // As in the popup: no PAC while its two routes are equal, which would send every site the same way.
    const routesSet = pacRoutesSet(settings);
    const routes = $<HTMLElement>("#pac-routes");
    if (routes) routes.textContent = routesSet ? t("pacRoutes", [settings.via, settings.default]) : t("pacNeedsRoutes");
    if (shown.findings.length === 0 || !routesSet) return setLink("download-pac", undefined, fileName, "");
    const selection = selectEntries(CATALOG, { entries: shown.findings.map((f) => f.entry) });
    if (!selection.ok) return setLink("download-pac", undefined, fileName, "");
    const pac = renderPac(selection.entries, {
      via: settings.via,
      default: settings.default,
      catalogVersion: CATALOG.version,
      toolVersion: api.runtime.getManifest().version,
      comment: [
        "Entries found blocked by a check of this network by AML Network Doctor.",
        `Azure ML hosts: ${settings.via}; everything else: ${settings.default}.`,
      ],
    });
    setLink("download-pac", pac, fileName, "application/x-ns-proxy-autoconfig");
  }

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
    const heading = doc.createElement("h2");
    heading.textContent =
      report.findings.length > 0
        ? REPORT_TEXT[report.lang].title(report.findings.length)
        : REPORT_TEXT[report.lang].titleNone;
    const line = doc.createElement("p");
    const checks = report.checks ?? [];
    const blocked = checks.filter((c) => c.outcome !== "reachable" && c.outcome !== "not-checked").length;
    const reachable = checks.filter((c) => c.outcome === "reachable").length;
    line.textContent = CHECK_TEXT[report.lang].summary(blocked, reachable, checks.length - blocked - reachable);
    summary?.replaceChildren(heading, line);
    summary?.classList.toggle("blocked", report.findings.length > 0);
    renderTable(report);
    await exportsFor(report);
    await showRemembered();
    status(t("checkDone"));
  }

  const actions: Record<string, () => Promise<unknown> | void> = {
    run,
    forget: async () => {
      await showRemembered(true);
      status(t("checkForgotten"));
    },
    "copy-markdown": async () => {
      if (!report) return;
      try {
        if (!env.clipboard) throw new Error("no clipboard");
        await env.clipboard.writeText(renderCheckMarkdown(report));
        status(t("copyDone"));
      } catch {
        status(t("copyFailed"));
      }
    },
  };
  for (const button of doc.querySelectorAll<HTMLButtonElement>("button[data-action]")) {
    const action = actions[button.dataset.action ?? ""];
    if (action)
      button.addEventListener(
        "click",
        () => void Promise.resolve(action()).catch((error: unknown) => status(String(error))),
      );
  }
  langSelect?.addEventListener("change", () => {
    lang = langSelect.value === "ja" ? "ja" : "en";
  });

  async function start(): Promise<void> {
    const settings = await loadSettings(api.storage.sync, api.storage.managed);
    const fromPage = params.get("cloud");
    const cloud: Cloud = (CLOUDS as readonly string[]).includes(fromPage ?? "")
      ? (fromPage as Cloud)
      : settings.cloud === "all"
        ? "public"
        : settings.cloud;
    if (cloudSelect) cloudSelect.value = cloud;
    const hosts = params.get("hosts");
    if (hosts && hostsInput) hostsInput.value = hosts;
    await showRemembered();
    if (params.get("run") !== "0") await run();
  }

  return { loaded: start(), run };
}
