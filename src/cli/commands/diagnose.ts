/** `aml-network-doctor diagnose FILE.har`: the extension's diagnosis, for a HAR file saved from DevTools. */
import { LANGS, type Catalog, type Lang } from "../../core/catalog/types.js";
import { HarError, MAX_HAR_BYTES, diagnoseHarChunks } from "../../core/har.js";
import { describeRangeProblem, parsePrivateRanges } from "../../core/ip-ranges.js";
import { harTooLargeMessage } from "../../core/har-limits.js";
import { renderCsv, renderJson, renderMarkdown, renderText } from "../../core/render-report.js";
import { REPORT_TEXT } from "../../core/report-i18n.js";
import type { Report } from "../../core/report-schema.js";
import { oneOf, parseCommandArgs, stringOption } from "../args.js";
import { InputError, UsageError, ioErrorReason, writeOutput, type CliIo } from "../io.js";

const DIAGNOSE_HELP = `Usage: aml-network-doctor diagnose FILE.har [options]

Reads a HAR file saved from Chrome, Edge or Firefox DevTools (Network > "Save all as HAR") while
using Azure Machine Learning studio, and reports which Azure ML endpoints the network blocked and
what to ask IT to open. No URL path, query string or token from the file appears in the report.

  --format markdown|json|csv|text  report format (default markdown, for a ticket)
  --lang en|ja                     report language (default en)
  --private-ranges CIDR,...        your organisation's private address ranges, for private-endpoint
                                   DNS findings (default RFC 1918, 100.64.0.0/10, fc00::/7)
  --out FILE                       write the report to FILE instead of standard output

Exit codes: 0 diagnosed (blocked endpoints or not), 4 the HAR holds no Azure ML studio traffic
(save it from the studio tab while reproducing the problem), 2 usage error, 1 unreadable file.
  -h, --help                       this help

Examples:
  aml-network-doctor diagnose ml.azure.com.har
  aml-network-doctor diagnose ml.azure.com.har --lang ja --out report.md
  aml-network-doctor diagnose ml.azure.com.har --format json | jq '.findings[].patterns'
`;

type Format = "markdown" | "json" | "csv" | "text";
const FORMATS: readonly Format[] = ["markdown", "json", "csv", "text"];
/** Exit code of a HAR with no Azure ML studio traffic: the report is written, but it diagnosed nothing. */
export const EXIT_NO_STUDIO_TRAFFIC = 4;

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
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  if (parsed.values.help) {
    io.stdout(DIAGNOSE_HELP);
    return 0;
  }
  const format = oneOf<Format>("format", stringOption(parsed, "format"), FORMATS, "markdown");
  const lang = oneOf<Lang>("lang", stringOption(parsed, "lang"), LANGS, "en");
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
      `HAR ファイルは 1 つだけ指定してください (${parsed.positionals.length} 個指定されています)`,
    );
  }
  const path = parsed.positionals[0]!;

  let size: number;
  try {
    size = await io.fileSize(path);
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${ioErrorReason(error)}`);
  }
  if (size > MAX_HAR_BYTES) {
    throw new InputError(harTooLargeMessage(path, size));
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
    if (error instanceof HarError) throw new InputError(`${path}: ${error.message}`);
    // The file could not be read (it vanished, a directory, a permission).
    if (error instanceof Error && "code" in error) throw new InputError(`cannot read ${path}: ${ioErrorReason(error)}`);
    throw error;
  }
  for (const warning of report.warnings ?? []) io.stderr(`aml-network-doctor: ${warning}\n`);
  const noStudio = report.studio === false;
  if (noStudio) io.stderr(`aml-network-doctor: ${REPORT_TEXT[lang].noStudioTraffic}\n`);

  const out = stringOption(parsed, "out");
  await writeOutput(io, out, RENDER[format](report, io.timeZone?.()));
  if (out !== undefined) io.stderr(`aml-network-doctor: ${REPORT_TEXT[lang].written(report.findings.length, out)}\n`);
  return noStudio ? EXIT_NO_STUDIO_TRAFFIC : 0;
}
