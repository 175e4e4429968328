import { defineConfig } from "vitest/config";

// Default discovery (every *.test.ts); browser suites run one file at a time because each
// starts its own Chromium and servers, and two cores cannot host several at once.
export default defineConfig({
  test: {
    fileParallelism: true,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
