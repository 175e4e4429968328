/**
 * Texts that several clouds' entries share, written once so the public, Government and 21Vianet
 * wording cannot drift apart. A purpose takes the cloud and names it; names, `breaks` and `optional`
 * texts are the same in every cloud (a report or list already says which cloud it is about).
 */
import type { Cloud, Localized } from "./types.js";

/** How a purpose names its cloud: nothing for the public cloud. */
const IN: Record<Cloud, Localized> = {
  public: { en: "", ja: "" },
  usgov: { en: " in Azure Government", ja: "Azure Government の" },
  china: { en: " in Azure operated by 21Vianet", ja: "Azure China（21Vianet）の" },
};

function purpose(cloud: Cloud, en: (where: string) => string, ja: (where: string) => string): Localized {
  // Japanese puts a space between kana and a Latin word ("Azure Government の Microsoft Entra ID")
  // but none between kana ("Azure Government のモデル"), so the cloud's "の" takes one only before Latin.
  const text = ja(IN[cloud].ja);
  const where = IN[cloud].ja;
  const spaced =
    where !== "" && text.startsWith(where) && /^[A-Za-z]/.test(text.slice(where.length))
      ? `${where} ${text.slice(where.length)}`
      : text;
  return { en: en(IN[cloud].en), ja: spaced };
}

/** Short names of the entries every cloud has its own copy of (one per cloud, so never twice in a cloud). */
export const NAME = {
  studio: { en: "Azure Machine Learning studio", ja: "Azure Machine Learning スタジオ" },
  entraId: { en: "Microsoft Entra ID", ja: "Microsoft Entra ID" },
  arm: { en: "Azure Resource Manager", ja: "Azure Resource Manager" },
  api: { en: "Azure Machine Learning API", ja: "Azure Machine Learning の API" },
  modelManagement: { en: "Model registration and deployment", ja: "モデルの登録とデプロイ" },
  notebooks: { en: "Studio Notebooks", ja: "スタジオのノートブック" },
  storage: { en: "Workspace storage (files, data)", ja: "ワークスペースのストレージ（ファイル、データ）" },
  graph: { en: "Microsoft Graph", ja: "Microsoft Graph" },
  computeInstanceManagement: { en: "Compute instance management", ja: "コンピューティング インスタンスの管理用通信" },
  microsoftStorage: { en: "Table and queue storage", ja: "テーブル/キュー ストレージ" },
  keyVault: { en: "Key Vault of the Batch back end", ja: "Batch バックエンドの Key Vault" },
  onlineEndpoints: { en: "Managed online endpoints", ja: "マネージド オンライン エンドポイント" },
  batchAi: { en: "Batch AI compute (2020)", ja: "Batch AI のコンピューティング（2020 年当時）" },
} as const satisfies Record<string, Localized>;

export const PURPOSE = {
  entraId: (cloud: Cloud) =>
    purpose(
      cloud,
      (w) => `Microsoft Entra ID${w}: sign-in and the tokens studio, the SDK and compute use`,
      (w) => `${w}Microsoft Entra ID によるサインインとアクセス トークンの取得`,
    ),
  arm: (cloud: Cloud) =>
    purpose(
      cloud,
      (w) =>
        `Azure Resource Manager${w} and the portal's endpoint for it: workspace details, compute create/start/stop, role checks`,
      (w) =>
        `${w}Azure Resource Manager と Azure portal のエンドポイント（ワークスペース情報の取得、コンピューティングの作成・起動・停止、権限の確認）`,
    ),
  api: (cloud: Cloud) =>
    purpose(
      cloud,
      (w) =>
        `Azure ML service API${w}: jobs, run history, data, models, environments, registries (regional and per-workspace hosts)`,
      (w) => `${w}Azure Machine Learning の API（ジョブ、実行履歴、データ、モデル、環境、レジストリなど）`,
    ),
  modelManagement: (cloud: Cloud) =>
    purpose(
      cloud,
      (w) => `Model registration and deployment${w}`,
      (w) => `${w}モデルの登録とデプロイ`,
    ),
  notebooks: (cloud: Cloud) =>
    purpose(
      cloud,
      (w) => `Studio's integrated Notebooks${w}: the file tree, editor and notebook service`,
      (w) => `${w}スタジオのノートブック機能（ファイル一覧、エディター）`,
    ),
  storage: (cloud: Cloud) =>
    purpose(
      cloud,
      (w) => `The workspace storage accounts${w}: notebook files, datasets, data preview, job outputs`,
      (w) =>
        `${w}ワークスペースのストレージ アカウント（ノートブックのファイル、データセット、データのプレビュー、ジョブの出力）`,
    ),
  graph: (cloud: Cloud) =>
    purpose(
      cloud,
      (w) => `Microsoft Graph${w}, used by studio's integrated Notebooks`,
      (w) => `${w}Microsoft Graph（スタジオのノートブック機能が使用）`,
    ),
  computeInstance: (cloud: Cloud) =>
    purpose(
      cloud,
      (w) => `Compute instance${w}: Jupyter, JupyterLab, terminal, RStudio and the notebook kernels behind studio`,
      (w) => `${w}コンピューティング インスタンス（Jupyter、JupyterLab、ターミナル、RStudio、ノートブックのカーネル）`,
    ),
  computeInstanceManagement: (cloud: Cloud) =>
    purpose(
      cloud,
      (w) => `Compute instance management channel${w} (create, update, delete)`,
      (w) => `${w}コンピューティング インスタンスの管理用通信（作成・更新・削除）`,
    ),
  microsoftStorage: (cloud: Cloud) =>
    purpose(
      cloud,
      (w) =>
        `Table and queue storage${w}: Microsoft-managed storage used by compute (Batch), and the workspace storage account's tables and queues that batch endpoints and ParallelRunStep use`,
      (w) =>
        `${w}テーブル/キュー ストレージ（コンピューティング（Batch）が使う Microsoft 管理のストレージと、バッチ エンドポイントや ParallelRunStep が使うワークスペースのストレージ アカウント）`,
    ),
  keyVault: (cloud: Cloud) =>
    purpose(
      cloud,
      (w) => `Azure Key Vault of the Azure Batch back end${w}, for workspaces created with hbi_workspace`,
      (w) => `${w}Azure Batch バックエンドが使う Azure Key Vault（hbi_workspace を有効にしたワークスペース）`,
    ),
  onlineEndpoints: (cloud: Cloud) =>
    purpose(
      cloud,
      (w) => `Scoring URLs of managed online endpoints${w}`,
      (w) => `${w}マネージド オンライン エンドポイントのスコアリング URL`,
    ),
  batchAi: (cloud: Cloud) =>
    purpose(
      cloud,
      (w) => `Compute clusters and instances${w} (2020-era Batch AI host)`,
      (w) => `${w}コンピューティング クラスター/インスタンス（2020 年当時の Batch AI のホスト）`,
    ),
} as const;

export const BREAKS = {
  studio: {
    en: "Studio does not open at all: the tab shows the browser's or the proxy's error page instead of the sign-in or home page.",
    ja: "スタジオの画面自体が表示されず、ブラウザーまたはプロキシのエラー ページになります。",
  },
  signIn: {
    en: "Sign-in never completes: studio keeps redirecting or shows a blank page, and the SDK/CLI cannot get a token.",
    ja: "サインインが完了せず、スタジオがリダイレクトを繰り返すか白い画面のままになります。SDK/CLI もトークンを取得できません。",
  },
  arm: {
    en: "Studio cannot list or open workspaces; the workspace picker stays empty and compute cannot be created, started or stopped.",
    ja: "ワークスペースの一覧や詳細を取得できず、ワークスペースを開けません。コンピューティングの作成・起動・停止もできません。",
  },
  api: {
    en: "Studio pages load but stay empty or show REQUEST_SEND_ERROR ('Your request for data wasn't sent'); jobs, data and models do not list.",
    ja: "スタジオの画面は開くものの中身が表示されず、REQUEST_SEND_ERROR（データの要求が送信されませんでした）になります。ジョブ、データ、モデルの一覧が取得できません。",
  },
  modelManagement: {
    en: "Registering or deploying models fails from studio and the SDK.",
    ja: "スタジオや SDK からモデルを登録・デプロイできません。",
  },
  notebooks: {
    en: "The Notebooks page shows no files and notebooks do not open.",
    ja: "ノートブックの画面にファイルが表示されず、ノートブックを開けません。",
  },
  storage: {
    en: "Studio cannot read the workspace storage: the Notebooks page shows no files or an error, data preview and upload fail, and job outputs do not download.",
    ja: "スタジオがワークスペースのストレージにアクセスできず、ノートブックの画面にファイルが表示されない（またはエラーになる）ほか、データのプレビューやアップロード、ジョブ出力のダウンロードもできません。",
  },
  graph: {
    en: "Parts of studio's integrated Notebooks that call Microsoft Graph fail; the docs do not say which.",
    ja: "Microsoft Graph を呼び出すノートブック機能の一部が動作しません（どの機能かはドキュメントに記載がありません）。",
  },
  computeInstance: {
    en: "Notebook kernels never connect and cells do not run; terminals stay blank; Jupyter and JupyterLab links fail or time out.",
    ja: "ノートブックのカーネルに接続できず、セルを実行できません。ターミナルも表示されず、Jupyter/JupyterLab のリンクも開けません。",
  },
  computeInstanceManagement: {
    en: "Compute instances get stuck creating or updating, or show as unhealthy.",
    ja: "コンピューティング インスタンスの作成や更新が完了しない、またはインスタンスが異常な状態になります。",
  },
  microsoftStorage: {
    en: "Compute nodes cannot report state or logs, and batch endpoints cannot queue their work; jobs may hang.",
    ja: "コンピューティング ノードが状態やログを送れず、バッチ エンドポイントも処理をキューに入れられないため、ジョブが止まることがあります。",
  },
  keyVault: {
    en: "In hbi_workspace workspaces, the Batch back end cannot read its key vault and compute fails to start jobs.",
    ja: "hbi_workspace を有効にしたワークスペースで、Batch バックエンドが Key Vault を読めず、コンピューティングでジョブを開始できません。",
  },
  onlineEndpoints: {
    en: "Calls to online endpoints fail, including the Test tab of an endpoint in studio.",
    ja: "オンライン エンドポイントを呼び出せません（スタジオのエンドポイントの [テスト] タブを含む）。",
  },
  legacyCompute: {
    en: "Nothing today: current compute no longer uses it.",
    ja: "現在のコンピューティングでは使用されないため、影響はありません。",
  },
  legacyUndescribed: {
    en: "Nothing today that the docs describe.",
    ja: "現行のドキュメント上、影響する機能はありません。",
  },
} as const satisfies Record<string, Localized>;

export const OPTIONAL = {
  hbiWorkspace: {
    en: "Only for workspaces created with hbi_workspace",
    ja: "hbi_workspace を有効にしたワークスペースの場合のみ",
  },
  onlineEndpoints: {
    en: "Only when you use managed online endpoints",
    ja: "マネージド オンライン エンドポイントを使う場合のみ",
  },
  legacy: {
    en: "Not needed today; kept so 2020-era allow-lists map",
    ja: "現在は不要（2020 年当時の許可リストとの対応のために掲載）",
  },
} as const satisfies Record<string, Localized>;
