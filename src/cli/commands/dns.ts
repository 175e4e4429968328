/**
 * `aml-network-doctor dns HOST...`: the private-endpoint DNS checklist as a command. Asks the
 * system's resolver, or `--server` (Node's `dns.promises.Resolver#setServers`, through the
 * resolver factory in `io`), for each host's CNAME chain and addresses.
 */
import { LANGS, type Catalog, type Lang, type Localized } from "../../core/catalog/types.js";
import {
  checkHosts,
  dnsExitCode,
  renderDnsJson,
  renderDnsMarkdown,
  renderDnsText,
  type DnsResult,
} from "../../core/dns-check.js";
import { DEFAULT_RANGES, describeRangeProblem, parsePrivateRanges, type PrivateRanges } from "../../core/ip-ranges.js";
import { matchNormalizedHost, normalizeHost } from "../../core/matcher.js";
import { REPORT_SCHEMA } from "../../core/report-schema.js";
import { oneOf, parseCommandArgs, stringOption } from "../args.js";
import { readFromFile } from "../from-file.js";
import { InputError, UsageError, ioErrorReason, type CliIo } from "../io.js";

export const DNS_HELP: Localized = {
  en: `Usage: aml-network-doctor dns HOST... [options]

For each host: its CNAME chain, its addresses and a verdict (private, public, public-privatelink,
nxdomain, error), with the catalog entry and the DNS zone to forward to Azure DNS. This is the
nslookup checklist of Microsoft's private-endpoint troubleshooting, for every host at once.

  --from FILE                  also check every catalog host in a report (report.json) or a HAR file
  --server ADDR[:PORT]         ask this DNS server instead of the system's ([::1]:53 for IPv6)
  --private-ranges CIDR,...    your organisation's private ranges (default RFC 1918, 100.64.0.0/10, fc00::/7)
  --format text|json|markdown  output format (default text)
  --lang en|ja                 language of the text and markdown (default en)
  -h, --help                   this help

Exit codes: 0 the answers are consistent; 3 a host resolves through a privatelink. name to a public
address, or private-link hosts mix private and public answers; 1 a lookup or the input failed;
2 usage error.

Examples:
  aml-network-doctor dns ml-myws-westeurope-0000.westeurope.notebooks.azure.net
  aml-network-doctor dns --from report.json --server 10.0.0.4 --format markdown --lang ja
`,
  ja: `使い方: aml-network-doctor dns HOST... [オプション]

ホストごとに CNAME チェーン、アドレス、判定（private、public、public-privatelink、nxdomain、error）を、
該当するカタログ エントリと Azure DNS へ転送すべき DNS ゾーンとともに表示します。Microsoft の
プライベート エンドポイントのトラブルシューティングにある nslookup による確認を、全ホストまとめて行います。

  --from FILE                  レポート（report.json）または HAR ファイルに含まれるカタログのホストもすべて確認する
  --server ADDR[:PORT]         システムの DNS サーバーではなく、この DNS サーバーに問い合わせる（IPv6 は [::1]:53）
  --private-ranges CIDR,...    社内のプライベート アドレス範囲（既定: RFC 1918、100.64.0.0/10、fc00::/7）
  --format text|json|markdown  出力形式（既定: text）
  --lang en|ja                 text と markdown の言語（既定: en）
  -h, --help                   このヘルプを表示する

終了コード: 0 回答に矛盾なし、3 privatelink. の名前を経由してパブリック アドレスに解決されるホストがある、
またはプライベート リンクのホストでプライベートとパブリックの回答が混在している、1 名前解決または入力の
エラー、2 使い方の誤り。

例:
  aml-network-doctor dns ml-myws-westeurope-0000.westeurope.notebooks.azure.net
  aml-network-doctor dns --from report.json --server 10.0.0.4 --format markdown --lang ja
`,
};

/** At most this many hosts a run: a HAR of a long session names hundreds of storage hosts. */
export const MAX_DNS_HOSTS = 200;

type Format = "text" | "json" | "markdown";

const HOST_CHARS = /^[a-z0-9.-]+$/;

/** `ADDR`, `ADDR:PORT`, `[V6]`, `[V6]:PORT` as `setServers` takes them, or a usage error. */
function serverOption(value: string): string {
  const v6 = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(value);
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?$/.exec(value);
  const bare6 = /^[0-9a-fA-F:]+$/.test(value) && value.includes(":") && value.split(":").length > 2;
  const port = v6?.[2] ?? v4?.[2];
  if ((!v6 && !v4 && !bare6) || (port !== undefined && (Number(port) < 1 || Number(port) > 65535))) {
    throw new UsageError(
      `--server must be an IP address with an optional port, such as 10.0.0.4, 127.0.0.1:5353 or [::1]:53 (got ${JSON.stringify(value)})`,
      `--server には IP アドレス（ポートは省略可）を指定してください。例: 10.0.0.4、127.0.0.1:5353、[::1]:53（指定された値: ${JSON.stringify(value)}）`,
    );
  }
  return value;
}

/** Catalog hosts named in a report (`aml-network-doctor/report@1`), or undefined when `text` is not one. */
function hostsFromReport(text: string, catalog: Catalog): string[] | undefined {
  let root: unknown;
  try {
    root = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return undefined;
  }
  if (root === null || typeof root !== "object" || (root as { schema?: unknown }).schema !== REPORT_SCHEMA)
    return undefined;
  const hosts = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value !== "string") return;
    const name = normalizeHost(value);
    if (name && matchNormalizedHost(name, catalog)) hosts.add(name);
  };
  const report = root as {
    findings?: Array<{ hosts?: unknown[] }>;
    reachable?: Array<{ hosts?: unknown[] }>;
    network?: { hosts?: Array<{ host?: unknown }> };
  };
  for (const finding of report.findings ?? []) for (const host of finding.hosts ?? []) add(host);
  for (const reachable of report.reachable ?? []) for (const host of reachable.hosts ?? []) add(host);
  for (const host of report.network?.hosts ?? []) add(host.host);
  return [...hosts].sort();
}

/** Catalog hosts named in a HAR file (streamed, src/cli/from-file.ts) or a report. */
async function hostsFrom(io: CliIo, path: string, catalog: Catalog): Promise<string[]> {
  const from = await readFromFile(io, path);
  if (from.kind === "har") return from.hosts.filter((host) => matchNormalizedHost(host, catalog)).sort();
  const fromReport = from.text === undefined ? undefined : hostsFromReport(from.text, catalog);
  if (fromReport) return fromReport;
  throw new InputError(
    `${path} is neither an aml-network-doctor report nor a HAR file: ${from.reason.en}`,
    `${path} は aml-network-doctor のレポートでも HAR ファイルでもありません。${from.reason.ja}`,
  );
}

export async function runDns(
  argv: readonly string[],
  io: CliIo,
  context: { catalog: Catalog; toolVersion: string },
): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    {
      from: { type: "string" },
      server: { type: "string" },
      "private-ranges": { type: "string" },
      format: { type: "string" },
      lang: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  const lang = oneOf<Lang>("lang", stringOption(parsed, "lang"), LANGS, "en");
  if (parsed.values.help) {
    io.stdout(DNS_HELP[lang]);
    return 0;
  }
  const format = oneOf<Format>("format", stringOption(parsed, "format"), ["text", "json", "markdown"], "text");
  const serverText = stringOption(parsed, "server");
  const server = serverText === undefined ? undefined : serverOption(serverText);
  let ranges: PrivateRanges = DEFAULT_RANGES;
  const rangesText = stringOption(parsed, "private-ranges");
  if (rangesText !== undefined) {
    const result = parsePrivateRanges(rangesText);
    if (!result.ok)
      throw new UsageError(
        `--private-ranges: ${describeRangeProblem(result.problem, "en")}`,
        `--private-ranges: ${describeRangeProblem(result.problem, "ja")}`,
      );
    ranges = result.value;
  }

  const hosts: string[] = [];
  for (const positional of parsed.positionals) {
    const name = normalizeHost(positional);
    if (!name || !HOST_CHARS.test(name) || !name.includes("."))
      throw new UsageError(
        `not a host name: ${JSON.stringify(positional)}`,
        `ホスト名ではありません: ${JSON.stringify(positional)}`,
      );
    if (!hosts.includes(name)) hosts.push(name);
  }
  const from = stringOption(parsed, "from");
  if (from !== undefined) {
    const found = await hostsFrom(io, from, context.catalog);
    if (found.length === 0)
      io.stderr(
        lang === "ja"
          ? `aml-network-doctor: ${from} には Azure ML のカタログのホストが含まれていません。\n`
          : `aml-network-doctor: ${from} names no Azure ML catalog host.\n`,
      );
    for (const host of found) if (!hosts.includes(host)) hosts.push(host);
  }
  if (hosts.length === 0) {
    if (from !== undefined) return 1;
    throw new UsageError(
      "dns needs at least one host, or --from report.json|studio.har",
      "ホスト名を 1 つ以上、または --from report.json|studio.har を指定してください",
    );
  }
  if (hosts.length > MAX_DNS_HOSTS) {
    io.stderr(
      lang === "ja"
        ? `aml-network-doctor: ${hosts.length} 個のホストのうち、最初の ${MAX_DNS_HOSTS} 個を確認します。\n`
        : `aml-network-doctor: checking the first ${MAX_DNS_HOSTS} of ${hosts.length} hosts.\n`,
    );
    hosts.length = MAX_DNS_HOSTS;
  }
  if (!io.resolver) throw new InputError("no DNS resolver available", "DNS リゾルバーを利用できません");
  let resolver;
  try {
    resolver = io.resolver(server);
  } catch (error) {
    throw new UsageError(`--server: ${ioErrorReason(error)}`);
  }

  const results: DnsResult[] = await checkHosts(hosts, resolver, ranges, context.catalog);
  io.stdout(
    format === "json"
      ? renderDnsJson(results)
      : format === "markdown"
        ? renderDnsMarkdown(results, lang)
        : renderDnsText(results, lang),
  );
  return dnsExitCode(results);
}
