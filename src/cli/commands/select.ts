/** The entry selection flags shared by `pac` and `hosts`. */
import { CLOUDS, type Catalog, type CatalogEntry, type Cloud } from "../../core/catalog/types.js";
import { selectEntries } from "../../core/selection.js";
import { oneOf, stringOption, type Parsed } from "../args.js";
import { UsageError } from "../io.js";
import { closest } from "../suggest.js";

export const SELECTION_OPTIONS = {
  cloud: { type: "string" },
  entries: { type: "string" },
  "include-compute": { type: "boolean" },
} as const;

export const SELECTION_HELP = `  --cloud public|usgov|china|all   cloud to cover (default public)
  --include-compute                also the hosts compute instances, clusters and the SDK need
  --entries id,id,...              exactly these catalog entries (see: hosts --format csv)`;

export function selectFromArgs(
  parsed: Parsed,
  catalog: Catalog,
): { entries: CatalogEntry[]; describe: string; cloud: string } {
  const ids = stringOption(parsed, "entries");
  const cloudText = stringOption(parsed, "cloud");
  const includeCompute = parsed.values["include-compute"] === true;
  if (ids !== undefined && (cloudText !== undefined || includeCompute)) {
    throw new UsageError("--entries names the entries exactly: drop --cloud and --include-compute");
  }
  if (ids !== undefined) {
    const list = ids
      .split(",")
      .map((id) => id.trim())
      .filter((id) => id !== "");
    if (list.length === 0) throw new UsageError("--entries needs at least one entry id");
    const result = selectEntries(catalog, { entries: list });
    if (!result.ok) {
      const ids = catalog.entries.map((entry) => entry.id);
      const hints = list
        .filter((id) => !ids.includes(id))
        .flatMap((id) => {
          const near = closest(id, ids);
          return near ? [`"${id}" → "${near}"`] : [];
        });
      throw new UsageError(
        `${result.error}${hints.length > 0 ? ` (did you mean ${hints.join(", ")}?)` : ""}; "aml-network-doctor hosts --format csv" lists the ids`,
      );
    }
    const clouds = [...new Set(result.entries.flatMap((entry) => entry.clouds))];
    return { entries: result.entries, describe: `--entries ${list.join(",")}`, cloud: clouds.join(",") };
  }
  const cloud = oneOf<Cloud | "all">("cloud", cloudText, [...CLOUDS, "all"], "public");
  const result = selectEntries(catalog, { cloud, includeCompute });
  if (!result.ok) throw new UsageError(result.error);
  return { entries: result.entries, describe: `--cloud ${cloud}${includeCompute ? " --include-compute" : ""}`, cloud };
}
