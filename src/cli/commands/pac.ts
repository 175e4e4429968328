/** `aml-network-doctor pac`: a PAC file that routes Azure ML hosts one way and the rest another. */
import { parse, tokenizer } from "acorn";
import { LANGS, type Catalog, type Lang, type Localized } from "../../core/catalog/types.js";
import { MAX_PAC_BYTES, renderPac } from "../../core/pac.js";
import { describeRouteProblem, parseRoute } from "../../core/route.js";
import { oneOf, parseCommandArgs, stringOption } from "../args.js";
import { InputError, UsageError, ioErrorReason, writeOutput, type CliIo } from "../io.js";
import { SELECTION_HELP, SELECTION_OPTIONS, selectFromArgs } from "./select.js";

export const PAC_HELP: Localized = {
  en: `Usage: aml-network-doctor pac --via ROUTE [options]

Writes a proxy auto-config (PAC) file: Azure Machine Learning hosts go to --via, every other
host to --default (DIRECT when absent), or to an existing PAC file given with --wrap.

  --via ROUTE                      route for catalog hosts, e.g. "PROXY azproxy.contoso.com:8080" or DIRECT
  --default ROUTE                  route for every other host (default DIRECT)
  --wrap existing.pac              keep a corporate PAC for every other host (not with --default)
${SELECTION_HELP.en}
  --lang en|ja                     language of help and messages (the PAC file itself is ASCII)
  --out FILE                       write to FILE instead of standard output
  --stamp                          add the generation time to the header (output is otherwise byte-for-byte stable)
  -h, --help                       this help

A ROUTE is DIRECT, PROXY host:port, HTTPS host:port, SOCKS host:port, SOCKS4 host:port or
SOCKS5 host:port, several separated by ";" (tried left to right).

Examples:
  aml-network-doctor pac --via "PROXY azproxy.contoso.com:8080" --out azureml.pac
  aml-network-doctor pac --via DIRECT --default "PROXY proxy.contoso.com:3128" --cloud all
  aml-network-doctor pac --via "PROXY azproxy.contoso.com:8080" --wrap corporate.pac --out azureml.pac
`,
  ja: `使い方: aml-network-doctor pac --via 経路 [オプション]

プロキシ自動構成（PAC）ファイルを作成します。Azure Machine Learning のホストは --via の経路へ、
それ以外のホストは --default の経路（省略時は DIRECT）へ、または --wrap で指定した既存の PAC ファイルの
判定に従って振り分けます。

  --via 経路                       カタログのホストに使う経路（例: "PROXY azproxy.contoso.com:8080"、DIRECT）
  --default 経路                   それ以外のホストに使う経路（既定: DIRECT）
  --wrap existing.pac              それ以外のホストは社内の既存 PAC ファイルに任せる（--default とは併用不可）
${SELECTION_HELP.ja}
  --lang en|ja                     ヘルプとメッセージの言語（PAC ファイル自体は ASCII のみ）
  --out FILE                       標準出力ではなく FILE に書き込む
  --stamp                          ヘッダーに作成日時を入れる（付けなければ出力は毎回バイト単位で同じ）
  -h, --help                       このヘルプを表示する

経路には DIRECT、PROXY host:port、HTTPS host:port、SOCKS host:port、SOCKS4 host:port、
SOCKS5 host:port を指定できます。";" で区切って複数指定すると、左から順に試します。

例:
  aml-network-doctor pac --via "PROXY azproxy.contoso.com:8080" --out azureml.pac
  aml-network-doctor pac --via DIRECT --default "PROXY proxy.contoso.com:3128" --cloud all
  aml-network-doctor pac --via "PROXY azproxy.contoso.com:8080" --wrap corporate.pac --out azureml.pac
`,
};

interface AstNode {
  type: string;
  [key: string]: unknown;
}

function isNode(value: unknown): value is AstNode {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

function isNamed(node: unknown, name: string): boolean {
  return isNode(node) && node.type === "Identifier" && node.name === name;
}

/** Whether the program defines a global FindProxyForURL: a top-level function, variable or assignment (a comment or a string does not count). */
function definesFindProxyForURL(program: AstNode): boolean {
  for (const statement of program.body as AstNode[]) {
    if (statement.type === "FunctionDeclaration" && isNamed(statement.id, "FindProxyForURL")) return true;
    if (
      statement.type === "VariableDeclaration" &&
      (statement.declarations as AstNode[]).some((d) => isNamed(d.id, "FindProxyForURL") && d.init)
    )
      return true;
    if (
      statement.type === "ExpressionStatement" &&
      isNode(statement.expression) &&
      statement.expression.type === "AssignmentExpression"
    ) {
      const target = statement.expression.left;
      if (isNamed(target, "FindProxyForURL")) return true;
    }
  }
  return false;
}

/** `this.FindProxyForURL` or `this["FindProxyForURL"]`. */
function isGlobalFindProxy(node: unknown): boolean {
  if (
    !isNode(node) ||
    node.type !== "MemberExpression" ||
    !isNode(node.object) ||
    node.object.type !== "ThisExpression"
  )
    return false;
  const property = node.property;
  return node.computed
    ? isNode(property) && property.type === "Literal" && property.value === "FindProxyForURL"
    : isNamed(property, "FindProxyForURL");
}

/**
 * What in a wrapped PAC would reach for the generated code around it: our own names (AMLND_*,
 * amlnd*), or assigning the global FindProxyForURL through `this` (which would take over catalog
 * hosts in an engine without ES5 read-only properties). Undefined when there is none.
 */
function reachesOutside(program: AstNode): Localized | undefined {
  const stack: unknown[] = [program];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    if (!isNode(value)) continue;
    if (value.type === "Identifier" && typeof value.name === "string" && /^(?:AMLND_|amlnd)/.test(value.name))
      return {
        en: `uses the name ${value.name}, which the generated PAC reserves`,
        ja: `、生成する PAC ファイルが予約している名前 ${value.name} を使っています`,
      };
    if (value.type === "AssignmentExpression" && isGlobalFindProxy(value.left))
      return {
        en: "assigns this.FindProxyForURL, which would take over the generated FindProxyForURL",
        ja: "、this.FindProxyForURL に代入しています（生成する FindProxyForURL を乗っ取ってしまいます）",
      };
    for (const key in value) if (key !== "type") stack.push(value[key]);
  }
  return undefined;
}

/** Wrapped PACs must stay ES5, must define FindProxyForURL and keep to their own names; say exactly where they fail. */
function checkWrappedPac(source: string, name: string): void {
  let program: AstNode;
  try {
    program = parse(source, { ecmaVersion: 5, sourceType: "script" }) as unknown as AstNode;
  } catch (error) {
    let newer = false;
    try {
      parse(source, { ecmaVersion: "latest", sourceType: "script" });
      newer = true;
    } catch {
      // Not valid in any version: report the ES5 error below.
    }
    const detail = error instanceof Error ? error.message : String(error);
    throw new InputError(
      newer
        ? `${name} uses syntax newer than ES5 (${detail}); the combined PAC would fail on Windows and older engines`
        : `${name} is not valid JavaScript (${detail})`,
      newer
        ? `${name} に ES5 より新しい構文があります（${detail}）。組み合わせた PAC ファイルは Windows や古いエンジンで動作しません`
        : `${name} は JavaScript として正しくありません（${detail}）`,
    );
  }
  if (!definesFindProxyForURL(program))
    throw new InputError(
      `${name} defines no FindProxyForURL function`,
      `${name} に FindProxyForURL 関数が定義されていません`,
    );
  const reach = reachesOutside(program);
  if (reach !== undefined)
    throw new InputError(
      `${name} ${reach.en}; rename it or route through FindProxyForURL's return value`,
      `${name} は${reach.ja}。名前を変えるか、FindProxyForURL の戻り値で経路を返してください`,
    );
}

/**
 * The wrapped source with non-ASCII white space and line separators between tokens made ASCII.
 * The PAC must be ASCII, and renderPac escapes every other non-ASCII character as \uXXXX, which is
 * right inside strings, regexps and comments but turns a no-break space between tokens into an
 * invalid identifier escape, and makes a U+2028 that ended a line comment part of the comment.
 */
export function asciiWhitespace(source: string): string {
  const gap = (text: string) =>
    text.replace(/[\u2028\u2029]/g, "\n").replace(/[^\x00-\x7e]/g, (c) => (/\s/.test(c) ? " " : c));
  let out = "";
  let last = 0;
  for (const token of tokenizer(source, { ecmaVersion: 5 })) {
    out += gap(source.slice(last, token.start)) + source.slice(token.start, token.end);
    last = token.end;
  }
  return out + gap(source.slice(last));
}

export async function runPac(
  argv: readonly string[],
  io: CliIo,
  context: { catalog: Catalog; toolVersion: string },
): Promise<number> {
  const parsed = parseCommandArgs(argv, {
    via: { type: "string" },
    default: { type: "string" },
    wrap: { type: "string" },
    out: { type: "string" },
    stamp: { type: "boolean" },
    lang: { type: "string" },
    help: { type: "boolean", short: "h" },
    ...SELECTION_OPTIONS,
  });
  const lang = oneOf<Lang>("lang", stringOption(parsed, "lang"), LANGS, "en");
  if (parsed.values.help) {
    io.stdout(PAC_HELP[lang]);
    return 0;
  }
  const viaText = stringOption(parsed, "via");
  if (viaText === undefined)
    throw new UsageError(
      'pac needs --via ROUTE (e.g. --via "PROXY azproxy.contoso.com:8080")',
      '--via で経路を指定してください（例: --via "PROXY azproxy.contoso.com:8080"）',
    );
  const via = parseRoute(viaText);
  if (!via.ok) throw new UsageError(`--via: ${via.error}`, `--via: ${describeRouteProblem(via.problem, "ja")}`);
  const defaultText = stringOption(parsed, "default");
  const wrapPath = stringOption(parsed, "wrap");
  if (wrapPath !== undefined && defaultText !== undefined) {
    throw new UsageError(
      "--wrap and --default cannot be used together: the wrapped PAC decides every other host",
      "--wrap と --default は同時に使えません（それ以外のホストの経路は、--wrap の PAC ファイルが決めます）",
    );
  }
  const fallback = defaultText === undefined ? undefined : parseRoute(defaultText);
  if (fallback && !fallback.ok)
    throw new UsageError(`--default: ${fallback.error}`, `--default: ${describeRouteProblem(fallback.problem, "ja")}`);
  const { entries, describe } = selectFromArgs(parsed, context.catalog);

  let wrap: { source: string; name: string } | undefined;
  if (wrapPath !== undefined) {
    const name = wrapPath.split(/[\\/]/).pop() ?? wrapPath;
    let source: string;
    try {
      if ((await io.fileSize(wrapPath)) > MAX_PAC_BYTES)
        throw new InputError(
          `${name} is larger than 1 MB, the most browsers accept for a PAC file`,
          `${name} は 1 MB を超えています（ブラウザーが PAC ファイルとして受け付ける上限）`,
        );
      source = await io.readFile(wrapPath);
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(
        `cannot read --wrap file ${wrapPath}: ${ioErrorReason(error)}`,
        `--wrap のファイル ${wrapPath} を読み込めません: ${ioErrorReason(error)}`,
      );
    }
    checkWrappedPac(source, name);
    wrap = { source: asciiWhitespace(source), name };
  }

  const options = [
    `Options: --via "${via.value}"`,
    fallback?.ok ? `--default "${fallback.value}"` : "",
    wrap ? `--wrap ${wrap.name}` : "",
    describe,
  ]
    .filter((part) => part !== "")
    .join(" ");
  const pac = renderPac(entries, {
    via: via.value,
    ...(fallback?.ok ? { default: fallback.value } : {}),
    ...(wrap ? { wrap } : {}),
    catalogVersion: context.catalog.version,
    toolVersion: context.toolVersion,
    comment: [options],
    ...(parsed.values.stamp ? { stamp: io.now().toISOString() } : {}),
  });
  if (Buffer.byteLength(pac) > MAX_PAC_BYTES)
    throw new InputError(
      "the PAC file would be larger than 1 MB, the most browsers accept",
      "PAC ファイルが 1 MB（ブラウザーが受け付ける上限）を超えてしまいます",
    );

  const out = stringOption(parsed, "out");
  await writeOutput(io, out, pac);
  if (out !== undefined) {
    const bytes = Buffer.byteLength(pac);
    io.stderr(
      lang === "ja"
        ? `${out} に書き込みました（エントリ ${entries.length} 件、${bytes} バイト）\n`
        : `wrote ${out} (${entries.length} entries, ${bytes} bytes)\n`,
    );
  }
  return 0;
}
