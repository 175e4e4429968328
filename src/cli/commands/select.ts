/** The entry selection flags shared by `pac` and `hosts`. */
import { CLOUDS, type Catalog, type CatalogEntry, type Cloud, type Localized } from "../../core/catalog/types.js";
import { selectEntries } from "../../core/selection.js";
import { oneOf, stringOption, type Parsed } from "../args.js";
import { UsageError } from "../io.js";
import { closest } from "../suggest.js";

export const SELECTION_OPTIONS = {
  cloud: { type: "string" },
  entries: { type: "string" },
  "include-compute": { type: "boolean" },
  "required-only": { type: "boolean" },
} as const;

export const SELECTION_HELP: Localized = {
  en: `  --cloud public|usgov|china|all   cloud to cover (default public)
  --include-compute                also the hosts compute instances, clusters and the SDK need
  --required-only                  only the entries every workspace needs (no VS Code, online
                                   endpoints, Microsoft account, OCSP/CRL, ...)
  --entries id,id,...              exactly these catalog entries (see: hosts --list-entries)`,
  ja: `  --cloud public|usgov|china|all   対象のクラウド（既定: public）
  --include-compute                コンピューティング インスタンス、クラスター、SDK が使うホストも含める
  --required-only                  どのワークスペースでも必要なエントリだけにする（VS Code、
                                   オンライン エンドポイント、Microsoft アカウント、OCSP/CRL などを除く）
  --entries id,id,...              指定したカタログ エントリだけにする（一覧: hosts --list-entries）`,
};

const LIST_HINT = "aml-network-doctor hosts --list-entries";

/** The usage error for ids the catalog does not have: a suggestion for each, every valid id, and where they are described. */
function unknownIdsError(unknown: readonly string[], catalog: Catalog): UsageError {
  const ids = catalog.entries.map((entry) => entry.id);
  const named = (lang: "en" | "ja") =>
    unknown
      .map((id) => {
        const near = closest(id, ids);
        if (near === undefined) return id;
        return lang === "ja" ? `${id}（「${near}」のことですか?）` : `${id} (did you mean "${near}"?)`;
      })
      .join(lang === "ja" ? "、" : ", ");
  return new UsageError(
    `unknown entry id: ${named("en")}; valid ids: ${ids.join(", ")}; "${LIST_HINT}" says what each is for`,
    `不明なエントリ ID です: ${named("ja")}。有効な ID: ${ids.join("、")}。各エントリの用途は「${LIST_HINT}」で確認できます`,
  );
}

export function selectFromArgs(
  parsed: Parsed,
  catalog: Catalog,
): { entries: CatalogEntry[]; describe: string; cloud: string } {
  const ids = stringOption(parsed, "entries");
  const cloudText = stringOption(parsed, "cloud");
  const includeCompute = parsed.values["include-compute"] === true;
  const requiredOnly = parsed.values["required-only"] === true;
  if (ids !== undefined && (cloudText !== undefined || includeCompute || requiredOnly)) {
    throw new UsageError(
      "--entries names the entries exactly: drop --cloud, --include-compute and --required-only",
      "--entries はエントリをそのまま指定するオプションです。--cloud、--include-compute、--required-only と同時には使えません",
    );
  }
  if (ids !== undefined) {
    const list = ids
      .split(",")
      .map((id) => id.trim())
      .filter((id) => id !== "");
    if (list.length === 0)
      throw new UsageError(
        "--entries needs at least one entry id",
        "--entries にはエントリ ID を 1 つ以上指定してください",
      );
    const known = new Set(catalog.entries.map((entry) => entry.id));
    const unknown = list.filter((id) => !known.has(id));
    if (unknown.length > 0) throw unknownIdsError(unknown, catalog);
    const result = selectEntries(catalog, { entries: list });
    if (!result.ok) throw new UsageError(result.error);
    const clouds = [...new Set(result.entries.flatMap((entry) => entry.clouds))];
    return { entries: result.entries, describe: `--entries ${list.join(",")}`, cloud: clouds.join(",") };
  }
  const cloud = oneOf<Cloud | "all">("cloud", cloudText, [...CLOUDS, "all"], "public");
  const result = selectEntries(catalog, { cloud, includeCompute, requiredOnly });
  if (!result.ok) throw new UsageError(result.error);
  const flags = [`--cloud ${cloud}`, includeCompute ? "--include-compute" : "", requiredOnly ? "--required-only" : ""];
  return { entries: result.entries, describe: flags.filter((flag) => flag !== "").join(" "), cloud };
}
