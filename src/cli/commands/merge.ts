/** `aml-network-doctor merge REPORT.json...`: one table from many users' JSON reports. */
import { LANGS, type Catalog, type Lang, type Localized } from "../../core/catalog/types.js";
import {
  emptyFleet,
  fleetDocument,
  foldReport,
  renderFleet,
  skipFile,
  skipReasonText,
  type SkipReason,
} from "../../core/fleet.js";
import { oneOf, parseCommandArgs, stringOption } from "../args.js";
import { InputError, UsageError, ioErrorReason, type CliIo } from "../io.js";

export const MERGE_HELP: Localized = {
  en: `Usage: aml-network-doctor merge REPORT.json... [options]

Merges JSON reports (the extension's "Export JSON", or diagnose --format json) from many users into
one table: which catalog entries are blocked for how many of them, how, since when, through which
hosts. Files that are not reports are skipped with one line each. Only entry ids, host names, failure
kinds and times are taken from each report.

  --format markdown|csv|json|text  output format (default markdown); json is aml-network-doctor/fleet@1
  --lang en|ja                     language (default en)
  --out FILE                       write to FILE instead of standard output
  -h, --help                       this help

Examples:
  aml-network-doctor merge reports/*.json
  aml-network-doctor merge reports/*.json --format json | jq '.entries[] | select(.reports > 5)'
`,
  ja: `使い方: aml-network-doctor merge REPORT.json... [オプション]

複数ユーザーの JSON レポート（拡張機能の「JSON をエクスポート」、または diagnose --format json）を
1 つの表にまとめます。どのカタログ エントリが何人のユーザーで、どのように、いつから、どのホストで
ブロックされているかがわかります。レポートでないファイルは 1 行ずつ表示して読み飛ばします。各レポートから
取り込むのは、エントリ ID、ホスト名、失敗の種類、日時だけです。

  --format markdown|csv|json|text  出力形式（既定: markdown）。json は aml-network-doctor/fleet@1 形式
  --lang en|ja                     言語（既定: en）
  --out FILE                       標準出力ではなく FILE に書き込む
  -h, --help                       このヘルプを表示する

例:
  aml-network-doctor merge reports/*.json
  aml-network-doctor merge reports/*.json --format json | jq '.entries[] | select(.reports > 5)'
`,
};

type Format = "markdown" | "csv" | "json" | "text";
const FORMATS: readonly Format[] = ["markdown", "csv", "json", "text"];
/** A report is a few hundred kilobytes at most; anything far larger is not one. */
export const MAX_REPORT_BYTES = 16 * 1024 * 1024;

export async function runMerge(
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
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  const lang = oneOf<Lang>("lang", stringOption(parsed, "lang"), LANGS, "en");
  if (parsed.values.help) {
    io.stdout(MERGE_HELP[lang]);
    return 0;
  }
  const format = oneOf<Format>("format", stringOption(parsed, "format"), FORMATS, "markdown");
  if (parsed.positionals.length === 0)
    throw new UsageError(
      "merge needs at least one JSON report: aml-network-doctor merge REPORT.json...",
      "JSON レポートを 1 つ以上指定してください: aml-network-doctor merge REPORT.json...",
    );

  // One file at a time: only the bounded aggregate outlives each read.
  const state = emptyFleet();
  for (const file of parsed.positionals) {
    const before = state.reports;
    let reason: SkipReason | undefined;
    try {
      const size = await io.fileSize(file);
      if (size > MAX_REPORT_BYTES) reason = { code: "too-large", limitMb: MAX_REPORT_BYTES / (1024 * 1024) };
      else foldReport(state, file, await io.readFile(file), context.catalog);
    } catch (error) {
      reason = { code: "unreadable", detail: ioErrorReason(error) };
    }
    if (reason !== undefined) skipFile(state, file, reason);
    if (state.reports === before) {
      const last = state.skipped.at(-1);
      const why = skipReasonText(last?.file === file ? last.reason : (reason ?? { code: "not-report" }), lang);
      io.stderr(
        lang === "ja"
          ? `aml-network-doctor: ${file} を読み飛ばしました: ${why}\n`
          : `aml-network-doctor: skipped ${file}: ${why}\n`,
      );
    }
  }
  if (state.reports === 0)
    throw new InputError(
      `none of the ${parsed.positionals.length} file(s) is an aml-network-doctor JSON report`,
      `指定された ${parsed.positionals.length} 個のファイルに、aml-network-doctor の JSON レポートはありません`,
    );

  // The JSON document is a contract and stays English; the tables speak the reader's language.
  const output = renderFleet(fleetDocument(state, format === "json" ? "en" : lang), format, lang, context.catalog);
  const out = stringOption(parsed, "out");
  if (out === undefined) io.stdout(output);
  else {
    try {
      await io.writeFile(out, output);
    } catch (error) {
      throw new InputError(
        `cannot write ${out}: ${ioErrorReason(error)}`,
        `${out} に書き込めません: ${ioErrorReason(error)}`,
      );
    }
  }
  return 0;
}
