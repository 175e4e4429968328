/**
 * The Azure Machine Learning endpoint catalog: one entry per service, with example hosts beside
 * each, one file per cloud. How entries are chosen and written: docs/catalog.md.
 */
import { CHINA_ENTRIES } from "./china.js";
import { PUBLIC_ENTRIES } from "./public.js";
import type { Catalog } from "./types.js";
import { USGOV_ENTRIES } from "./usgov.js";

export const CATALOG: Catalog = {
  version: "2026-12-01",
  entries: [...PUBLIC_ENTRIES, ...USGOV_ENTRIES, ...CHINA_ENTRIES],
};
