import { afterEach, expect, test } from "vitest";
import type { Report } from "../../src/core/report-schema.js";
import type { StorageArea } from "../../src/platform/api.js";
import { FakeBrowser } from "./fake-browser.js";

const globals = globalThis as { browser?: unknown; chrome?: unknown };

afterEach(() => {
  delete globals.browser;
  delete globals.chrome;
});

/**
 * A stopped MV3 worker is started again for an event only if its listeners were added in the
 * script's first turn. Here storage.session does not answer until the test says so: a listener
 * added after any await (say, after the stored sessions are read) is not there when counted.
 * https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/events#declare-events
 */
test("the background entry registers every listener in the script's first turn, before storage answers", async () => {
  const fake = new FakeBrowser();
  fake.openTab(1, "https://ml.azure.com/");
  let release: () => void = () => undefined;
  const storageAnswers = new Promise<void>((resolve) => (release = resolve));
  const session: StorageArea = {
    get: async (keys) => storageAnswers.then(() => fake.session.get(keys)),
    set: async (items) => storageAnswers.then(() => fake.session.set(items)),
    remove: async (keys) => storageAnswers.then(() => fake.session.remove(keys)),
  };
  const api = fake.api;
  api.storage = { ...api.storage, session, sync: fake.sync };
  // webextension-polyfill hands back an existing `browser` global (Firefox's) unchanged.
  globals.chrome = { runtime: { id: fake.id } };
  globals.browser = api;

  await import("../../src/background/index.js");
  const registered = Object.fromEntries(
    Object.entries(fake.events).map(([name, event]) => [name, event.listeners.length]),
  );
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

  // The event that woke the worker arrives before storage answers: it waits, and is not lost.
  fake.request({ tabId: 1, url: "https://westeurope.api.azureml.ms/x", error: "net::ERR_NAME_NOT_RESOLVED" });
  release();
  const report = (await fake.sendMessage({ type: "get-report", tabId: 1 })) as Report;
  expect(report.findings.map((f) => f.entry)).toEqual(["api"]);
});
