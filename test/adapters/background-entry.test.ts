import { afterEach, expect, test } from "vitest";
import { FakeBrowser } from "./fake-browser.js";

const globals = globalThis as { browser?: unknown; chrome?: unknown };

afterEach(() => {
  delete globals.browser;
  delete globals.chrome;
});

test("the background entry registers every listener in the script's first turn", async () => {
  const fake = new FakeBrowser();
  // webextension-polyfill hands back an existing `browser` global (Firefox's) unchanged.
  globals.chrome = { runtime: { id: fake.id } };
  globals.browser = fake.api;
  const loading = import("../../src/background/index.js");
  await loading;
  const registered = Object.fromEntries(Object.entries(fake.events).map(([name, event]) => [name, event.listeners.length]));
  // Each webRequest event has two listeners: the worker's and the network check's (src/background/check.ts).
  expect(registered).toEqual({
    onBeforeRequest: 2,
    onHeadersReceived: 2,
    onCompleted: 2,
    onErrorOccurred: 2,
    onMessage: 1,
    onRemoved: 1,
    onUpdated: 1,
    onActivated: 1,
  });
  expect(fake.events.onBeforeRequest.listeners[0]?.urls).toEqual(["<all_urls>"]);
});
