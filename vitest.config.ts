import { configDefaults, defineConfig } from "vitest/config";

// Three projects under default discovery: `unit` (every *.test.ts outside test/browser/ and
// test/firefox/), `browser` (real Chromium) and `firefox` (real Firefox ESR). Browser files run one
// at a time, Chromium after the unit tests and Firefox last, because each file starts its own
// browser and servers, and two cores cannot host several at once.
// Unit tests keep vitest's default 5 s timeout: the slowest takes about 1 s, so a hang shows early.
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          exclude: [...configDefaults.exclude, "test/browser/**", "test/firefox/**"],
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
      {
        extends: true,
        test: {
          name: "firefox",
          include: ["test/firefox/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
