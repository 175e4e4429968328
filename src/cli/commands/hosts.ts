/** `aml-network-doctor hosts`: the allow-list in the formats IT uses. */
import { ALLOWLIST_FORMATS, allowlistTable, renderAllowlist } from "../../core/allowlist.js";
import {
  CLOUDS,
  LANGS,
  type Catalog,
  type CatalogEntry,
  type Cloud,
  type Lang,
  type Localized,
} from "../../core/catalog/types.js";
import { oneOf, parseCommandArgs, stringOption } from "../args.js";
import { UsageError, writeOutput, type CliIo } from "../io.js";
import { padTable } from "../text-table.js";
import { SELECTION_HELP, SELECTION_OPTIONS, selectFromArgs } from "./select.js";

export const HOSTS_HELP: Localized = {
  en: `Usage: aml-network-doctor hosts [options]

Prints the hosts Azure Machine Learning needs, selected as \`pac\` selects them.

  --format FORMAT                  text: one pattern a line (default); table: columns for a
                                   terminal; csv, json, markdown;
                                   squid: acl lines; azure-firewall: an az CLI script;
                                   bicep, terraform: an Azure Firewall rule collection group;
                                   paloalto: a URL List EDL; zscaler: a custom URL category;
                                   proxy-bypass: a ;-separated list (Windows, Chrome, Edge)
  --lang en|ja                     language of purposes and headings (default en)
${SELECTION_HELP.en}
  --list-entries                   list the catalog's entry ids: what each is for, whether every
                                   workspace needs it, its clouds (--format table or json)
  --out FILE                       write to FILE instead of standard output
  -h, --help                       this help

In text and squid, the hosts of a conditional entry follow a "# conditional (id): when ..."
comment line; --required-only leaves those entries (and the comments) out.

Examples:
  aml-network-doctor hosts
  aml-network-doctor hosts --format table --lang ja
  aml-network-doctor hosts --format squid --include-compute > azureml.acl
  aml-network-doctor hosts --required-only --format squid > azureml-required.acl
  aml-network-doctor hosts --list-entries
  aml-network-doctor hosts --format terraform --include-compute > azure-ml-firewall.tf
`,
  ja: `使い方: aml-network-doctor hosts [オプション]

Azure Machine Learning が使うホストを出力します。対象のエントリは \`pac\` と同じ方法で選びます。

  --format FORMAT                  text: 1 行に 1 パターン（既定）、table: 端末向けの表形式、
                                   csv、json、markdown、
                                   squid: acl 行、azure-firewall: az CLI スクリプト、
                                   bicep、terraform: Azure Firewall のルール コレクション グループ、
                                   paloalto: URL リスト（EDL）、zscaler: カスタム URL カテゴリ、
                                   proxy-bypass: ; 区切りの一覧（Windows、Chrome、Edge）
  --lang en|ja                     用途や見出しの言語（既定: en）
${SELECTION_HELP.ja}
  --list-entries                   カタログのエントリ ID を一覧表示する（用途、全ワークスペースで
                                   必須かどうか、対象クラウド。--format table または json）
  --out FILE                       標準出力ではなく FILE に書き込む
  -h, --help                       このヘルプを表示する

text と squid では、条件付きエントリのホストの前に「# 条件付き（ID）: …場合のみ」という
コメント行が入ります。--required-only を付けると、条件付きエントリ（とコメント）を除きます。

例:
  aml-network-doctor hosts
  aml-network-doctor hosts --format table --lang ja
  aml-network-doctor hosts --format squid --include-compute > azureml.acl
  aml-network-doctor hosts --required-only --format squid > azureml-required.acl
  aml-network-doctor hosts --list-entries --lang ja
  aml-network-doctor hosts --format terraform --include-compute > azure-ml-firewall.tf
`,
};

/** `table` is the CLI's own format: the core gives the rows, the terminal padding is done here. */
const FORMATS = [...ALLOWLIST_FORMATS, "table"] as const;
type Format = (typeof FORMATS)[number];

const LIST_TEXT = {
  en: {
    head: ["Entry id", "Name", "Needed", "Clouds", "Purpose"],
    required: "required",
    conditional: "conditional",
    legacy: "legacy",
  },
  ja: {
    head: ["エントリ ID", "名前", "要否", "クラウド", "用途"],
    required: "必須",
    conditional: "条件付き",
    legacy: "旧エントリ",
  },
} as const;

function status(entry: CatalogEntry): "required" | "conditional" | "legacy" {
  return entry.legacy ? "legacy" : entry.required ? "required" : "conditional";
}

/** Every entry id `--entries` takes, with its name, purpose, status and clouds; a conditional or legacy entry's condition on the next row. */
function renderEntryList(entries: readonly CatalogEntry[], format: "table" | "json", lang: Lang): string {
  if (format === "json") {
    const list = entries.map((entry) => ({
      id: entry.id,
      name: entry.name[lang],
      status: status(entry),
      clouds: entry.clouds,
      purpose: entry.purpose[lang],
      ...(entry.optional ? { when: entry.optional[lang] } : {}),
    }));
    return JSON.stringify(list, null, 2) + "\n";
  }
  const text = LIST_TEXT[lang];
  const rows = entries.flatMap((entry) => {
    const first = [entry.id, entry.name[lang], text[status(entry)], entry.clouds.join(" "), entry.purpose[lang]];
    return entry.optional ? [first, ["", "", "", "", entry.optional[lang]]] : [first];
  });
  return padTable(text.head, rows);
}

export async function runHosts(
  argv: readonly string[],
  io: CliIo,
  context: { catalog: Catalog; toolVersion: string },
): Promise<number> {
  const parsed = parseCommandArgs(argv, {
    format: { type: "string" },
    lang: { type: "string" },
    out: { type: "string" },
    "list-entries": { type: "boolean" },
    help: { type: "boolean", short: "h" },
    ...SELECTION_OPTIONS,
  });
  const lang = oneOf<Lang>("lang", stringOption(parsed, "lang"), LANGS, "en");
  if (parsed.values.help) {
    io.stdout(HOSTS_HELP[lang]);
    return 0;
  }
  if (parsed.values["list-entries"]) {
    const others = ["entries", "include-compute", "required-only"].filter((name) => parsed.values[name] !== undefined);
    if (others.length > 0)
      throw new UsageError(
        `--list-entries lists every entry (narrow it with --cloud only): drop --${others.join(", --")}`,
        `--list-entries はすべてのエントリを一覧表示します（絞り込みは --cloud のみ）。--${others.join("、--")} を外してください`,
      );
    const format = oneOf("format", stringOption(parsed, "format"), ["table", "json"] as const, "table");
    const cloud = stringOption(parsed, "cloud");
    const chosen = oneOf<Cloud | "all">("cloud", cloud, [...CLOUDS, "all"], "all");
    const entries = context.catalog.entries.filter((entry) => chosen === "all" || entry.clouds.includes(chosen));
    await writeOutput(io, stringOption(parsed, "out"), renderEntryList(entries, format, lang));
    return 0;
  }
  const format = oneOf<Format>("format", stringOption(parsed, "format"), FORMATS, "text");
  const { entries, describe, cloud } = selectFromArgs(parsed, context.catalog);
  let text: string;
  if (format === "table") {
    const table = allowlistTable(entries, lang);
    text = padTable(table.head, table.rows);
  } else {
    text = renderAllowlist(entries, {
      format,
      lang,
      catalogVersion: context.catalog.version,
      toolVersion: context.toolVersion,
      cloud,
      selection: describe,
    });
  }
  await writeOutput(io, stringOption(parsed, "out"), text);
  return 0;
}
