/**
 * "What was checked": the browser entries studio needs in one cloud, each with what a tab's
 * diagnosis saw of it (reached, blocked, not seen yet) and, for what was not seen, the studio page
 * that uses it. It turns "nothing blocked" into "these work, these were not tried: open a terminal",
 * which is the next step for a data scientist whose studio still fails.
 * Entries: https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall
 */
import type { Catalog, CatalogEntry, Cloud, Lang, Localized } from "./catalog/types.js";
import { isChannelBlocked, type DiagnosisState, type HostState } from "./diagnosis-state.js";
import { getOwn } from "./own-properties.js";
import type { ReportChecklistItem, ReportChecklistStatus } from "./report-schema.js";
import { selectEntries } from "./selection.js";

interface Wording {
  name: Localized;
  /** The studio page or action that makes the browser use the entry. */
  hint: Localized;
}

const OPEN_WORKSPACE: Localized = { en: "Open a workspace.", ja: "ワークスペースを開いてください。" };
const OPEN_NOTEBOOKS: Localized = { en: "Open Notebooks.", ja: "「ノートブック」を開いてください。" };
const SIGN_IN_AGAIN: Localized = {
  en: "Used only at sign-in; to check it, sign out of studio and sign in again.",
  ja: "サインイン時にだけ使われます。確認するには、スタジオからサインアウトして、もう一度サインインしてください。",
};

/**
 * Names and hints by entry id; an Azure Government or Azure China entry (`api-usgov`) takes its
 * public counterpart's (`api`): the checklist lists one cloud, so the cloud need not be named.
 */
const WORDING: Record<string, Wording> = {
  studio: {
    name: { en: "Studio itself", ja: "スタジオ本体" },
    hint: { en: "Reload studio in this tab.", ja: "このタブでスタジオを再読み込みしてください。" },
  },
  "entra-id": {
    name: { en: "Sign-in (Microsoft Entra ID)", ja: "サインイン (Microsoft Entra ID)" },
    hint: SIGN_IN_AGAIN,
  },
  "sign-in-assets": {
    name: { en: "Sign-in page scripts and styles", ja: "サインイン画面のスクリプトとスタイル" },
    hint: SIGN_IN_AGAIN,
  },
  "microsoft-account": {
    name: { en: "Microsoft account sign-in", ja: "Microsoft アカウントでのサインイン" },
    hint: SIGN_IN_AGAIN,
  },
  arm: {
    name: {
      en: "Azure Resource Manager (workspaces, compute)",
      ja: "Azure Resource Manager (ワークスペース、コンピューティング)",
    },
    hint: {
      en: "Open the list of workspaces, or the Compute page.",
      ja: "ワークスペースの一覧か「コンピューティング」ページを開いてください。",
    },
  },
  api: { name: { en: "Azure ML service API", ja: "Azure Machine Learning の API" }, hint: OPEN_WORKSPACE },
  "api-azureml-net": {
    name: { en: "Azure ML service API (azureml.net)", ja: "Azure Machine Learning の API (azureml.net)" },
    hint: OPEN_WORKSPACE,
  },
  experiments: {
    name: { en: "Jobs and run history", ja: "ジョブと実行履歴" },
    hint: { en: "Open Jobs, then one job.", ja: "「ジョブ」を開き、ジョブを 1 つ開いてください。" },
  },
  "model-management": {
    name: { en: "Model registration and deployment", ja: "モデルの登録とデプロイ" },
    hint: { en: "Open Models.", ja: "「モデル」を開いてください。" },
  },
  notebooks: { name: { en: "Notebooks", ja: "ノートブック" }, hint: OPEN_NOTEBOOKS },
  "notebook-content": {
    name: { en: "Notebooks content", ja: "ノートブックのコンテンツ" },
    hint: { en: "Open a notebook file in Notebooks.", ja: "「ノートブック」でノートブック ファイルを開いてください。" },
  },
  storage: {
    name: { en: "Workspace storage (files, data)", ja: "ワークスペースのストレージ (ファイル、データ)" },
    hint: {
      en: "Open a file in Notebooks, or preview a data asset.",
      ja: "ノートブックでファイルを開くか、データ資産をプレビューしてください。",
    },
  },
  graph: { name: { en: "Microsoft Graph (Notebooks)", ja: "Microsoft Graph (ノートブック)" }, hint: OPEN_NOTEBOOKS },
  "aad-graph": {
    name: { en: "Azure AD Graph (compute)", ja: "Azure AD Graph (コンピューティング)" },
    hint: { en: "Open the Compute page.", ja: "「コンピューティング」ページを開いてください。" },
  },
  "compute-instance": {
    name: { en: "Compute instance (kernels, terminals)", ja: "コンピューティング インスタンス (カーネル、ターミナル)" },
    hint: {
      en: "Open a terminal, or run a notebook cell, on a running compute instance.",
      ja: "実行中のコンピューティング インスタンスでターミナルを開くか、ノートブックのセルを実行してください。",
    },
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

/** The entry's name in the checklist: its own wording, else its purpose up to the first pause. */
function nameOf(entry: CatalogEntry, lang: Lang): string {
  const wording = getOwn(WORDING, baseId(entry.id));
  if (wording) return wording.name[lang];
  const purpose = entry.purpose[lang];
  const cut = purpose.search(/: |, | \(|（|、/);
  return (cut > 0 ? purpose.slice(0, cut) : purpose).trim();
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
    const item: ReportChecklistItem = { entry: entry.id, name: nameOf(entry, lang), status };
    if (entry.websocket) item.websocket = websocketStatus(hosts);
    const wording = getOwn(WORDING, baseId(entry.id));
    if (status === "not-seen" && wording) item.hint = wording.hint[lang];
    else if (status === "reached" && item.websocket === "not-seen") item.hint = WEBSOCKET_HINT[lang];
    items.push(item);
  }
  // Azure Government and Azure China list some public entries beside their own (two "Compute
  // instance" lines): such names get the entry's first pattern, so the lines can be told apart.
  const byName = new Map<string, number>();
  for (const item of items) byName.set(item.name, (byName.get(item.name) ?? 0) + 1);
  for (const item of items) {
    const entry = selection.entries.find((candidate) => candidate.id === item.entry)!;
    if (byName.get(item.name)! > 1) item.name = `${item.name} (${entry.patterns[0]!})`;
  }
  return items;
}
