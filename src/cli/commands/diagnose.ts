/** `aml-network-doctor diagnose FILE.har`: the extension's diagnosis, for a HAR file saved from DevTools. */
import { LANGS, type Catalog, type Lang } from "../../core/catalog/types.js";
import { HarError, MAX_HAR_BYTES, diagnoseHar } from "../../core/har.js";
import { renderCsv, renderJson, renderMarkdown, renderText } from "../../core/report.js";
import type { Report } from "../../core/report-schema.js";
import { oneOf, parseCommandArgs, stringOption } from "../args.js";
import { InputError, UsageError, ioErrorReason, type CliIo } from "../io.js";

const DIAGNOSE_HELP = `Usage: aml-network-doctor diagnose FILE.har [options]

Reads a HAR file saved from Chrome, Edge or Firefox DevTools (Network > "Save all as HAR") while
using Azure Machine Learning studio, and reports which Azure ML endpoints the network blocked and
what to ask IT to open. No URL path, query string or token from the file appears in the report.

  --format markdown|json|csv|text  report format (default markdown, for a ticket)
  --lang en|ja                     report language (default en)
  --out FILE                       write the report to FILE instead of standard output
  -h, --help                       this help

Examples:
  aml-network-doctor diagnose ml.azure.com.har
  aml-network-doctor diagnose ml.azure.com.har --lang ja --out report.md
  aml-network-doctor diagnose ml.azure.com.har --format json | jq '.findings[].patterns'
`;

type Format = "markdown" | "json" | "csv" | "text";
const FORMATS: readonly Format[] = ["markdown", "json", "csv", "text"];
const RENDER: Record<Format, (report: Report) => string> = {
  markdown: renderMarkdown,
  json: renderJson,
  csv: renderCsv,
  text: renderText,
};

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

export async function runDiagnose(argv: readonly string[], io: CliIo, context: { catalog: Catalog; toolVersion: string }): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    { format: { type: "string" }, lang: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } },
    true,
  );
  if (parsed.values.help) {
    io.stdout(DIAGNOSE_HELP);
    return 0;
  }
  const format = oneOf<Format>("format", stringOption(parsed, "format"), FORMATS, "markdown");
  const lang = oneOf<Lang>("lang", stringOption(parsed, "lang"), LANGS, "en");
  if (parsed.positionals.length === 0) throw new UsageError("diagnose needs a HAR file: aml-network-doctor diagnose FILE.har");
  if (parsed.positionals.length > 1) throw new UsageError(`diagnose reads one HAR file (got ${parsed.positionals.length})`);
  const path = parsed.positionals[0]!;

  let size: number;
  try {
    size = await io.fileSize(path);
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${ioErrorReason(error)}`);
  }
  if (size > MAX_HAR_BYTES) {
    throw new InputError(
      `${path} is ${megabytes(size)}; the limit is ${megabytes(MAX_HAR_BYTES)}. Save a HAR of just the failing page (clear the Network panel, reload, then "Save all as HAR").`,
    );
  }
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${ioErrorReason(error)}`);
  }

  let report: Report;
  try {
    report = diagnoseHar(text, { catalog: context.catalog, lang, now: io.now().getTime(), toolVersion: context.toolVersion });
  } catch (error) {
    if (error instanceof HarError) throw new InputError(`${path}: ${error.message}`);
    throw error;
  }
  for (const warning of report.warnings ?? []) io.stderr(`aml-network-doctor: ${warning}\n`);

  const output = RENDER[format](report);
  const out = stringOption(parsed, "out");
  if (out === undefined) io.stdout(output);
  else {
    try {
      await io.writeFile(out, output);
    } catch (error) {
      throw new InputError(`cannot write ${out}: ${ioErrorReason(error)}`);
    }
  }
  return 0;
}
