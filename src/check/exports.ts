/** check.html's exports of a check report: Markdown to copy, CSV, JSON, and a PAC of what was found blocked. */
import { CATALOG } from "../core/catalog/index.js";
import { renderCheckCsv } from "../core/check-report.js";
import { renderPac } from "../core/pac.js";
import { renderJson } from "../core/render-report.js";
import type { Report } from "../core/report-schema.js";
import { selectEntries } from "../core/selection.js";
import type { ExtensionApi } from "../platform/api.js";
import { loadSettings } from "../settings.js";
import type { ExportLinks } from "../ui/export-links.js";
import { pacFileName, pacRoutesSet } from "../ui/files.js";
import type { Translate } from "../ui/i18n.js";

export interface CheckExportsPage {
  api: ExtensionApi;
  t: Translate;
  links: ExportLinks;
  $<T extends Element>(selector: string): T | null;
}

/** `aml-network-check-2026-12-01`: the local date of the check. */
export function checkFileStem(generatedAt: string): string {
  const date = new Date(generatedAt);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `aml-network-check-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Offers `text` as a download on the `action` link, or disables the link when there is none. */
function setExportLink(
  { $, links }: CheckExportsPage,
  action: string,
  text: string | undefined,
  fileName: string,
  type: string,
): void {
  const link = $<HTMLAnchorElement>(`a[data-action="${action}"]`);
  if (text === undefined) links.disable(link);
  else links.enable(link, text, fileName, type);
}

/** The check report's downloads and copy button; a PAC of the blocked entries once the two routes are set. */
export async function showCheckExports(page: CheckExportsPage, shown: Report): Promise<void> {
  const { api, t, $ } = page;
  const setLink = (action: string, text: string | undefined, fileName: string, type: string) =>
    setExportLink(page, action, text, fileName, type);
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
