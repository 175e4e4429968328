/** `aml-network-doctor which HOST...`: which catalog entry owns each host, and what it needs. */
import { CLOUDS, LANGS, type Catalog, type Cloud, type Lang, type Localized } from "../../core/catalog/types.js";
import {
  WHICH_FORMATS,
  catalogForCloud,
  hostOfInput,
  ownerOfHost,
  renderWhich,
  type WhichFormat,
} from "../../core/which.js";
import { oneOf, parseCommandArgs, stringOption } from "../args.js";
import { UsageError, type CliIo } from "../io.js";

export const WHICH_HELP: Localized = {
  en: `Usage: aml-network-doctor which HOST... [options]

Says what each host is for: the catalog entry that owns it (id, purpose, whether it is required,
the ports and WebSocket need of the pattern that matched, clouds, legacy status, sources), or that
no entry owns it. A HOST is a bare name (ml.azure.com, ml.azure.com:443) or a URL, of which only the
host is used.

  --cloud public|usgov|china|all   look only at this cloud's entries (default all)
  --format text|json|markdown      text (default); json: one array, an object per host
  --lang en|ja                     language of purposes and labels (default en)
  -h, --help                       this help

Exit codes: 0 every host is owned by an entry, 3 some host is owned by none, 2 usage error
(including a HOST that is neither a host name nor a URL).

Examples:
  aml-network-doctor which ci1.westeurope.instances.azureml.ms
  aml-network-doctor which https://mystorage.file.core.windows.net/share login.windows.net --format json
  aml-network-doctor which ml.azure.us --cloud usgov --lang ja
`,
  ja: `使い方: aml-network-doctor which HOST... [オプション]

各ホストの用途を表示します。ホストが該当するカタログ エントリ（ID、用途、必須かどうか、該当したパターンの
ポートと WebSocket の要否、クラウド、旧エントリかどうか、出典）、またはどのエントリにも該当しないことを
示します。HOST にはホスト名（ml.azure.com、ml.azure.com:443）または URL を指定します。URL の場合は
ホスト名の部分だけを使います。

  --cloud public|usgov|china|all   このクラウドのエントリだけを対象にする（既定: all）
  --format text|json|markdown      text（既定）、json: ホストごとのオブジェクトを並べた配列
  --lang en|ja                     用途や項目名の言語（既定: en）
  -h, --help                       このヘルプを表示する

終了コード: 0 すべてのホストがいずれかのエントリに該当、3 どのエントリにも該当しないホストがある、
2 使い方の誤り（ホスト名でも URL でもない HOST を含む）。

例:
  aml-network-doctor which ci1.westeurope.instances.azureml.ms
  aml-network-doctor which https://mystorage.file.core.windows.net/share login.windows.net --format json
  aml-network-doctor which ml.azure.us --cloud usgov --lang ja
`,
};

/** Exit code when at least one host is owned by no catalog entry. */
export const EXIT_UNOWNED = 3;

export async function runWhich(
  argv: readonly string[],
  io: CliIo,
  context: { catalog: Catalog; toolVersion: string },
): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    {
      cloud: { type: "string" },
      format: { type: "string" },
      lang: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  const lang = oneOf<Lang>("lang", stringOption(parsed, "lang"), LANGS, "en");
  if (parsed.values.help) {
    io.stdout(WHICH_HELP[lang]);
    return 0;
  }
  const cloud = oneOf<Cloud | "all">("cloud", stringOption(parsed, "cloud"), [...CLOUDS, "all"], "all");
  const format = oneOf<WhichFormat>("format", stringOption(parsed, "format"), WHICH_FORMATS, "text");
  if (parsed.positionals.length === 0) {
    throw new UsageError(
      "which needs at least one host: aml-network-doctor which HOST...",
      "ホスト名を 1 つ以上指定してください: aml-network-doctor which HOST...",
    );
  }
  const hosts = parsed.positionals.map((input) => {
    const host = hostOfInput(input);
    if (host === undefined) {
      throw new UsageError(
        `${JSON.stringify(input)} is neither a host name nor a URL with a host`,
        `${JSON.stringify(input)} はホスト名でも、ホストを含む URL でもありません`,
      );
    }
    return host;
  });
  const catalog = catalogForCloud(context.catalog, cloud);
  const owners = hosts.map((host) => ownerOfHost(host, catalog));
  io.stdout(renderWhich(owners, { format, lang, cloud }));
  return owners.every((owner) => owner.entry !== undefined) ? 0 : EXIT_UNOWNED;
}
