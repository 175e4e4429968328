/** `aml-network-doctor diagnose FILE.har`: the extension's diagnosis, for a HAR file saved from DevTools. */
import { LANGS, type Catalog, type Lang, type Localized } from "../../core/catalog/types.js";
import { HarError, MAX_HAR_BYTES, diagnoseHarChunks, harTooLargeMessage } from "../../core/har.js";
import { describeRangeProblem, parsePrivateRanges } from "../../core/ip-ranges.js";
import { renderCsv, renderJson, renderMarkdown, renderText } from "../../core/render-report.js";
import { HAR_TEXT, REPORT_TEXT } from "../../core/report-i18n.js";
import type { Report } from "../../core/report-schema.js";
import { oneOf, parseCommandArgs, stringOption } from "../args.js";
import { InputError, UsageError, ioErrorReason, writeOutput, type CliIo } from "../io.js";

const DIAGNOSE_HELP: Localized = {
  en: `Usage: aml-network-doctor diagnose FILE.har [options]

Reads a HAR file saved from Chrome, Edge or Firefox DevTools (Network > "Save all as HAR") while
using Azure Machine Learning studio, and reports which Azure ML endpoints the network blocked and
what to ask IT to open. No URL path, query string or token from the file appears in the report.

  --format markdown|json|csv|text  report format (default markdown, for a ticket)
  --lang en|ja                     report language (default en)
  --private-ranges CIDR,...        your organisation's private address ranges, for private-endpoint
                                   DNS findings (default RFC 1918, 100.64.0.0/10, fc00::/7)
  --out FILE                       write the report to FILE instead of standard output (a one-line
                                   summary goes to standard error)
  --fail-on-blocked                exit 3 when an endpoint is blocked, for scripts
  -h, --help                       this help

Exit codes: 0 diagnosed (blocked endpoints or not, unless --fail-on-blocked); 3 with
--fail-on-blocked, an endpoint is blocked; 4 the HAR holds no Azure ML studio traffic (save it
from the studio tab while reproducing the problem); 2 usage error; 1 unreadable file.

Examples:
  aml-network-doctor diagnose ml.azure.com.har
  aml-network-doctor diagnose ml.azure.com.har --lang ja --out report.md
  aml-network-doctor diagnose ml.azure.com.har --format json | jq '.findings[].patterns'
  aml-network-doctor diagnose ml.azure.com.har --format text --fail-on-blocked || echo "ask IT"
`,
  ja: `使い方: aml-network-doctor diagnose FILE.har [オプション]

Azure Machine Learning スタジオの操作中に Chrome、Edge、Firefox の開発者ツールで保存した HAR ファイル
（[ネットワーク] > [すべて HAR として保存]）を読み込み、ネットワークでブロックされた Azure ML の
エンドポイントと、IT 部門に開放を依頼すべき通信を報告します。ファイル内の URL のパス、クエリ文字列、
トークンはレポートに含めません。

  --format markdown|json|csv|text  レポートの形式（既定: markdown。問い合わせチケット向け）
  --lang en|ja                     レポートの言語（既定: en）
  --private-ranges CIDR,...        社内のプライベート アドレス範囲。プライベート エンドポイントの DNS の
                                   判定に使います（既定: RFC 1918、100.64.0.0/10、fc00::/7）
  --out FILE                       標準出力ではなく FILE にレポートを書き込む（1 行の要約を標準エラーに出力）
  --fail-on-blocked                ブロックされたエンドポイントがあれば終了コード 3 で終了する（スクリプト向け）
  -h, --help                       このヘルプを表示する

終了コード: 0 診断済み（ブロックの有無にかかわらず。--fail-on-blocked を除く）、3 --fail-on-blocked 指定時に
ブロックされたエンドポイントがあった、4 HAR に Azure ML スタジオの通信が含まれていない（問題を再現しながら
スタジオのタブで保存し直してください）、2 使い方の誤り、1 ファイルを読み込めない。

例:
  aml-network-doctor diagnose ml.azure.com.har
  aml-network-doctor diagnose ml.azure.com.har --lang ja --out report.md
  aml-network-doctor diagnose ml.azure.com.har --format json | jq '.findings[].patterns'
  aml-network-doctor diagnose ml.azure.com.har --format text --fail-on-blocked || echo "IT 部門に依頼"
`,
};

type Format = "markdown" | "json" | "csv" | "text";
const FORMATS: readonly Format[] = ["markdown", "json", "csv", "text"];
/** Exit code of a HAR with no Azure ML studio traffic: the report is written, but it diagnosed nothing. */
export const EXIT_NO_STUDIO_TRAFFIC = 4;
/** Exit code under `--fail-on-blocked` when the HAR shows a blocked endpoint: the same 3 as `check`. */
export const EXIT_BLOCKED = 3;

const RENDER: Record<Format, (report: Report, timeZone: string | undefined) => string> = {
  markdown: (report, timeZone) => renderMarkdown(report, { timeZone }),
  json: renderJson,
  csv: (report, timeZone) => renderCsv(report, { timeZone }),
  text: (report, timeZone) => renderText(report, { timeZone }),
};

export async function runDiagnose(
  argv: readonly string[],
  io: CliIo,
  context: { catalog: Catalog; toolVersion: string },
): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    {
      format: { type: "string" },
      lang: { type: "string" },
      out: { type: "string" },
      "private-ranges": { type: "string" },
      "fail-on-blocked": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  const lang = oneOf<Lang>("lang", stringOption(parsed, "lang"), LANGS, "en");
  if (parsed.values.help) {
    io.stdout(DIAGNOSE_HELP[lang]);
    return 0;
  }
  const format = oneOf<Format>("format", stringOption(parsed, "format"), FORMATS, "markdown");
  const rangesText = stringOption(parsed, "private-ranges");
  const ranges = rangesText === undefined ? undefined : parsePrivateRanges(rangesText);
  if (ranges && !ranges.ok) {
    throw new UsageError(
      `--private-ranges: ${describeRangeProblem(ranges.problem, "en")}`,
      `--private-ranges: ${describeRangeProblem(ranges.problem, "ja")}`,
    );
  }
  if (parsed.positionals.length === 0) {
    throw new UsageError(
      "diagnose needs a HAR file: aml-network-doctor diagnose FILE.har",
      "HAR ファイルを指定してください: aml-network-doctor diagnose FILE.har",
    );
  }
  if (parsed.positionals.length > 1) {
    throw new UsageError(
      `diagnose reads one HAR file (got ${parsed.positionals.length})`,
      `HAR ファイルは 1 つだけ指定してください（${parsed.positionals.length} 個指定されています）`,
    );
  }
  const path = parsed.positionals[0]!;

  let size: number;
  try {
    size = await io.fileSize(path);
  } catch (error) {
    throw new InputError(
      `cannot read ${path}: ${ioErrorReason(error)}`,
      `${path} を読み込めません: ${ioErrorReason(error)}`,
    );
  }
  if (size > MAX_HAR_BYTES) {
    throw new InputError(harTooLargeMessage(path, size), harTooLargeMessage(path, size, "ja"));
  }
  let report: Report;
  try {
    report = await diagnoseHarChunks(io.readChunks(path), {
      catalog: context.catalog,
      lang,
      now: io.now().getTime(),
      toolVersion: context.toolVersion,
      ...(ranges?.ok ? { privateRanges: ranges.value } : {}),
    });
  } catch (error) {
    if (error instanceof HarError)
      throw new InputError(HAR_TEXT.en.fileProblem(path, error.problem), HAR_TEXT.ja.fileProblem(path, error.problem));
    // The file could not be read (it vanished, a directory, a permission).
    if (error instanceof Error && "code" in error)
      throw new InputError(
        `cannot read ${path}: ${ioErrorReason(error)}`,
        `${path} を読み込めません: ${ioErrorReason(error)}`,
      );
    throw error;
  }
  for (const warning of report.warnings ?? []) io.stderr(`aml-network-doctor: ${warning}\n`);
  const noStudio = report.studio === false;
  if (noStudio) io.stderr(`aml-network-doctor: ${REPORT_TEXT[lang].noStudioTraffic}\n`);

  const out = stringOption(parsed, "out");
  await writeOutput(io, out, RENDER[format](report, io.timeZone?.()));
  if (out !== undefined) io.stderr(`aml-network-doctor: ${REPORT_TEXT[lang].written(report.findings.length, out)}\n`);
  if (noStudio) return EXIT_NO_STUDIO_TRAFFIC;
  return parsed.values["fail-on-blocked"] === true && report.findings.length > 0 ? EXIT_BLOCKED : 0;
}
