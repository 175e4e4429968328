/**
 * A Chromium policy file for the extension (Linux reads /etc/chromium/policies/managed/; CI runs as
 * root): the managed route wins in Options (disabled, set by your organization), a managed route
 * outside the PAC grammar is reported and ignored (a cloud outside the schema's enum Chromium drops itself), and the popup offers Send to IT to the managed address. Needs the
 * fixed development key so the policy can name the extension id.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { DEV_EXTENSION_ID } from "../../scripts/dev-key.js";
import { BROWSER_TESTS_SKIPPED, launchChromium, type LaunchedChromium } from "./harness/chromium.js";
import { closeAfterTest } from "../support/browser-tests.js";

const POLICY_DIR = "/etc/chromium/policies/managed";
const POLICY_FILE = `${POLICY_DIR}/aml-network-doctor-test.json`;
/** The slice of `chrome` the page-side checks use. */
type PageChrome = {
  chrome: {
    storage: { managed: { get(keys: null): Promise<Record<string, unknown>> } };
    runtime: { sendMessage(message: unknown): Promise<unknown> };
  };
};
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

describe.skipIf(BROWSER_TESTS_SKIPPED || !isRoot)("real Chromium: a managed policy for the extension", () => {
  let chromium: LaunchedChromium;
  let options: Page;

  beforeAll(async () => {
    mkdirSync(POLICY_DIR, { recursive: true });
    writeFileSync(
      POLICY_FILE,
      JSON.stringify({
        "3rdparty": {
          extensions: {
            [DEV_EXTENSION_ID]: {
              via: "PROXY azproxy.contoso.com:8080",
              default: 'PROXY x"; alert(1)',
              cloud: "mars",
              itContact: "it-helpdesk@contoso.com",
            },
          },
        },
      }),
    );
    chromium = await launchChromium({ resolverRules: "MAP * ~NOTFOUND", spki: "" });
    options = await chromium.context.newPage();
    // Chromium hands extension policies over once the extension is loaded: wait for them to arrive.
    await options.goto(`chrome-extension://${chromium.extensionId}/options.html`);
    await options.waitForFunction(
      async () => (await (globalThis as unknown as PageChrome).chrome.storage.managed.get(null)).via !== undefined,
      undefined,
      { timeout: 20_000 },
    );
    await options.reload();
    await options.waitForSelector("#via-managed");
  });
  afterAll(async () => {
    await chromium?.close();
    rmSync(POLICY_FILE, { force: true });
  });

  test("the development build has the fixed extension id", () => {
    expect(chromium.extensionId).toBe(DEV_EXTENSION_ID);
  });

  test("Options shows the managed route, disabled and set by your organization", async () => {
    expect(await options.inputValue("#via")).toBe("PROXY azproxy.contoso.com:8080");
    expect(await options.isDisabled("#via")).toBe(true);
    expect(await options.locator("#via-managed").innerText()).toBe("Set by your organization");
    expect(await options.inputValue("#itContact")).toBe("it-helpdesk@contoso.com");
  });

  test("a managed route outside the PAC grammar is ignored and reported; a cloud outside the schema never arrives", async () => {
    expect(await options.locator('#managed-problems li[data-field="default"]').innerText()).toContain("default");
    expect(await options.inputValue("#default")).toBe("DIRECT");
    expect(await options.isDisabled("#default")).toBe(false);
    expect(
      await options.evaluate(
        async () => (await (globalThis as unknown as PageChrome).chrome.storage.managed.get(null)).cloud,
      ),
    ).toBeUndefined();
    expect(await options.inputValue("#cloud")).toBe("public");
    expect(await options.isDisabled("#cloud")).toBe(false);
  });

  test("the worker's PAC routes Azure ML through the managed proxy", async () => {
    const pac = await options.evaluate(() =>
      (globalThis as unknown as PageChrome).chrome.runtime.sendMessage({ type: "get-pac", tabId: 1, scope: "all" }),
    );
    expect(pac).toContain("PROXY azproxy.contoso.com:8080");
    expect(pac).not.toContain("alert");
  });

  test("the popup offers Send to IT to the managed address", async () => {
    // Send to IT sits beside the copy buttons when something is blocked: a studio tab whose DNS fails.
    const tabIds = () =>
      options.evaluate(async () =>
        (
          await (
            globalThis as unknown as { chrome: { tabs: { query(info: object): Promise<Array<{ id?: number }>> } } }
          ).chrome.tabs.query({})
        ).map((tab) => tab.id ?? -1),
      );
    const before = await tabIds();
    const studio = await chromium.context.newPage();
    closeAfterTest(studio);
    await studio.goto("https://ml.azure.com/").catch(() => undefined);
    // The new tab is the studio tab (without the tabs permission its URL is not readable).
    const tabId = (await tabIds()).find((id) => !before.includes(id));
    expect(tabId).toBeTypeOf("number");
    const popup = await chromium.context.newPage();
    closeAfterTest(popup);
    await popup.goto(`chrome-extension://${chromium.extensionId}/popup.html?tab=${tabId}`);
    const link = popup.locator('a[data-action="send-to-it"]:not([hidden])');
    await link.waitFor();
    expect(await link.getAttribute("href")).toMatch(/^mailto:it-helpdesk@contoso\.com\?subject=/);
  });
});
