/**
 * The words of the IT reports, in English and in Japanese as a Japanese IT administrator writes a
 * ticket (です・ます, Microsoft's katakana: プロキシ, ファイアウォール, ブラウザー).
 */
import type { Lang } from "./catalog/types.js";
import type { FailureKind } from "./observation.js";

/** 12345 → "12,345" without Intl, so reports read the same everywhere. */
function group(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export interface KindText {
  /** Short label for tables. */
  label: string;
  /** What to ask IT, one sentence. */
  advice: string;
  /**
   * Who acts, as a heading of the report's "What to ask IT" (DNS, proxy, TLS inspection, firewall);
   * kinds with the same action share one group. A kind without one is grouped under "other".
   */
  action?: string;
}

export const KIND_TEXT: Record<Lang, Record<FailureKind, KindText>> = {
  en: {
    dns: {
      label: "DNS name not resolved",
      advice: "Make these names resolve from this network (public DNS, or the private DNS zones of the workspace's private endpoints). Opening the firewall does not help until they resolve.",
      action: "DNS: make the names resolve (or the private DNS zone)",
    },
    "proxy-refused": {
      label: "Refused by the proxy",
      advice: "The proxy refuses these hosts: add them to the proxy's allow-list.",
      action: "Proxy: add to the allow-list",
    },
    "proxy-auth": {
      label: "Proxy asks for sign-in (HTTP 407)",
      advice: "The proxy asks for sign-in (HTTP 407): let these hosts through without proxy authentication, or make sure the browser can authenticate on its own (Kerberos/NTLM). The hosts need no firewall change.",
      action: "Proxy: sign-in (authentication)",
    },
    "proxy-unreachable": {
      label: "Proxy or PAC file unreachable",
      advice: "The browser cannot reach its proxy or PAC file: check this PC's proxy settings.",
      action: "This PC's proxy settings",
    },
    tls: {
      label: "TLS inspection or certificate error",
      advice: "A TLS-inspecting device replaces the certificate: exclude these hosts from TLS inspection, or deploy its root certificate to this PC.",
      action: "TLS inspection: exclude the hosts, or deploy the root certificate",
    },
    connection: {
      label: "Connection refused or reset",
      advice: "Connections are refused or reset: allow outbound connections to these hosts in the firewall.",
      action: "Firewall: allow outbound",
    },
    timeout: {
      label: "No response (timeout)",
      advice: "Requests get no answer, which usually means a firewall drops the traffic silently: allow it.",
      action: "Firewall: allow outbound",
    },
    websocket: {
      label: "WebSocket upgrade refused",
      advice: "HTTPS to these hosts works but WebSocket upgrades are refused: let WebSocket (HTTP Upgrade to wss://) pass through the proxy and the firewall for these hosts.",
      action: "Proxy and firewall: let WebSocket pass",
    },
    policy: {
      label: "Blocked by browser policy",
      advice: "A browser policy or an administrator's URL block list blocks these hosts: remove them from the block list.",
      action: "Browser policy: remove from the URL block list",
    },
    other: {
      label: "Other failure",
      advice: "The failure has no known cause: see the raw browser error.",
      action: "Look into the browser error",
    },
    "blocked-by-client": {
      label: "Blocked by another browser extension",
      advice: "Another extension (an ad or content blocker) blocked these requests; this is not the network.",
    },
    ignored: { label: "Ignored (aborted or cache miss)", advice: "" },
  },
  ja: {
    dns: {
      label: "DNS の名前解決に失敗",
      advice: "この環境からこれらのホスト名を名前解決できるようにしてください (パブリック DNS、またはワークスペースのプライベート エンドポイント用プライベート DNS ゾーン)。名前解決できるまでは、ファイアウォールを開放しても解消しません。",
      action: "DNS: 名前解決 (またはプライベート DNS ゾーン) の設定",
    },
    "proxy-refused": {
      label: "プロキシが接続を拒否",
      advice: "プロキシがこれらのホストへの接続を拒否しています。プロキシの許可リストに追加してください。",
      action: "プロキシ: 許可リストへの追加",
    },
    "proxy-auth": {
      label: "プロキシ認証が必要 (HTTP 407)",
      advice: "プロキシが認証を要求しています (HTTP 407)。これらのホストを認証なしで通すか、ブラウザーが自動で認証できる (Kerberos/NTLM) ように設定してください。ファイアウォールの変更は不要です。",
      action: "プロキシ: 認証の設定",
    },
    "proxy-unreachable": {
      label: "プロキシまたは PAC ファイルに接続できない",
      advice: "ブラウザーがプロキシまたは PAC ファイルに接続できません。この PC のプロキシ設定を確認してください。",
      action: "この PC のプロキシ設定",
    },
    tls: {
      label: "TLS インスペクション (SSL 復号) または証明書エラー",
      advice: "TLS インスペクション (SSL 復号) の装置が証明書を差し替えています。これらのホストを TLS インスペクションの対象から除外するか、その装置のルート証明書をこの PC に配布してください。",
      action: "TLS インスペクション: 対象からの除外、またはルート証明書の配布",
    },
    connection: {
      label: "接続が拒否またはリセットされた",
      advice: "接続が拒否またはリセットされています。ファイアウォールでこれらのホストへの送信方向の通信を許可してください。",
      action: "ファイアウォール: 送信方向の通信の許可",
    },
    timeout: {
      label: "応答なし (タイムアウト)",
      advice: "応答が返ってきません。ファイアウォールが通信を破棄している可能性が高いため、通信を許可してください。",
      action: "ファイアウォール: 送信方向の通信の許可",
    },
    websocket: {
      label: "WebSocket 接続 (Upgrade) が拒否された",
      advice: "これらのホストへの HTTPS 通信はできていますが、WebSocket 接続 (Upgrade) が拒否されています。プロキシとファイアウォールで、これらのホストへの WebSocket (wss:// への HTTP Upgrade) を通過させてください。",
      action: "プロキシとファイアウォール: WebSocket の通過",
    },
    policy: {
      label: "ブラウザーのポリシーでブロック",
      advice: "ブラウザーのポリシーまたは管理者の URL ブロック リストでブロックされています。ブロック リストから除外してください。",
      action: "ブラウザーのポリシー: URL ブロック リストからの除外",
    },
    other: {
      label: "その他のエラー",
      advice: "原因を特定できないエラーです。ブラウザーのエラー文字列を確認してください。",
      action: "ブラウザーのエラーの確認",
    },
    "blocked-by-client": {
      label: "別のブラウザー拡張機能がブロック",
      advice: "別の拡張機能 (広告ブロッカーなど) がこれらの通信をブロックしました。ネットワークの問題ではありません。",
    },
    ignored: { label: "対象外 (中断またはキャッシュ ミス)", advice: "" },
  },
};

export interface ReportText {
  title(count: number): string;
  titleNone: string;
  generated(date: string, tool: string, catalog: string): string;
  source: Record<string, string>;
  studioMissing: string;
  whatIsBlocked: string;
  whatToOpen: string;
  details: string;
  unmatched: string;
  information: string;
  reachable: string;
  notes: string;
  nothingBlocked: string;
  /** "Allow HTTPS to X on Y": only for the kinds whose cause is the firewall (refused, reset, timeout). */
  allow(patterns: string, ports: string): string;
  /** The first advice sentence: Microsoft's patterns, and the exact hosts seen when they differ. */
  target(patterns: string, hosts: string): string;
  targetPatternsOnly(patterns: string): string;
  /** The label of the Microsoft page that documents an entry. */
  reference: string;
  /** The heading of kinds that name no action of their own. */
  otherAction: string;
  /** The allow-list's comment lines. */
  allowListHead: string;
  allowListExact: string;
  /** A HAR (or a tab) with no request to any studio or catalog host. */
  noStudioTraffic: string;
  titleNoStudio: string;
  /** The opening sentence of a report with findings: why the ticket is raised (a Japanese request form asks for 利用目的). */
  request: string;
  /** diagnose's one line on stderr: what was found, and where the report went. */
  written(findings: number, path: string): string;
  allowWebSocket: string;
  /** Ports of the service that studio did not use here (compute or private-endpoint set-ups). */
  otherPorts(ports: string): string;
  websocketRequired: string;
  websocketNotNeeded: string;
  probed: string;
  breaks: string;
  /** Labels of the details: what the entry is for, and "seen" before the exact hosts. */
  purpose: string;
  seen: string;
  channel: Record<"https" | "websocket", string>;
  columns: {
    host: string;
    channel: string;
    kind: string;
    error: string;
    count: string;
    firstSeen: string;
    lastSeen: string;
  };
  csv: {
    status: string;
    entry: string;
    host: string;
    websocket: string;
    kind: string;
    label: string;
    error: string;
    count: string;
    firstSeen: string;
    lastSeen: string;
    patterns: string;
    ports: string;
    needsWebSocket: string;
    advice: string;
    /** The times in the reader's zone; the header adds the zone. */
    firstSeenLocal: string;
    lastSeenLocal: string;
  };
  status: { blocked: string; unmatched: string; information: string; reachable: string };
  yes: string;
  no: string;
  overflow(count: number, entry: string): string;
  unmatchedOverflow(count: number): string;
  stats(observations: number, probes: number): string;
  separator: string;
}

export const REPORT_TEXT: Record<Lang, ReportText> = {
  en: {
    title: (n) => `Azure Machine Learning: the network blocks ${n} ${n === 1 ? "endpoint" : "endpoints"}`,
    titleNone: "Azure Machine Learning: no blocked endpoints found",
    generated: (date, tool, catalog) => `Generated ${date} by ${tool} (endpoint catalog ${catalog}).`,
    source: { extension: "Source: requests the browser extension watched.", har: "Source: a HAR file saved from the browser's developer tools." },
    studioMissing: "No Azure Machine Learning studio page was open in this tab; open studio and use it, then check again.",
    whatIsBlocked: "What is blocked",
    whatToOpen: "What to ask IT",
    details: "Details",
    unmatched: "Other hosts that failed (not in the Azure ML endpoint catalog)",
    information: "For information: blocked inside the browser",
    reachable: "Endpoints that work",
    notes: "Notes",
    nothingBlocked: "No Azure ML endpoint was seen blocked.",
    allow: (patterns, ports) => `Allow HTTPS to ${patterns} on ${ports}.`,
    target: (patterns, hosts) => `Microsoft's pattern: ${patterns} (hosts seen here: ${hosts}).`,
    targetPatternsOnly: (patterns) => `Hosts: ${patterns}.`,
    reference: "Microsoft documentation",
    otherAction: "Other",
    allowListHead: "Azure Machine Learning: Microsoft's patterns to allow (pattern, ports, WebSocket)",
    allowListExact: "Or, as a minimum, the exact hosts seen blocked:",
    titleNoStudio: "Azure Machine Learning: no studio traffic to diagnose",
    request: "We use Azure Machine Learning studio for our work. Please make the changes below so that it works on this network.",
    written: (n, path) => `${n} Azure ML ${n === 1 ? "endpoint" : "endpoints"} blocked; report written to ${path}.`,
    noStudioTraffic: "This input has no Azure Machine Learning studio traffic (no request to ml.azure.com or any catalog host). Save the HAR from the studio tab while reproducing the problem.",
    allowWebSocket: "Allow WebSocket upgrades (wss://) to them as well.",
    otherPorts: (ports) => `The service also uses ${ports} in some set-ups (compute instances, private endpoints); studio did not need them here.`,
    websocketRequired: "WebSocket required",
    websocketNotNeeded: "no WebSocket",
    probed: "cause found by probing the host over HTTPS",
    breaks: "What breaks in studio",
    purpose: "What it is for",
    seen: "seen",
    channel: { https: "HTTPS", websocket: "WebSocket" },
    columns: { host: "Host", channel: "Channel", kind: "Failure", error: "Browser error", count: "Count", firstSeen: "First seen", lastSeen: "Last seen" },
    csv: {
      status: "status",
      entry: "entry",
      host: "host",
      websocket: "websocket",
      kind: "kind",
      label: "failure",
      error: "error",
      count: "count",
      firstSeen: "first_seen",
      lastSeen: "last_seen",
      patterns: "patterns",
      ports: "ports",
      needsWebSocket: "entry_needs_websocket",
      advice: "advice",
      firstSeenLocal: "first_seen_local",
      lastSeenLocal: "last_seen_local",
    },
    status: { blocked: "blocked", unmatched: "unmatched", information: "information", reachable: "reachable" },
    yes: "yes",
    no: "no",
    overflow: (n, entry) => `${n} more ${n === 1 ? "host" : "hosts"} of ${entry} failed but ${n === 1 ? "is" : "are"} not listed (list limit).`,
    unmatchedOverflow: (n) => `${n} more ${n === 1 ? "host" : "hosts"} outside the catalog failed but ${n === 1 ? "is" : "are"} not listed (list limit).`,
    stats: (observations, probes) => `${group(observations)} ${observations === 1 ? "request" : "requests"} checked${probes > 0 ? `, ${probes} ${probes === 1 ? "probe" : "probes"}` : ""}.`,
    separator: ", ",
  },
  ja: {
    title: (n) => `Azure Machine Learning: ネットワークでブロックされているエンドポイントが ${n} 件あります`,
    titleNone: "Azure Machine Learning: ブロックされているエンドポイントは見つかりませんでした",
    generated: (date, tool, catalog) => `${date} に ${tool} で作成 (エンドポイント カタログ ${catalog})。`,
    source: { extension: "取得元: ブラウザー拡張機能が監視した通信。", har: "取得元: ブラウザーの開発者ツールで保存した HAR ファイル。" },
    studioMissing: "このタブでは Azure Machine Learning スタジオが開かれていませんでした。スタジオを開いて操作してから、もう一度確認してください。",
    whatIsBlocked: "ブロックされている接続先",
    whatToOpen: "IT 部門への依頼内容",
    details: "詳細",
    unmatched: "その他の失敗したホスト (Azure ML のエンドポイント カタログ外)",
    information: "参考: ブラウザー内でブロックされた通信",
    reachable: "正常に通信できているエンドポイント",
    notes: "補足",
    nothingBlocked: "ブロックされている Azure ML のエンドポイントは見つかりませんでした。",
    allow: (patterns, ports) => `${patterns} への HTTPS 通信 (${ports}) を許可してください。`,
    target: (patterns, hosts) => `Microsoft のパターン: ${patterns} (今回検出したホスト: ${hosts})。`,
    targetPatternsOnly: (patterns) => `対象ホスト: ${patterns}。`,
    reference: "Microsoft のドキュメント",
    otherAction: "その他",
    allowListHead: "Azure Machine Learning: 許可が必要な Microsoft のパターン (パターン、ポート、WebSocket)",
    allowListExact: "最小限にする場合は、今回ブロックを検出したホスト名:",
    titleNoStudio: "Azure Machine Learning: 診断できるスタジオの通信がありません",
    request: "業務で Azure Machine Learning スタジオを利用するため、以下の対応をお願いいたします。",
    written: (n, path) => `ブロックされている Azure ML のエンドポイント: ${n} 件。レポートを ${path} に保存しました。`,
    noStudioTraffic: "この入力には Azure Machine Learning スタジオの通信 (ml.azure.com やカタログのホストへの通信) が含まれていません。問題を再現しながら、スタジオのタブで HAR を保存してください。",
    allowWebSocket: "あわせて WebSocket (wss://) のアップグレードも許可してください。",
    otherPorts: (ports) => `このサービスは構成によっては ${ports} も使用します (コンピューティング インスタンスやプライベート エンドポイントの場合)。今回のスタジオの通信では使用されていません。`,
    websocketRequired: "WebSocket 必須",
    websocketNotNeeded: "WebSocket 不要",
    probed: "HTTPS でホストに接続を試して原因を特定",
    breaks: "スタジオで使えなくなる機能",
    purpose: "用途",
    seen: "検出したホスト",
    channel: { https: "HTTPS", websocket: "WebSocket" },
    columns: { host: "ホスト", channel: "通信", kind: "エラーの種類", error: "ブラウザーのエラー", count: "回数", firstSeen: "初回", lastSeen: "最終" },
    csv: {
      status: "状態",
      entry: "エントリ",
      host: "ホスト",
      websocket: "WebSocket",
      kind: "種類 ID",
      label: "エラーの種類",
      error: "エラー",
      count: "回数",
      firstSeen: "初回",
      lastSeen: "最終",
      patterns: "パターン",
      ports: "ポート",
      needsWebSocket: "WebSocket 必須",
      advice: "対応",
      firstSeenLocal: "初回 (現地時刻)",
      lastSeenLocal: "最終 (現地時刻)",
    },
    status: { blocked: "ブロック", unmatched: "カタログ外", information: "参考", reachable: "正常" },
    yes: "はい",
    no: "いいえ",
    overflow: (n, entry) => `${entry} のほかに ${n} 件のホストで失敗がありましたが、件数の上限のため一覧には載せていません。`,
    unmatchedOverflow: (n) => `カタログ外のほかに ${n} 件のホストで失敗がありましたが、件数の上限のため一覧には載せていません。`,
    stats: (observations, probes) => `確認した通信: ${group(observations)} 件${probes > 0 ? ` (接続テスト ${probes} 件)` : ""}。`,
    separator: "、",
  },
};

/** What the HAR reader says about the file, in the report's language. */
export interface HarText {
  truncated(reason: string, entries: number): string;
  skipped(count: number): string;
  overLimit(limit: number, total: number): string;
  noReason(count: number): string;
  unsettled(count: number, hosts: string): string;
}

export const HAR_TEXT: Record<Lang, HarText> = {
  en: {
    truncated: (reason, n) => `The HAR file is cut off or broken (${reason}); the report covers the ${n} complete ${n === 1 ? "entry" : "entries"} before that point.`,
    skipped: (n) => `${n} HAR ${n === 1 ? "entry was" : "entries were"} skipped: no request URL or no start time.`,
    overLimit: (limit, total) => `Only the first ${group(limit)} of ${group(total)} HAR entries were read.`,
    noReason: (n) =>
      `${n} ${n === 1 ? "request has" : "requests have"} no response and no saved error: Firefox does not save why a request failed, and requests still running when the HAR was saved look the same.`,
    unsettled: (n, hosts) =>
      `Requests to ${n} ${n === 1 ? "host" : "hosts"} failed without a cause a HAR can show (${hosts}); Chromium reports CORS rejections the same way. These hosts are not counted as blocked; the browser extension probes them to tell.`,
  },
  ja: {
    truncated: (reason, n) => `HAR ファイルが途中で切れているか壊れています (${reason})。その手前までの ${n} 件のエントリを対象にしています。`,
    skipped: (n) => `要求 URL または開始時刻がない HAR エントリ ${n} 件を読み飛ばしました。`,
    overLimit: (limit, total) => `HAR エントリ ${group(total)} 件のうち、先頭の ${group(limit)} 件だけを読み込みました。`,
    noReason: (n) =>
      `応答もエラーも記録されていない通信が ${n} 件あります。Firefox は失敗の理由を HAR に保存しません。また、HAR の保存時に実行中だった通信も同じように記録されます。`,
    unsettled: (n, hosts) =>
      `${n} 件のホストへの通信が、HAR からは原因を判別できない形で失敗しています (${hosts})。Chromium では CORS による拒否も同じように記録されます。これらのホストはブロックとして数えていません。ブラウザー拡張機能を使うと、ホストへの接続テストで原因を判別できます。`,
  },
};
