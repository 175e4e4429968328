/**
 * The worker's answers to a page's requests about one tab (src/messages.ts, docs/messages.md):
 * `get-report` (the tab's report), `get-pac` (a PAC file for the tab's blocked entries or the whole
 * catalog) and `clear`. Each answer waits for the events queued before it.
 */
import type { Catalog, Cloud, Lang } from "../core/catalog/types.js";
import { blockedEntryIds, createState } from "../core/diagnosis-state.js";
import { hostOfUrl } from "../core/matcher.js";
import { renderPac } from "../core/pac.js";
import { buildReport } from "../core/report.js";
import type { Report } from "../core/report-schema.js";
import { selectEntries } from "../core/selection.js";
import { studioCloudOf } from "../core/studio.js";
import type { ErrorResponse, GetPacRequest, ResponseMap, TabRequest } from "../messages.js";
import type { ExtensionApi } from "../platform/api.js";
import { uiLang } from "../platform/quirks.js";
import type { Prober } from "./prober.js";
import type { SerialQueue } from "./serial-queue.js";
import type { SessionStore } from "./session-store.js";
import type { WorkerSettings } from "./worker-settings.js";

export interface AnswerDeps {
  api: Pick<ExtensionApi, "i18n" | "runtime">;
  catalog: Catalog;
  store: SessionStore;
  queue: SerialQueue;
  settings: WorkerSettings;
  prober: Prober;
  /** Shows the tab's badge again (after `clear`). */
  showBadge(tabId: number, force: boolean): void;
  /** Epoch milliseconds. */
  now(): number;
}

/** What the worker answers to a tab request: its entry in ResponseMap, or an error. */
type TabAnswer = ResponseMap[TabRequest["type"]] | ErrorResponse;

export async function answer(deps: AnswerDeps, request: TabRequest): Promise<TabAnswer> {
  await deps.queue.enqueue(() => undefined);
  switch (request.type) {
    case "clear":
      deps.store.clearTab(request.tabId);
      deps.showBadge(request.tabId, true);
      await deps.store.flush();
      return { ok: true };
    case "get-report": {
      const settings = await deps.settings.current();
      // A round may be about to start a probe; once rounds are done, outstanding probes are in the
      // store. No await between the last look at the rounds and reportFor: events keep being
      // handled during any await, and a failure reduced then (its round not yet done) would be
      // reported as a final `websocket` that the probe later turns into another kind.
      await deps.prober.settled();
      return reportFor(deps, request.tabId, request.lang ?? uiLang(deps.api), settings.cloud);
    }
    case "get-pac":
      return pacFor(deps, request);
  }
}

function reportFor(deps: AnswerDeps, tabId: number, lang: Lang, setting: Cloud | "all"): Report {
  const record = deps.store.tab(tabId);
  const studio = record?.state !== undefined || record?.studio === true;
  // The checklist lists the cloud of the tab's studio; Options' cloud when the origin says none.
  const host = record?.origin === undefined ? undefined : hostOfUrl(record.origin);
  const cloud = (host && studioCloudOf(deps.catalog, host)) || (setting === "all" ? "public" : setting);
  return buildReport(record?.state ?? createState(), {
    catalog: deps.catalog,
    lang,
    now: deps.now(),
    toolVersion: deps.api.runtime.getManifest().version,
    studio,
    source: "extension",
    privateRanges: deps.settings.ranges,
    probing: deps.prober.outstanding(),
    ...(studio ? { checklistCloud: cloud } : {}),
  });
}

/** The PAC file, with a header that says which entries it routes and where. */
async function pacFor(deps: AnswerDeps, request: GetPacRequest): Promise<ResponseMap["get-pac"] | ErrorResponse> {
  const { catalog, settings } = deps;
  const record = deps.store.tab(request.tabId);
  // A PAC follows the policy as it is now, not the copy the worker keeps for its first seconds.
  const current = await settings.live();
  const selection =
    request.scope === "blocked"
      ? selectEntries(catalog, { entries: record?.state ? blockedEntryIds(record.state, settings.ranges) : [] })
      : selectEntries(catalog, { cloud: current.cloud });
  if (!selection.ok) return { error: selection.error };
  const via = request.via ?? current.via;
  const fallback = request.default ?? current.default;
  return renderPac(selection.entries, {
    via,
    default: fallback,
    catalogVersion: catalog.version,
    toolVersion: deps.api.runtime.getManifest().version,
    comment: [
      request.scope === "blocked"
        ? "Entries found blocked in one studio tab by AML Network Doctor."
        : `Every browser entry (cloud: ${current.cloud}).`,
      `Azure ML hosts: ${via}; everything else: ${fallback}.`,
    ],
  });
}
