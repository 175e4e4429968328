import { configDefaults, defineConfig } from "vitest/config";

// Two projects under default discovery: `unit` (every *.test.ts outside test/browser/) and
// `browser` (real Chromium). Browser files run one at a time and after the unit tests, because
// each starts its own Chromium and servers, and two cores cannot host several at once.
export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          exclude: [...configDefaults.exclude, "test/browser/**"],
          fileParallelism: true,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          globalSetup: ["test/browser/harness/global-setup.ts"],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
