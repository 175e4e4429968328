import { expect, test } from "vitest";
import { CATALOG } from "../../src/core/catalog/index.js";
import { studioHosts } from "../../src/core/studio.js";

test("the studio hosts are the web apps of the three clouds, read from the catalog", () => {
  expect(studioHosts(CATALOG)).toEqual(["ml.azure.com", "ml.azure.us", "studio.ml.azure.cn"]);
});

test("a catalog without a studio entry is refused rather than watching no tab", () => {
  const withoutChina = { ...CATALOG, entries: CATALOG.entries.filter((entry) => entry.id !== "studio-china") };
  expect(() => studioHosts(withoutChina)).toThrow("catalog entry studio-china names no studio host");
});
