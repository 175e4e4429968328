/** The command line: `main(argv, io)` returns the exit code; only bin.ts touches the process. */
import { CATALOG } from "../core/catalog/index.js";
import type { Catalog, Localized } from "../core/catalog/types.js";
import { PacError } from "../core/pac.js";
import { TOOL_VERSION } from "../version.js";
import { runCheck } from "./commands/check.js";
import { runDiagnose } from "./commands/diagnose.js";
import { runDns } from "./commands/dns.js";
import { runHosts } from "./commands/hosts.js";
import { runMerge } from "./commands/merge.js";
import { runPac } from "./commands/pac.js";
import { runWhich } from "./commands/which.js";
import { InputError, UsageError, type CliIo } from "./io.js";
import { closest } from "./suggest.js";

const MAIN_HELP: Localized = {
  en: `aml-network-doctor ${TOOL_VERSION}: which Azure Machine Learning endpoints does this network block?

Usage: aml-network-doctor <command> [options]

Commands:
  pac        write a PAC file that routes Azure ML hosts (--via) apart from the rest
  hosts      print the allow-list (text, table, csv, json, markdown, squid, ...)
  diagnose   read a HAR file saved from the browser and report what the network blocked
  which      say which catalog entry owns a host: what it is for and whether it is needed
  check      check now, through a proxy or PAC, every Azure ML host the browser needs
  dns        check how hosts resolve: private endpoint, public, or a missing private DNS zone
  merge      merge many users' JSON reports into one table for IT

Common tasks:
  aml-network-doctor hosts --format squid > azureml.acl        the allow-list for a Squid proxy
  aml-network-doctor pac --via "PROXY azproxy.contoso.com:8080" --out azureml.pac
                                                                a PAC file: Azure ML through that proxy
  aml-network-doctor diagnose user.har --lang ja               what a user's HAR file says is blocked

Run "aml-network-doctor <command> --help" for a command's options; --version prints the version.
Exit codes: 0 ok, 2 usage error, 1 anything else; 3 from which when a host is owned by no entry,
from check when something is blocked, from dns when private-endpoint DNS is incomplete, and from
diagnose --fail-on-blocked when an endpoint is blocked; 4 from diagnose when the HAR holds no
Azure ML studio traffic (nothing to diagnose).
`,
  ja: `aml-network-doctor ${TOOL_VERSION}: このネットワークでブロックされている Azure Machine Learning のエンドポイントを調べます

使い方: aml-network-doctor <コマンド> [オプション]

コマンド:
  pac        Azure ML のホストだけを --via の経路に振り分ける PAC ファイルを作成する
  hosts      許可リストを出力する（text、table、csv、json、markdown、squid など）
  diagnose   ブラウザーで保存した HAR ファイルを読み、ネットワークでブロックされた通信を報告する
  which      ホストがどのカタログ エントリに該当するか、用途と要否を表示する
  check      プロキシまたは PAC を通して、ブラウザーが使う Azure ML のホストに今すぐ接続を試す
  dns        ホストの名前解決を確認する（プライベート エンドポイント、パブリック、プライベート DNS ゾーンの不足）
  merge      複数ユーザーの JSON レポートを、IT 部門向けの 1 つの表にまとめる

よく使う操作:
  aml-network-doctor hosts --format squid > azureml.acl        Squid プロキシ用の許可リスト
  aml-network-doctor pac --via "PROXY azproxy.contoso.com:8080" --out azureml.pac
                                                                Azure ML だけをこのプロキシ経由にする PAC ファイル
  aml-network-doctor diagnose user.har --lang ja               ユーザーの HAR ファイルから、ブロックされた通信を調べる

各コマンドのオプションは「aml-network-doctor <コマンド> --help」で確認できます。--version でバージョンを表示します。
終了コード: 0 正常、2 使い方の誤り、1 その他のエラー。3 は、which でどのエントリにも該当しないホストが
あったとき、check でブロックされた通信があったとき、dns でプライベート エンドポイントの DNS 設定が不完全な
とき、diagnose --fail-on-blocked でブロックされたエンドポイントがあったとき。4 は、diagnose で HAR に
Azure ML スタジオの通信が含まれていないとき（診断する対象がない）。
`,
};

type Command = (argv: string[], io: CliIo, context: { catalog: Catalog; toolVersion: string }) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  pac: runPac,
  hosts: runHosts,
  diagnose: runDiagnose,
  which: runWhich,
  check: runCheck,
  dns: runDns,
  merge: runMerge,
};

function oneLine(text: string): string {
  // split + trim rather than /\s*[\r\n]+\s*/, which retries a long run of spaces from each of them.
  return text
    .split(/[\r\n]+/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join(" ");
}

/** `--lang X` before the command (`aml-network-doctor --lang ja hosts`) moves after it, where every command reads it. */
function langAfterCommand(argv: readonly string[]): readonly string[] {
  if (argv[0] === "--lang" && argv.length >= 2) return [...argv.slice(2), "--lang", argv[1]!];
  if (argv[0]?.startsWith("--lang=")) return [...argv.slice(1), argv[0]];
  return argv;
}

export async function main(input: readonly string[], io: CliIo, catalog: Catalog = CATALOG): Promise<number> {
  const argv = langAfterCommand(input);
  const [name, ...rest] = argv;
  const japanese = argv.some((arg, i) => arg === "--lang=ja" || (arg === "--lang" && argv[i + 1] === "ja"));
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help" || name.startsWith("--lang")) {
      io.stdout(MAIN_HELP[japanese ? "ja" : "en"]);
      return name === undefined || name.startsWith("--lang") ? 2 : 0;
    }
    if (name === "--version" || name === "-V") {
      io.stdout(`${TOOL_VERSION}\n`);
      return 0;
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) {
      const suggestion = closest(name, Object.keys(COMMANDS));
      throw new UsageError(
        `unknown command ${JSON.stringify(name)}${suggestion ? `: did you mean "${suggestion}"?` : ""} (commands: ${Object.keys(COMMANDS).join(", ")})`,
        `不明なコマンドです: ${JSON.stringify(name)}${suggestion ? `（「${suggestion}」のことですか?）` : ""}（コマンド: ${Object.keys(COMMANDS).join("、")}）`,
      );
    }
    return await command(rest, io, { catalog, toolVersion: TOOL_VERSION });
  } catch (error) {
    if (error instanceof UsageError) {
      // Help for the command when there is one, else the top-level help: the raw argument could
      // carry escape sequences, so it is named only when it is a command.
      const help =
        name !== undefined && Object.hasOwn(COMMANDS, name)
          ? `aml-network-doctor ${name} --help`
          : "aml-network-doctor --help";
      const message = japanese && error.ja ? error.ja : error.message;
      io.stderr(
        `aml-network-doctor: ${oneLine(message)}\n${japanese ? `使い方は「${help}」で確認できます。` : `Try "${help}".`}\n`,
      );
      return 2;
    }
    if (error instanceof InputError || error instanceof PacError) {
      const message = japanese && error instanceof InputError && error.ja ? error.ja : error.message;
      io.stderr(`aml-network-doctor: ${oneLine(message)}\n`);
      return 1;
    }
    // Unexpected: still no stack trace for the user, but enough to file a bug.
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.stderr(`aml-network-doctor: unexpected error: ${oneLine(message)}\n`);
    return 1;
  }
}
