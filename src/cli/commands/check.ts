/** `aml-network-doctor check`: every Azure ML endpoint the browser needs, checked now, through the proxy or PAC IT uses. */
import { CLOUDS, LANGS, type Catalog, type Cloud, type Lang, type Localized } from "../../core/catalog/types.js";
import {
  buildCheckReport,
  CHECK_CONCURRENCY,
  CHECK_TIMEOUT_MS,
  hostsFromText,
  planCheck,
  type CheckResult,
  type CheckTarget,
} from "../../core/check-plan.js";
import { renderCheckMarkdown, renderCheckTable } from "../../core/check-report.js";
import { normalizeHost } from "../../core/matcher.js";
import { renderJson } from "../../core/render-report.js";
import type { Report } from "../../core/report-schema.js";
import { oneOf, parseCommandArgs, stringOption } from "../args.js";
import { readFromFile } from "../from-file.js";
import { InputError, UsageError, ioErrorReason, type CliIo } from "../io.js";
import type { CheckRoute } from "../network.js";

export const CHECK_HELP: Localized = {
  en: `Usage: aml-network-doctor check [options]

Checks now, from this machine, every Azure ML host the browser needs: one HTTPS request per host
(a WebSocket upgrade too where studio needs one), through the proxy or PAC you give. A host is
reachable when anything answers from it (401, 403 and 404 count); otherwise the table says how it
failed. Wildcard entries are checked only for hosts you name (--host, --from): a guessed name
proves nothing. No cookies or credentials are sent.

  --cloud public|usgov|china   which cloud's hosts (default public)
  --host HOST                  also check HOST (a compute instance, a storage account); repeatable
  --from FILE                  also check the hosts in a report (JSON) or a HAR file
  --proxy URL                  send every request through this HTTP proxy (http://proxy:8080)
  --pac FILE                   route each host as this PAC file decides (DIRECT and PROXY routes)
  --ca FILE                    also trust this CA (PEM), e.g. a TLS-inspecting proxy's root
  --resolve HOST:ADDRESS       connect to ADDRESS for HOST (like curl's --resolve); repeatable
  --timeout SECONDS            time each host has to answer (default ${CHECK_TIMEOUT_MS / 1000})
  --format text|json|markdown  output (default text: a table; json: the report with "checks")
  --lang en|ja                 language (default en)
  -h, --help                   this help

Without --proxy or --pac, HTTPS_PROXY and NO_PROXY from the environment apply.
Exit codes: 0 nothing blocked, 3 something blocked, 1 error, 2 usage error.

Examples:
  aml-network-doctor check --proxy http://proxy.contoso.com:8080
  aml-network-doctor check --pac azureml.pac --host ci1.westeurope.instances.azureml.ms --lang ja
  aml-network-doctor check --from report.json --ca inspecting-root.pem --format json
`,
  ja: `使い方: aml-network-doctor check [オプション]

ブラウザーが使う Azure ML のホストすべてに、このマシンから今すぐ接続を試します。指定したプロキシまたは
PAC ファイルを通して、ホストごとに HTTPS 要求を 1 回（スタジオが WebSocket を使うホストでは WebSocket の
アップグレードも）送ります。ホストから何らかの応答があれば（401、403、404 を含む）到達可能とし、そうで
なければ失敗の内容を表に示します。ワイルドカードのエントリは、指定したホスト（--host、--from）だけを
確認します（推測したホスト名では確認になりません）。Cookie や資格情報は送りません。

  --cloud public|usgov|china   対象のクラウド（既定: public）
  --host HOST                  HOST も確認する（コンピューティング インスタンス、ストレージ アカウントなど）。複数指定可
  --from FILE                  レポート（JSON）または HAR ファイルに含まれるホストも確認する
  --proxy URL                  すべての要求をこの HTTP プロキシ経由で送る（http://proxy:8080）
  --pac FILE                   この PAC ファイルの判定どおりにホストごとの経路を決める（DIRECT と PROXY の経路）
  --ca FILE                    この CA 証明書（PEM）も信頼する。TLS インスペクションを行うプロキシのルート証明書など
  --resolve HOST:ADDRESS       HOST には ADDRESS に接続する（curl の --resolve と同じ）。複数指定可
  --timeout SECONDS            各ホストの応答を待つ秒数（既定: ${CHECK_TIMEOUT_MS / 1000}）
  --format text|json|markdown  出力形式（既定: text は表、json は "checks" を含むレポート）
  --lang en|ja                 言語（既定: en）
  -h, --help                   このヘルプを表示する

--proxy も --pac も指定しなければ、環境変数 HTTPS_PROXY と NO_PROXY に従います。
終了コード: 0 ブロックなし、3 ブロックされた通信がある、1 エラー、2 使い方の誤り。

例:
  aml-network-doctor check --proxy http://proxy.contoso.com:8080
  aml-network-doctor check --pac azureml.pac --host ci1.westeurope.instances.azureml.ms --lang ja
  aml-network-doctor check --from report.json --ca inspecting-root.pem --format json
`,
};

type Format = "text" | "json" | "markdown";
const FORMATS: readonly Format[] = ["text", "json", "markdown"];
const RENDER: Record<Format, (report: Report) => string> = {
  text: renderCheckTable,
  json: renderJson,
  markdown: renderCheckMarkdown,
};

/** Exit code when the check found something blocked. */
export const EXIT_BLOCKED = 3;

const ADDRESS = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]*:[0-9a-f:.]+)$/i;

function parseResolve(value: string): [string, string] {
  const colon = value.indexOf(":");
  const host = colon > 0 ? normalizeHost(value.slice(0, colon)) : undefined;
  let address = colon > 0 ? value.slice(colon + 1) : "";
  // curl's own form, HOST:PORT:ADDRESS, for port 443.
  const curl = /^443:(.+)$/.exec(address);
  if (curl) address = curl[1]!;
  address = address.replace(/^\[(.*)\]$/, "$1");
  if (host === undefined || !ADDRESS.test(address))
    throw new UsageError(
      `--resolve needs HOST:ADDRESS (got ${JSON.stringify(value)})`,
      `--resolve には HOST:ADDRESS の形式で指定してください（指定された値: ${JSON.stringify(value)}）`,
    );
  return [host, address];
}

function parseProxy(value: string, from: string): string {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(
      `${from} is not a proxy URL: ${JSON.stringify(value)}`,
      `${from} がプロキシの URL ではありません: ${JSON.stringify(value)}`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new UsageError(
      `${from} must be an http:// or https:// proxy (got ${url.protocol})`,
      `${from} には http:// または https:// のプロキシを指定してください（指定された値: ${url.protocol}）`,
    );
  return url.href;
}

/** The first route of a PAC answer, as a browser tries it first; only DIRECT and PROXY are supported. */
function routeOfPac(answer: string, host: string): CheckRoute {
  const first = (answer.split(";")[0] ?? "").trim();
  if (/^DIRECT$/i.test(first)) return { kind: "direct" };
  const proxy = /^PROXY\s+(\S+)$/i.exec(first);
  if (proxy) return { kind: "proxy", url: parseProxy(proxy[1]!, "the PAC file's PROXY route") };
  throw new InputError(
    `the PAC file routes ${host} to ${JSON.stringify(first)}: check supports DIRECT and PROXY routes only`,
    `PAC ファイルが ${host} を ${JSON.stringify(first)} に振り分けています。check が扱えるのは DIRECT と PROXY の経路だけです`,
  );
}

async function readInput(io: CliIo, path: string, what: Localized): Promise<string> {
  try {
    return await io.readFile(path);
  } catch (error) {
    throw new InputError(
      `cannot read ${what.en} ${path}: ${ioErrorReason(error)}`,
      `${what.ja} ${path} を読み込めません: ${ioErrorReason(error)}`,
    );
  }
}

/** Runs `work` over `items`, at most `limit` at once, results in input order. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  });
  await Promise.all(runners);
  return out;
}

function progressBar(done: number, total: number): string {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}`;
}

export async function runCheck(
  argv: readonly string[],
  io: CliIo,
  context: { catalog: Catalog; toolVersion: string },
): Promise<number> {
  const parsed = parseCommandArgs(argv, {
    cloud: { type: "string" },
    host: { type: "string", multiple: true },
    from: { type: "string" },
    proxy: { type: "string" },
    pac: { type: "string" },
    ca: { type: "string" },
    resolve: { type: "string", multiple: true },
    timeout: { type: "string" },
    format: { type: "string" },
    lang: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  const lang = oneOf<Lang>("lang", stringOption(parsed, "lang"), LANGS, "en");
  if (parsed.values.help) {
    io.stdout(CHECK_HELP[lang]);
    return 0;
  }
  const cloud = oneOf<Cloud>("cloud", stringOption(parsed, "cloud"), CLOUDS, "public");
  const format = oneOf<Format>("format", stringOption(parsed, "format"), FORMATS, "text");
  const list = (name: string) => (parsed.values[name] as unknown as string[] | undefined) ?? [];
  const timeoutText = stringOption(parsed, "timeout");
  const timeoutSeconds = timeoutText === undefined ? CHECK_TIMEOUT_MS / 1000 : Number(timeoutText);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0 || timeoutSeconds > 300) {
    throw new UsageError(
      `--timeout must be a number of seconds between 0 and 300 (got ${JSON.stringify(timeoutText)})`,
      `--timeout には 0 より大きく 300 以下の秒数を指定してください（指定された値: ${JSON.stringify(timeoutText)}）`,
    );
  }
  const proxyOption = stringOption(parsed, "proxy");
  const pacPath = stringOption(parsed, "pac");
  if (proxyOption !== undefined && pacPath !== undefined)
    throw new UsageError("give --proxy or --pac, not both", "--proxy と --pac はどちらか一方だけを指定してください");
  const proxy = proxyOption === undefined ? undefined : parseProxy(proxyOption, "--proxy");
  const resolve = new Map(list("resolve").map(parseResolve));

  const fromPath = stringOption(parsed, "from");
  let discovered: string[] = [];
  if (fromPath !== undefined) {
    const from = await readFromFile(io, fromPath, { en: "--from file ", ja: "--from のファイル " });
    const hosts =
      from.kind === "har" ? from.hosts.sort() : from.text === undefined ? undefined : hostsFromText(from.text);
    if (hosts === undefined)
      throw new InputError(
        `${fromPath} is neither a report (JSON) nor a HAR file`,
        `${fromPath} はレポート（JSON）でも HAR ファイルでもありません`,
      );
    discovered = hosts;
  }
  const caPath = stringOption(parsed, "ca");
  const ca =
    caPath === undefined ? undefined : await readInput(io, caPath, { en: "CA file", ja: "CA 証明書のファイル" });
  if (ca !== undefined && !ca.includes("-----BEGIN CERTIFICATE-----"))
    throw new InputError(
      `${caPath} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`,
      `${caPath} に PEM 形式の証明書（-----BEGIN CERTIFICATE-----）がありません`,
    );

  const planned = planCheck(context.catalog, { cloud, hosts: list("host"), discovered });
  if (!planned.ok) throw new UsageError(planned.error);
  const plan = planned.plan;
  const network = io.network;
  if (!network)
    throw new InputError(
      "check needs the network, which this environment does not give",
      "check にはネットワーク接続が必要ですが、この環境では利用できません",
    );

  let routeOf: (target: CheckTarget) => Promise<CheckRoute>;
  if (proxy !== undefined) routeOf = async () => ({ kind: "proxy", url: proxy });
  else if (pacPath !== undefined) {
    const source = await readInput(io, pacPath, { en: "PAC file", ja: "PAC ファイル" });
    let find: (url: string, host: string) => Promise<string>;
    try {
      find = await network.loadPac(source);
    } catch (error) {
      throw new InputError(
        `${pacPath} is not a PAC file that runs: ${ioErrorReason(error)}`,
        `${pacPath} は実行できる PAC ファイルではありません: ${ioErrorReason(error)}`,
      );
    }
    routeOf = async (target) => {
      let answer: string;
      try {
        // Browsers ask the PAC about wss:// as https:// (the same CONNECT tunnel).
        answer = await find(`https://${target.host}/`, target.host);
      } catch (error) {
        throw new InputError(
          `${pacPath} failed for ${target.host}: ${ioErrorReason(error)}`,
          `${pacPath} が ${target.host} の判定でエラーになりました: ${ioErrorReason(error)}`,
        );
      }
      return routeOfPac(String(answer), target.host);
    };
  } else {
    routeOf = async (target) => {
      const fromEnv = io.proxyForUrl?.(`https://${target.host}/`) ?? "";
      return fromEnv ? { kind: "proxy", url: parseProxy(fromEnv, "HTTPS_PROXY") } : { kind: "direct" };
    };
  }
  // Routes first: a PAC that cannot route a host is an error before any request is made.
  const routes = await Promise.all(plan.targets.map(routeOf));

  const total = plan.targets.length;
  let done = 0;
  const showProgress = io.stderrIsTTY === true;
  if (showProgress) io.stderr(progressBar(0, total));
  const results = await pool(
    plan.targets.map((target, i) => ({ target, route: routes[i]! })),
    CHECK_CONCURRENCY,
    async ({ target, route }): Promise<CheckResult> => {
      const answer = await network.check({
        target,
        route,
        resolve,
        timeoutMs: timeoutSeconds * 1000,
        ...(ca ? { ca } : {}),
      });
      done++;
      if (showProgress) io.stderr(progressBar(done, total));
      return { target, ...answer };
    },
  );
  if (showProgress) io.stderr("\r\x1b[K");

  const report = buildCheckReport(plan, results, {
    catalog: context.catalog,
    lang,
    now: io.now().getTime(),
    toolVersion: context.toolVersion,
  });
  io.stdout(RENDER[format](report));
  return report.findings.length > 0 ? EXIT_BLOCKED : 0;
}
