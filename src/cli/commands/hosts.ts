/** `aml-network-doctor hosts`: the allow-list in the formats IT uses. */
import { ALLOWLIST_FORMATS, renderAllowlist, type AllowlistFormat } from "../../core/allowlist.js";
import { LANGS, type Catalog, type Lang } from "../../core/catalog/types.js";
import { oneOf, parseCommandArgs, stringOption } from "../args.js";
import { writeOutput, type CliIo } from "../io.js";
import { SELECTION_HELP, SELECTION_OPTIONS, selectFromArgs } from "./select.js";

const HOSTS_HELP = `Usage: aml-network-doctor hosts [options]

Prints the hosts Azure Machine Learning needs, selected as \`pac\` selects them.

  --format FORMAT                  text: one pattern a line (default); csv, json, markdown;
                                   squid: acl lines; azure-firewall: an az CLI script;
                                   bicep, terraform: an Azure Firewall rule collection group;
                                   paloalto: a URL List EDL; zscaler: a custom URL category;
                                   proxy-bypass: a ;-separated list (Windows, Chrome, Edge)
  --lang en|ja                     language of purposes and headings (default en)
${SELECTION_HELP}
  --out FILE                       write to FILE instead of standard output
  -h, --help                       this help

Examples:
  aml-network-doctor hosts
  aml-network-doctor hosts --format squid --include-compute > azureml.acl
  aml-network-doctor hosts --format markdown --lang ja
  aml-network-doctor hosts --format terraform --include-compute > azure-ml-firewall.tf
`;

export async function runHosts(
  argv: readonly string[],
  io: CliIo,
  context: { catalog: Catalog; toolVersion: string },
): Promise<number> {
  const parsed = parseCommandArgs(argv, {
    format: { type: "string" },
    lang: { type: "string" },
    out: { type: "string" },
    help: { type: "boolean", short: "h" },
    ...SELECTION_OPTIONS,
  });
  if (parsed.values.help) {
    io.stdout(HOSTS_HELP);
    return 0;
  }
  const format = oneOf<AllowlistFormat>("format", stringOption(parsed, "format"), ALLOWLIST_FORMATS, "text");
  const lang = oneOf<Lang>("lang", stringOption(parsed, "lang"), LANGS, "en");
  const { entries, describe, cloud } = selectFromArgs(parsed, context.catalog);
  const text = renderAllowlist(entries, {
    format,
    lang,
    catalogVersion: context.catalog.version,
    toolVersion: context.toolVersion,
    cloud,
    selection: describe,
  });
  await writeOutput(io, stringOption(parsed, "out"), text);
  return 0;
}
