/**
 * "What was checked": the browser entries studio needs in one cloud, each with what a tab's
 * diagnosis saw of it (reached, blocked, not seen yet) and, for what was not seen, the studio page
 * that uses it. It turns "nothing blocked" into "these work, these were not tried: open a terminal",
 * which is the next step for a data scientist whose studio still fails.
 * Entries: https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall
 */
import type { Catalog, Cloud, Lang, Localized } from "./catalog/types.js";
import { isChannelBlocked, type DiagnosisState, type HostState } from "./diagnosis-state.js";
import { getOwn } from "./own-properties.js";
import type { ReportChecklistItem, ReportChecklistStatus } from "./report-schema.js";
import { selectEntries } from "./selection.js";

const OPEN_WORKSPACE: Localized = { en: "Open a workspace.", ja: "ワークスペースを開いてください。" };
const OPEN_NOTEBOOKS: Localized = { en: "Open Notebooks.", ja: "「ノートブック」を開いてください。" };
const SIGN_IN_AGAIN: Localized = {
  en: "Used only at sign-in; to check it, sign out of studio and sign in again.",
  ja: "サインイン時にだけ使われます。確認するには、スタジオからサインアウトして、もう一度サインインしてください。",
};

/**
 * The studio page or action that makes the browser use each entry, by entry id; an Azure
 * Government or Azure China entry (`api-usgov`) takes its public counterpart's (`api`). Names are
 * the catalog's own (unique within a cloud), the same as on the cards.
 */
const HINTS: Record<string, Localized> = {
  studio: { en: "Reload studio in this tab.", ja: "このタブでスタジオを再読み込みしてください。" },
  "entra-id": SIGN_IN_AGAIN,
  "sign-in-assets": SIGN_IN_AGAIN,
  "microsoft-account": SIGN_IN_AGAIN,
  arm: {
    en: "Open the list of workspaces, or the Compute page.",
    ja: "ワークスペースの一覧か「コンピューティング」ページを開いてください。",
  },
  api: OPEN_WORKSPACE,
  "api-azureml-net": OPEN_WORKSPACE,
  experiments: { en: "Open Jobs, then one job.", ja: "「ジョブ」を開き、ジョブを 1 つ開いてください。" },
  "model-management": { en: "Open Models.", ja: "「モデル」を開いてください。" },
  notebooks: OPEN_NOTEBOOKS,
  "notebook-content": {
    en: "Open a notebook file in Notebooks.",
    ja: "「ノートブック」でノートブック ファイルを開いてください。",
  },
  storage: {
    en: "Open a file in Notebooks, or preview a data asset.",
    ja: "ノートブックでファイルを開くか、データ資産をプレビューしてください。",
  },
  graph: OPEN_NOTEBOOKS,
  "aad-graph": { en: "Open the Compute page.", ja: "「コンピューティング」ページを開いてください。" },
  "compute-instance": {
    en: "Open a terminal, or run a notebook cell, on a running compute instance.",
    ja: "実行中のコンピューティング インスタンスでターミナルを開くか、ノートブックのセルを実行してください。",
  },
};

const WEBSOCKET_HINT: Localized = {
  en: "HTTPS works, WebSocket not tried yet: open a terminal on a running compute instance.",
  ja: "HTTPS は通信できています。WebSocket はまだ試されていません。実行中のコンピューティング インスタンスでターミナルを開いてください。",
};

/** `api-usgov` → `api`, `sign-in-assets-china` → `sign-in-assets`. */
function baseId(id: string): string {
  return id.replace(/-(usgov|china)$/, "");
}

function hasAnswered(host: HostState): boolean {
  return (host.https?.ok ?? 0) > 0 || (host.websocket?.ok ?? 0) > 0 || host.evidence?.ok === true;
}

/** The WebSocket channel over the entry's hosts: blocked on any, else reached on any, else not seen. */
function websocketStatus(hosts: readonly HostState[]): ReportChecklistStatus {
  if (hosts.some((host) => isChannelBlocked(host.websocket, "websocket"))) return "blocked";
  return hosts.some((host) => (host.websocket?.ok ?? 0) > 0) ? "reached" : "not-seen";
}

export interface ChecklistOptions {
  catalog: Catalog;
  /** The cloud of the tab's studio (ml.azure.com: `public`). */
  cloud: Cloud;
  lang: Lang;
  /** Entry ids of the report's findings: blocked, whatever else their hosts did. */
  blocked: readonly string[];
}

/**
 * The checklist of a tab: every required browser entry of the cloud, plus optional ones the tab
 * used, in catalog order.
 * @example buildChecklist(state, { catalog, cloud: "public", lang: "en", blocked: ["notebooks"] })
 *   // [{ entry: "studio", name: "Studio itself", status: "reached" }, …,
 *   //  { entry: "compute-instance", …, status: "not-seen", websocket: "not-seen", hint: "open a terminal, …" }]
 */
export function buildChecklist(state: DiagnosisState, options: ChecklistOptions): ReportChecklistItem[] {
  const { lang } = options;
  const selection = selectEntries(options.catalog, { cloud: options.cloud });
  if (!selection.ok) return [];
  const blocked = new Set(options.blocked);
  const items: ReportChecklistItem[] = [];
  for (const entry of selection.entries) {
    const hosts = Object.values(getOwn(state.entries, entry.id)?.hosts ?? {});
    const seen = blocked.has(entry.id) || hosts.some(hasAnswered);
    if (!entry.required && !seen) continue;
    const status: ReportChecklistStatus = blocked.has(entry.id) ? "blocked" : seen ? "reached" : "not-seen";
    const item: ReportChecklistItem = { entry: entry.id, name: entry.name[lang], status };
    if (entry.websocket) item.websocket = websocketStatus(hosts);
    const hint = getOwn(HINTS, baseId(entry.id));
    if (status === "not-seen" && hint) item.hint = hint[lang];
    else if (status === "reached" && item.websocket === "not-seen") item.hint = WEBSOCKET_HINT[lang];
    items.push(item);
  }
  return items;
}
