/**
 * The words of the IT reports, in English and in Japanese as a Japanese IT administrator writes a
 * ticket (です・ます, Microsoft's katakana: プロキシ, ファイアウォール, ブラウザー).
 */
import type { Lang } from "./catalog/types.js";
import type { FailureKind } from "./observation.js";
import type { HarProblem, JsonProblem } from "./har.js";
import { MAX_HAR_DEPTH } from "./har-limits.js";

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
      advice:
        "Make these names resolve from this network (public DNS, or the private DNS zones of the workspace's private endpoints). Opening the firewall does not help until they resolve.",
      action: "DNS: make the names resolve (or the private DNS zone)",
    },
    "proxy-refused": {
      label: "Refused by the proxy",
      advice: "The proxy refuses these hosts: add them to the proxy's allow-list.",
      action: "Proxy: add to the allow-list",
    },
    "proxy-auth": {
      label: "Proxy asks for sign-in (HTTP 407)",
      advice:
        "The proxy asks for sign-in (HTTP 407): let these hosts through without proxy authentication, or make sure the browser can authenticate on its own (Kerberos/NTLM). The hosts need no firewall change.",
      action: "Proxy: sign-in (authentication)",
    },
    "proxy-unreachable": {
      label: "Proxy or PAC file unreachable",
      advice: "The browser cannot reach its proxy or PAC file: check this PC's proxy settings.",
      action: "This PC's proxy settings",
    },
    tls: {
      label: "TLS inspection or certificate error",
      advice:
        "A TLS-inspecting device replaces the certificate: exclude these hosts from TLS inspection, or deploy its root certificate to this PC.",
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
      advice:
        "HTTPS to these hosts works but WebSocket upgrades are refused: let WebSocket (HTTP Upgrade to wss://) pass through the proxy and the firewall for these hosts.",
      action: "Proxy and firewall: let WebSocket pass",
    },
    policy: {
      label: "Blocked by browser policy",
      advice:
        "A browser policy or an administrator's URL block list blocks these hosts: remove them from the block list.",
      action: "Browser policy: remove from the URL block list",
    },
    other: {
      label: "Other failure",
      advice: "The failure has no known cause: see the raw browser error.",
      action: "Look into the browser error",
    },
    "websocket-dropped": {
      label: "WebSocket connection dropped after it opened",
      advice:
        "Connections to these hosts open and are then cut without a close frame: a firewall or proxy ends them (often after an idle timeout); ask IT to raise the idle timeout for these hosts, or to allow WebSocket keep-alives.",
      action: "Proxy and firewall: keep WebSocket connections open (idle timeout)",
    },
    "websocket-protocol": {
      label: "WebSocket frames altered or limited",
      advice:
        "Connections to these hosts are closed with a protocol error (1002, 1007 or 1009): a filter between the browser and the host alters or limits WebSocket frames; exclude these hosts from content inspection.",
      action: "Content inspection: exclude the hosts",
    },
    // Answers that still mean broken.
    "private-dns": {
      label: "Private endpoint, but resolved to a public address",
      advice:
        "While names resolve to public addresses, Azure refuses studio's requests or they hang. The DNS this PC uses must forward the zones named here to Azure DNS (through a DNS server in the workspace's virtual network) or hold the private records; DNS over HTTPS in the browser must be off.",
      action: "DNS: make the names resolve (or the private DNS zone)",
    },
    "azure-refused": {
      label: "Azure refused this network (firewall or private link)",
      advice:
        "Azure itself refused the request because of where it came from: the storage account's or workspace's network rules do not admit this network. Reach them through their private endpoints, or ask the Azure administrator to add this network to the resource's allowed networks.",
      action: "Azure administrator: admit this network (resource network rules or private endpoints)",
    },
    "proxy-answered": {
      label: "The proxy answered instead of Azure (block page)",
      advice:
        "A proxy answered these requests itself (a block or error page) instead of passing them to Azure: add these hosts to the proxy's allow-list and exclude them from its content filtering.",
      action: "Proxy: add to the allow-list",
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
      advice:
        "この環境からこれらのホスト名を名前解決できるようにしてください（パブリック DNS、またはワークスペースのプライベート エンドポイント用プライベート DNS ゾーン）。名前解決できるまでは、ファイアウォールを開放しても解消しません。",
      action: "DNS: 名前解決（またはプライベート DNS ゾーン）の設定",
    },
    "proxy-refused": {
      label: "プロキシが接続を拒否",
      advice: "プロキシがこれらのホストへの接続を拒否しています。プロキシの許可リストに追加してください。",
      action: "プロキシ: 許可リストへの追加",
    },
    "proxy-auth": {
      label: "プロキシ認証が必要（HTTP 407）",
      advice:
        "プロキシが認証を要求しています（HTTP 407）。これらのホストを認証なしで通すか、ブラウザーが自動で認証できる（Kerberos/NTLM）ように設定してください。ファイアウォールの変更は不要です。",
      action: "プロキシ: 認証の設定",
    },
    "proxy-unreachable": {
      label: "プロキシまたは PAC ファイルに接続できない",
      advice: "ブラウザーがプロキシまたは PAC ファイルに接続できません。この PC のプロキシ設定を確認してください。",
      action: "この PC のプロキシ設定",
    },
    tls: {
      label: "TLS インスペクション（SSL 復号）または証明書エラー",
      advice:
        "TLS インスペクション（SSL 復号）の装置が証明書を差し替えています。これらのホストを TLS インスペクションの対象から除外するか、その装置のルート証明書をこの PC に配布してください。",
      action: "TLS インスペクション: 対象からの除外、またはルート証明書の配布",
    },
    connection: {
      label: "接続が拒否またはリセットされた",
      advice:
        "接続が拒否またはリセットされています。ファイアウォールでこれらのホストへの送信方向の通信を許可してください。",
      action: "ファイアウォール: 送信方向の通信の許可",
    },
    timeout: {
      label: "応答なし（タイムアウト）",
      advice: "応答が返ってきません。ファイアウォールが通信を破棄している可能性が高いため、通信を許可してください。",
      action: "ファイアウォール: 送信方向の通信の許可",
    },
    websocket: {
      label: "WebSocket 接続（Upgrade）が拒否された",
      advice:
        "これらのホストへの HTTPS 通信はできていますが、WebSocket 接続（Upgrade）が拒否されています。プロキシとファイアウォールで、これらのホストへの WebSocket（wss:// への HTTP Upgrade）を通過させてください。",
      action: "プロキシとファイアウォール: WebSocket の通過",
    },
    policy: {
      label: "ブラウザーのポリシーでブロック",
      advice:
        "ブラウザーのポリシーまたは管理者の URL ブロック リストでブロックされています。ブロック リストから除外してください。",
      action: "ブラウザーのポリシー: URL ブロック リストからの除外",
    },
    other: {
      label: "その他のエラー",
      advice: "原因を特定できないエラーです。ブラウザーのエラー文字列を確認してください。",
      action: "ブラウザーのエラーの確認",
    },
    "websocket-dropped": {
      label: "接続後に WebSocket が切断",
      advice:
        "これらのホストへの接続は確立後、クローズ フレームなしで切断されています。ファイアウォールまたはプロキシが（多くはアイドル タイムアウトで）接続を切っています。これらのホストのアイドル タイムアウトを延長するか、WebSocket のキープアライブを許可するよう IT 部門に依頼してください。",
      action: "プロキシとファイアウォール: WebSocket 接続の維持（アイドル タイムアウト）",
    },
    "websocket-protocol": {
      label: "WebSocket のフレームが改変または制限",
      advice:
        "これらのホストへの接続がプロトコル エラー（1002、1007、1009）で閉じられています。ブラウザーとホストの間のフィルターが WebSocket のフレームを改変または制限しています。これらのホストをコンテンツ検査の対象から除外してください。",
      action: "コンテンツ検査: 対象からの除外",
    },
    // 応答はあるが失敗している通信。
    "private-dns": {
      label: "プライベート エンドポイントなのにパブリック IP に名前解決",
      advice:
        "パブリック IP アドレスに名前解決されている間は、スタジオの要求が Azure に拒否されたり応答しなくなったりします。この PC が使う DNS で、ここに挙げた DNS ゾーンを Azure DNS へ転送する（ワークスペースの仮想ネットワーク内の DNS サーバー経由）か、プライベート レコードを登録してください。あわせてブラウザーの DNS over HTTPS を無効にしてください。",
      action: "DNS: 名前解決（またはプライベート DNS ゾーン）の設定",
    },
    "azure-refused": {
      label: "Azure が接続元ネットワークを拒否（ファイアウォールまたはプライベート リンク）",
      advice:
        "接続元のネットワークを理由に Azure 自身が要求を拒否しています。ストレージ アカウントまたはワークスペースのネットワーク設定で、このネットワークが許可されていません。プライベート エンドポイント経由で接続するか、Azure の管理者にこのネットワークを許可するよう依頼してください。",
      action: "Azure の管理者: このネットワークの許可（リソースのネットワーク規則またはプライベート エンドポイント）",
    },
    "proxy-answered": {
      label: "Azure ではなくプロキシが応答（ブロック ページ）",
      advice:
        "プロキシが要求を Azure に中継せず、自らブロック ページやエラー ページを返しています。これらのホストをプロキシの許可リストに追加し、コンテンツ フィルタリングの対象から除外してください。",
      action: "プロキシ: 許可リストへの追加",
    },
    "blocked-by-client": {
      label: "別のブラウザー拡張機能がブロック",
      advice: "別の拡張機能（広告ブロッカーなど）がこれらの通信をブロックしました。ネットワークの問題ではありません。",
    },
    ignored: { label: "対象外（中断またはキャッシュ ミス）", advice: "" },
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
    /** The local-time columns' headers, with the reader's zone (`UTC+09:00`). */
    firstSeenLocal(zone: string): string;
    lastSeenLocal(zone: string): string;
    /** The entry's name for people (`entry` is its id); the last column, so no earlier column moves. */
    name: string;
  };
  status: { blocked: string; unmatched: string; information: string; reachable: string };
  yes: string;
  no: string;
  /** Blocked requests to hosts that did not fit in the host list (their hosts are not counted). */
  overflow(count: number, entry: string): string;
  unmatchedOverflow(count: number): string;
  stats(observations: number, probes: number): string;
  separator: string;
  /** A failure whose kind waits for the follow-up probe. */
  pending: string;
  /** The report is not final: `count` hosts (`hosts`) wait for a probe. */
  pendingNote(count: number, hosts: string): string;
  /** CSV status of a pending row. */
  statusPending: string;
}

export const REPORT_TEXT: Record<Lang, ReportText> = {
  en: {
    title: (n) => `Azure Machine Learning: the network blocks ${n} ${n === 1 ? "endpoint" : "endpoints"}`,
    titleNone: "Azure Machine Learning: no blocked endpoints found",
    generated: (date, tool, catalog) => `Generated ${date} by ${tool} (endpoint catalog ${catalog}).`,
    source: {
      extension: "Source: requests the browser extension watched.",
      har: "Source: a HAR file saved from the browser's developer tools.",
      check: "Source: a check of every endpoint, started by the user.",
    },
    studioMissing:
      "No Azure Machine Learning studio page was open in this tab; open studio and use it, then check again.",
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
    request:
      "We use Azure Machine Learning studio for our work. Please make the changes below so that it works on this network.",
    written: (n, path) => `${n} Azure ML ${n === 1 ? "endpoint" : "endpoints"} blocked; report written to ${path}.`,
    noStudioTraffic:
      "This input has no Azure Machine Learning studio traffic (no request to ml.azure.com or any catalog host). Save the HAR from the studio tab while reproducing the problem.",
    allowWebSocket: "Allow WebSocket upgrades (wss://) to them as well.",
    otherPorts: (ports) =>
      `The service also uses ${ports} in some set-ups (compute instances, private endpoints); studio did not need them here.`,
    websocketRequired: "WebSocket required",
    websocketNotNeeded: "no WebSocket",
    probed: "cause found by probing the host over HTTPS",
    breaks: "What breaks in studio",
    purpose: "What it is for",
    seen: "seen",
    channel: { https: "HTTPS", websocket: "WebSocket" },
    columns: {
      host: "Host",
      channel: "Channel",
      kind: "Failure",
      error: "Browser error",
      count: "Count",
      firstSeen: "First seen",
      lastSeen: "Last seen",
    },
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
      firstSeenLocal: (zone) => `first_seen_local (${zone})`,
      lastSeenLocal: (zone) => `last_seen_local (${zone})`,
      name: "name",
    },
    status: { blocked: "blocked", unmatched: "unmatched", information: "information", reachable: "reachable" },
    yes: "yes",
    no: "no",
    overflow: (n, entry) =>
      `${group(n)} more blocked ${n === 1 ? "request" : "requests"} to hosts of ${entry} ${n === 1 ? "is" : "are"} not listed (host list limit).`,
    unmatchedOverflow: (n) =>
      `${group(n)} more blocked ${n === 1 ? "request" : "requests"} to hosts outside the catalog ${n === 1 ? "is" : "are"} not listed (host list limit).`,
    stats: (observations, probes) =>
      `${group(observations)} ${observations === 1 ? "request" : "requests"} checked${probes > 0 ? `, ${probes} ${probes === 1 ? "probe" : "probes"}` : ""}.`,
    separator: ", ",
    pending: "pending: the follow-up check of the host has not answered yet",
    pendingNote: (n, hosts) =>
      `Not final yet: the follow-up check of ${n} ${n === 1 ? "host" : "hosts"} (${hosts}) has not answered. A failure marked pending may still change kind; make the report again in a few seconds.`,
    statusPending: "pending",
  },
  ja: {
    title: (n) => `Azure Machine Learning: ネットワークでブロックされているエンドポイントが ${n} 件あります`,
    titleNone: "Azure Machine Learning: ブロックされているエンドポイントは見つかりませんでした",
    generated: (date, tool, catalog) => `${spaced(date)}に ${tool} で作成（エンドポイント カタログ ${catalog}）。`,
    source: {
      extension: "取得元: ブラウザー拡張機能が監視した通信。",
      har: "取得元: ブラウザーの開発者ツールで保存した HAR ファイル。",
      check: "取得元: ユーザーが実行した全エンドポイントの接続チェック。",
    },
    studioMissing:
      "このタブでは Azure Machine Learning スタジオが開かれていませんでした。スタジオを開いて操作してから、もう一度確認してください。",
    whatIsBlocked: "ブロックされている接続先",
    whatToOpen: "IT 部門への依頼内容",
    details: "詳細",
    unmatched: "その他の失敗したホスト（Azure ML のエンドポイント カタログ外）",
    information: "参考: ブラウザー内でブロックされた通信",
    reachable: "正常に通信できているエンドポイント",
    notes: "補足",
    nothingBlocked: "ブロックされている Azure ML のエンドポイントは見つかりませんでした。",
    allow: (patterns, ports) => `${patterns} への HTTPS 通信（${ports}）を許可してください。`,
    target: (patterns, hosts) => `Microsoft のパターン: ${patterns}（今回検出したホスト: ${hosts}）。`,
    targetPatternsOnly: (patterns) => `対象ホスト: ${patterns}。`,
    reference: "Microsoft のドキュメント",
    otherAction: "その他",
    allowListHead: "Azure Machine Learning: 許可が必要な Microsoft のパターン（パターン、ポート、WebSocket）",
    allowListExact: "最小限にする場合は、今回ブロックを検出したホスト名:",
    titleNoStudio: "Azure Machine Learning: 診断できるスタジオの通信がありません",
    request: "業務で Azure Machine Learning スタジオを利用するため、以下の対応をお願いいたします。",
    written: (n, path) => `ブロックされている Azure ML のエンドポイント: ${n} 件。レポートを ${path} に保存しました。`,
    noStudioTraffic:
      "この入力には Azure Machine Learning スタジオの通信（ml.azure.com やカタログのホストへの通信）が含まれていません。問題を再現しながら、スタジオのタブで HAR を保存してください。",
    allowWebSocket: "あわせて WebSocket（wss://）のアップグレードも許可してください。",
    otherPorts: (ports) =>
      `このサービスは構成によっては ${ports} も使用します（コンピューティング インスタンスやプライベート エンドポイントの場合）。今回のスタジオの通信では使用されていません。`,
    websocketRequired: "WebSocket 必須",
    websocketNotNeeded: "WebSocket 不要",
    probed: "HTTPS でホストに接続を試して原因を特定",
    breaks: "スタジオで使えなくなる機能",
    purpose: "用途",
    seen: "検出したホスト",
    channel: { https: "HTTPS", websocket: "WebSocket" },
    columns: {
      host: "ホスト",
      channel: "通信",
      kind: "エラーの種類",
      error: "ブラウザーのエラー",
      count: "回数",
      firstSeen: "初回",
      lastSeen: "最終",
    },
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
      firstSeenLocal: (zone) => `初回（現地時刻、${zone}）`,
      lastSeenLocal: (zone) => `最終（現地時刻、${zone}）`,
      name: "名前",
    },
    status: { blocked: "ブロック", unmatched: "カタログ外", information: "参考", reachable: "正常" },
    yes: "はい",
    no: "いいえ",
    overflow: (n, entry) =>
      `${spaced(entry)}のホストへの要求がほかに ${group(n)} 件ブロックされましたが、ホスト一覧の上限のため載せていません。`,
    unmatchedOverflow: (n) =>
      `カタログ外のホストへの要求がほかに ${group(n)} 件ブロックされましたが、ホスト一覧の上限のため載せていません。`,
    stats: (observations, probes) =>
      `確認した通信: ${group(observations)} 件${probes > 0 ? `（接続テスト ${probes} 件）` : ""}。`,
    separator: "、",
    pending: "判定待ち: ホストへの接続テストの結果がまだ出ていません",
    pendingNote: (n, hosts) =>
      `まだ確定していません。${n} 件のホスト（${hosts}）への接続テストの結果を待っています。「判定待ち」の項目はエラーの種類が変わることがあります。数秒後にもう一度レポートを作成してください。`,
    statusPending: "判定待ち",
  },
};

/** A value before Japanese text: a space after a Latin word or digit, none after full-width `）`. */
function spaced(text: string): string {
  return /[）」]$/.test(text) ? text : `${text} `;
}

/**
 * `text` in parentheses after what comes before: ` (text)` in English, `（text）` in Japanese, where
 * parentheses are full width with no space around them (one width in every Japanese text).
 * @example `${label}${parenthesized(note, lang)}`
 */
export function parenthesized(text: string, lang: Lang): string {
  return lang === "ja" ? `（${text}）` : ` (${text})`;
}

/** What the HAR reader says about the file, in the report's language. */
export interface HarText {
  truncated(reason: JsonProblem, entries: number): string;
  skipped(count: number): string;
  overLimit(limit: number, total: number): string;
  noReason(count: number): string;
  /** Outcomes that came further out of time order than the reader's window; read where they came. */
  late(count: number, window: number): string;
  unsettled(count: number, hosts: string): string;
  /** Why the JSON stopped being readable, in words that quote nothing of the file. */
  json(problem: JsonProblem): string;
  /** Why a file is no HAR, or nothing of it could be read (HarError). */
  problem(problem: HarProblem): string;
  /** `FILE: <problem>`, as `diagnose` and the HAR page show a HarError. */
  fileProblem(file: string, problem: HarProblem): string;
  /** A file over the size limit, refused unread; sizes in MB. */
  tooLarge(file: string, sizeMb: number, limitMb: number): string;
  /** A file the system could not read; `detail` is the system's own words. */
  cannotRead(file: string, detail: string): string;
}

export const HAR_TEXT: Record<Lang, HarText> = {
  en: {
    truncated: (reason, n) =>
      `The HAR file is cut off or broken (${HAR_TEXT.en.json(reason)}); the report covers the ${n} complete ${n === 1 ? "entry" : "entries"} before that point.`,
    skipped: (n) => `${n} HAR ${n === 1 ? "entry was" : "entries were"} skipped: no request URL or no start time.`,
    overLimit: (limit, total) => `Only the first ${group(limit)} of ${group(total)} HAR entries were read.`,
    noReason: (n) =>
      `${n} ${n === 1 ? "request has" : "requests have"} no response and no saved error: Firefox does not save why a request failed, and requests still running when the HAR was saved look the same.`,
    late: (n, window) =>
      `${group(n)} HAR ${n === 1 ? "entry ended" : "entries ended"} more than ${group(window)} entries out of time order and ${n === 1 ? "was" : "were"} read where ${n === 1 ? "it stands" : "they stand"} in the file.`,
    unsettled: (n, hosts) =>
      `Requests to ${n} ${n === 1 ? "host" : "hosts"} failed without a cause a HAR can show (${hosts}); Chromium reports CORS rejections the same way. These hosts are not counted as blocked; the browser extension probes them to tell.`,
    json: (problem) =>
      ({
        "cut-off": "Unexpected end of JSON input",
        "bad-token": "Unexpected token in JSON",
        "bad-character": "Unexpected character in JSON",
        "too-deep": `values nested more than ${MAX_HAR_DEPTH} deep`,
      })[problem],
    problem: (p) => {
      switch (p.code) {
        case "empty":
          return "The file is empty, not a HAR file.";
        case "broken":
          return `Not a readable HAR file: the JSON is broken or cut off (${HAR_TEXT.en.json(p.json)}).`;
        case "not-har":
          return 'Not a HAR file: there is no "log.entries" list. In DevTools, use Network > "Save all as HAR".';
        case "too-large":
          return `The file is larger than ${p.limitMb} MB.`;
      }
    },
    fileProblem: (file, p) => `${file}: ${HAR_TEXT.en.problem(p)}`,
    tooLarge: (file, size, limit) =>
      `${file} is ${size} MB; the limit is ${limit} MB. Save a HAR of just the failing page (clear the Network panel, reload, then "Save all as HAR").`,
    cannotRead: (file, detail) => `cannot read ${file}: ${detail}`,
  },
  ja: {
    truncated: (reason, n) =>
      `HAR ファイルが途中で切れているか壊れています（${HAR_TEXT.ja.json(reason)}）。その手前までの ${n} 件のエントリを対象にしています。`,
    skipped: (n) => `要求 URL または開始時刻がない HAR エントリ ${n} 件を読み飛ばしました。`,
    overLimit: (limit, total) =>
      `HAR エントリ ${group(total)} 件のうち、先頭の ${group(limit)} 件だけを読み込みました。`,
    noReason: (n) =>
      `応答もエラーも記録されていない通信が ${n} 件あります。Firefox は失敗の理由を HAR に保存しません。また、HAR の保存時に実行中だった通信も同じように記録されます。`,
    late: (n, window) =>
      `終了時刻の順序が ${group(window)} 件以上ずれている HAR エントリが ${group(n)} 件あり、ファイル内の並び順のまま読み込みました。`,
    unsettled: (n, hosts) =>
      `${n} 件のホストへの通信が、HAR からは原因を判別できない形で失敗しています（${hosts}）。Chromium では CORS による拒否も同じように記録されます。これらのホストはブロックとして数えていません。ブラウザー拡張機能を使うと、ホストへの接続テストで原因を判別できます。`,
    json: (problem) =>
      ({
        "cut-off": "JSON が途中で終わっています",
        "bad-token": "JSON の構文が正しくありません",
        "bad-character": "JSON として読めない文字があります",
        "too-deep": `値の入れ子が ${MAX_HAR_DEPTH} 段を超えています`,
      })[problem],
    problem: (p) => {
      switch (p.code) {
        case "empty":
          return "ファイルが空です。HAR ファイルではありません。";
        case "broken":
          return `HAR ファイルとして読み込めません。JSON が壊れているか、途中で切れています（${HAR_TEXT.ja.json(p.json)}）。`;
        case "not-har":
          return "HAR ファイルではありません（「log.entries」の一覧がありません）。DevTools の [ネットワーク] パネルで [すべて HAR として保存] を使って保存してください。";
        case "too-large":
          return `ファイルが上限の ${p.limitMb} MB を超えています。`;
      }
    },
    fileProblem: (file, p) => `${file}: ${HAR_TEXT.ja.problem(p)}`,
    tooLarge: (file, size, limit) =>
      `${file} は ${size} MB あり、上限の ${limit} MB を超えています。失敗するページだけの HAR を保存し直してください（[ネットワーク] パネルをクリアしてからページを再読み込みし、[すべて HAR として保存]）。`,
    cannotRead: (file, detail) => `${file} を読み込めません: ${detail}`,
  },
};

/** How a report words WebSocket health after the handshake. */
export interface SocketText {
  /** "The notebook kernel connection" for compute instances, else "The WebSocket connection to HOST". */
  connection(entry: string, host: string): string;
  /** A duration in seconds, in words: seconds under two minutes, whole minutes above. */
  duration(seconds: number): string;
  /** `what` dropped `count` times, each after `idle` without traffic (a cluster). */
  droppedAt(what: string, count: number, idle: string): string;
  /** `what` dropped `count` times; lived and idle are medians. */
  dropped(what: string, count: number, lived: string, idle: string): string;
  protocol(what: string, count: number, codes: string): string;
  /** Advice when drops cluster at one idle time, in whole seconds. */
  idleTimeout(seconds: number, lived: string): string;
  /** Advice when they do not. */
  cut(lived: string, idle: string): string;
  /** Advice for protocol closes, with what the browsers report for a frame they cannot parse. */
  protocolAdvice(codes: string): string;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export const SOCKET_TEXT: Record<Lang, SocketText> = {
  en: {
    connection: (entry, host) =>
      entry.startsWith("compute-instance") ? "The notebook kernel connection" : `The WebSocket connection to ${host}`,
    duration: (s) =>
      s < 120 ? plural(Math.round(s), "second", "seconds") : plural(Math.round(s / 60), "minute", "minutes"),
    droppedAt: (what, n, idle) =>
      `${what} dropped ${plural(n, "time", "times")}, each after about ${idle} without traffic`,
    dropped: (what, n, lived, idle) =>
      `${what} dropped ${plural(n, "time", "times")} without a close frame; connections lived about ${lived} and were idle about ${idle} before the drop`,
    protocol: (what, n, codes) => `${what} was closed ${plural(n, "time", "times")} with a protocol error (${codes})`,
    idleTimeout: (s, lived) =>
      `Connections lived about ${lived} and each dropped after about ${s} s without traffic: a firewall or proxy closes idle connections after about ${s} s; ask IT to raise the idle timeout for these hosts, or to allow WebSocket keep-alives.`,
    cut: (lived, idle) =>
      `Connections lived about ${lived} and were idle about ${idle} before they dropped without a close frame (code 1006): a firewall or proxy ends them; ask IT to check its idle and session timeouts for these hosts, or to allow WebSocket keep-alives.`,
    protocolAdvice: (codes) =>
      `Closes with ${codes} (protocol error, invalid data, message too big) come from a filter between the browser and the host that alters or limits WebSocket frames (TLS inspection or a web filter that does not understand compression): exclude these hosts from it. A frame the browser itself cannot parse is reported to the page as 1006 by Chromium and Firefox, so such a filter can also look like dropped connections.`,
  },
  ja: {
    connection: (entry, host) =>
      entry.startsWith("compute-instance") ? "ノートブック カーネルの接続" : `${host} への WebSocket 接続`,
    duration: (s) => (s < 120 ? `${Math.round(s)} 秒` : `${Math.round(s / 60)} 分`),
    droppedAt: (what, n, idle) => `${what}が ${n} 回切断されました（いずれも約 ${idle}間通信がなかった後）`,
    dropped: (what, n, lived, idle) =>
      `${what}がクローズ フレームなしで ${n} 回切断されました（接続時間は約 ${lived}、切断前の無通信時間は約 ${idle}）`,
    protocol: (what, n, codes) => `${what}がプロトコル エラー（${codes}）で ${n} 回閉じられました`,
    idleTimeout: (s, lived) =>
      `接続は約 ${lived}続き、いずれも約 ${s} 秒間通信がなかった後に切断されています。ファイアウォールまたはプロキシが、約 ${s} 秒間通信のない接続を切断しています。これらのホストのアイドル タイムアウトを延長するか、WebSocket のキープアライブを許可するよう IT 部門に依頼してください。`,
    cut: (lived, idle) =>
      `接続は約 ${lived}続き、約 ${idle}間通信がなかった後にクローズ フレームなし（コード 1006）で切断されています。ファイアウォールまたはプロキシが接続を切っています。これらのホストのアイドル タイムアウトやセッション タイムアウトを確認するか、WebSocket のキープアライブを許可するよう IT 部門に依頼してください。`,
    protocolAdvice: (codes) =>
      `${codes}（プロトコル エラー、不正なデータ、メッセージ サイズ超過）で閉じられる場合、ブラウザーとホストの間のフィルター（TLS インスペクションや、圧縮に対応していない Web フィルターなど）が WebSocket のフレームを改変または制限しています。これらのホストをその対象から除外してください。なお、ブラウザー自身が解析できないフレームを受け取った場合、Chromium と Firefox はページに 1006 として通知するため、このようなフィルターが接続の切断として見えることもあります。`,
  },
};

/** The report's `network` section and the private-DNS advice, in the report's language. */
export interface NetworkText {
  heading: string;
  path: Record<"direct" | "proxy" | "mixed" | "unknown", string>;
  privateEndpoints: string;
  noPrivateEndpoints: string;
  /** One host of a private-link entry that resolved to a public address. */
  publicHost(host: string, address: string): string;
  /** The zone to forward, and the private zone that holds the records when there is one. */
  forwardZone(forward: string, privateZone: string | undefined): string;
  columns: { host: string; entry: string; address: string; class: string };
  class: Record<"private" | "public", string>;
  proxyAddress: string;
  more(count: number): string;
}

export const NETWORK_TEXT: Record<Lang, NetworkText> = {
  en: {
    heading: "Network path",
    path: {
      direct: "The browser connected to Azure directly (no proxy seen).",
      proxy:
        "The browser reached Azure through a proxy: the connection addresses are the proxy's and say nothing about DNS or private endpoints.",
      mixed: "Some hosts were reached directly and some through a proxy; only the direct ones say anything about DNS.",
      unknown: "No connection address was seen.",
    },
    privateEndpoints: "The workspace uses private endpoints: some of its hosts resolved to private addresses.",
    noPrivateEndpoints: "No private endpoint address was seen.",
    publicHost: (host, address) =>
      `Your workspace uses private endpoints, but \`${host}\` resolved to a public address (${address}).`,
    forwardZone: (forward, privateZone) =>
      privateZone
        ? `Ask IT to forward the zone \`${forward}\` to Azure DNS, where the private DNS zone \`${privateZone}\` holds its records.`
        : `Ask IT to forward the zone \`${forward}\` to Azure DNS (through a DNS server in the workspace's virtual network).`,
    columns: { host: "Host", entry: "Entry", address: "Address", class: "Address type" },
    class: { private: "private", public: "public" },
    proxyAddress: "proxy",
    more: (n) => `${n} more ${n === 1 ? "host" : "hosts"} not listed.`,
  },
  ja: {
    heading: "ネットワーク経路",
    path: {
      direct: "ブラウザーは Azure に直接接続していました（プロキシは検出されませんでした）。",
      proxy:
        "ブラウザーはプロキシ経由で Azure に接続していました。記録された接続先アドレスはプロキシのものであり、DNS やプライベート エンドポイントの判断には使えません。",
      mixed:
        "直接接続したホストとプロキシ経由のホストが混在しています。DNS の判断には直接接続したホストだけを使っています。",
      unknown: "接続先のアドレスは記録されていません。",
    },
    privateEndpoints:
      "ワークスペースはプライベート エンドポイントを使用しています（一部のホストがプライベート IP アドレスに名前解決されました）。",
    noPrivateEndpoints: "プライベート エンドポイントのアドレスは検出されませんでした。",
    publicHost: (host, address) =>
      `ワークスペースはプライベート エンドポイントを使用していますが、\`${host}\` がパブリック IP アドレス（${address}）に名前解決されています。`,
    forwardZone: (forward, privateZone) =>
      privateZone
        ? `DNS ゾーン \`${forward}\` を Azure DNS へ転送するよう IT 部門に依頼してください（レコードはプライベート DNS ゾーン \`${privateZone}\` にあります）。`
        : `DNS ゾーン \`${forward}\` を Azure DNS へ転送するよう IT 部門に依頼してください（ワークスペースの仮想ネットワーク内の DNS サーバー経由）。`,
    columns: { host: "ホスト", entry: "エントリ", address: "アドレス", class: "種類" },
    class: { private: "プライベート", public: "パブリック" },
    proxyAddress: "プロキシ",
    more: (n) => `ほかに ${n} 件のホストがあります（一覧には載せていません）。`,
  },
};

/** The "what was checked" section of the Markdown and plain-text reports (the popup's checklist, in words a ticket keeps). */
export interface ChecklistText {
  heading: string;
  /** What the marks mean, and how to try what was not tried. */
  legend: string;
  /** Nothing blocked, yet studio fails: what the reader should take from the list. */
  notTheNetwork: string;
  hintSeparator: string;
}

export const CHECKLIST_TEXT: Record<Lang, ChecklistText> = {
  en: {
    heading: "What was checked in this tab",
    legend: "✓ reached, ✗ blocked, – not tried yet (do what the line says in studio to try it).",
    notTheNetwork: "If studio still fails, it may not be the network.",
    hintSeparator: ": ",
  },
  ja: {
    heading: "このタブで確認した接続先",
    legend: "✓ 通信可、✗ ブロック、– 未確認（行に書かれた操作をスタジオで行うと確認できます）",
    notTheNetwork: "それでもスタジオが正常に動かない場合は、ネットワーク以外の原因かもしれません。",
    hintSeparator: "：",
  },
};
