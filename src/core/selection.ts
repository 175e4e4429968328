/** Which catalog entries a PAC file or allow-list covers: one rule shared by `pac`, `hosts` and the extension. */
import type { Catalog, CatalogEntry, Cloud } from "./catalog/types.js";

export interface Selection {
  /** `public` when absent; `all` takes every cloud. Entries shared by clouds count for each. */
  cloud?: Cloud | "all";
  /** Add the entries compute and the SDK need, not only the browser's. */
  includeCompute?: boolean;
  /** Leave out the conditional entries (`required: false`: VS Code, online endpoints, OCSP/CRL, ...). */
  requiredOnly?: boolean;
  /** Exactly these entry ids, legacy ones included; overrides cloud, includeCompute and requiredOnly. */
  entries?: readonly string[];
}

export type SelectionResult = { ok: true; entries: CatalogEntry[] } | { ok: false; error: string };

/** Entries for a selection, in catalog order; unknown ids are an error that lists them. */
export function selectEntries(catalog: Catalog, selection: Selection = {}): SelectionResult {
  if (selection.entries) {
    const byId = new Map(catalog.entries.map((entry) => [entry.id, entry]));
    const unknown = selection.entries.filter((id) => !byId.has(id));
    if (unknown.length > 0) return { ok: false, error: `unknown entry id: ${unknown.join(", ")}` };
    const wanted = new Set(selection.entries);
    return { ok: true, entries: catalog.entries.filter((entry) => wanted.has(entry.id)) };
  }
  const cloud = selection.cloud ?? "public";
  const entries = catalog.entries.filter(
    (entry) =>
      !entry.legacy &&
      (cloud === "all" || entry.clouds.includes(cloud)) &&
      (entry.neededBy.includes("browser") || selection.includeCompute === true) &&
      (entry.required || selection.requiredOnly !== true),
  );
  return { ok: true, entries };
}
