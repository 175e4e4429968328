/**
 * har.html in real Chromium: a HAR chosen with the file input is diagnosed in the page (no request
 * leaves the browser), shown with the popup's summary and cards, and a broken one gets the CLI's words.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { main } from "../../src/cli/main.js";
import { buildHar, chromeEntry } from "../fixtures/har/build-har.js";
import { fakeIo } from "../cli/fake-io.js";
import { BROWSER_TESTS_SKIPPED, launchChromium, type LaunchedChromium } from "./harness/chromium.js";

const HAR = buildHar([
  chromeEntry({ url: "https://ml.azure.com/", resourceType: "document", status: 200 }),
  chromeEntry({
    url: "https://westeurope.api.azureml.ms/history?sig=SECRET",
    error: "net::ERR_NAME_NOT_RESOLVED",
    at: 10,
  }),
  chromeEntry({
    url: "wss://ci1.westeurope.instances.azureml.ms/t?token=TOKEN",
    resourceType: "websocket",
    error: "net::ERR_FAILED",
    at: 20,
  }),
]);

describe.skipIf(BROWSER_TESTS_SKIPPED)("real Chromium: har.html", () => {
  let chromium: LaunchedChromium;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    // Every name resolves nowhere: the page must not need the network at all.
    chromium = await launchChromium({ resolverRules: "MAP * ~NOTFOUND", spki: "" });
    chromium.context.on("request", (request) => requests.push(request.url()));
    page = await chromium.context.newPage();
    await page.goto(`chrome-extension://${chromium.extensionId}/har.html`);
  });
  afterAll(async () => {
    await chromium?.close();
  });

  test("a chosen HAR shows the summary and a card per blocked entry, computed in the page", async () => {
    await page.setInputFiles('input[type="file"]', {
      name: "studio.har",
      mimeType: "application/json",
      buffer: Buffer.from(HAR),
    });
    await page.waitForSelector('#summary[data-state="blocked"]');
    const entries = await page.$$eval(".card[data-entry]", (cards) =>
      cards.map((card) => (card as HTMLElement).dataset.entry),
    );
    expect(entries.sort()).toEqual(["api", "compute-instance"]);
    await page.waitForSelector('a[data-action="download-json"][href]');
    const text = await page.locator("body").innerText();
    expect(text).not.toMatch(/SECRET|TOKEN/);
    expect(requests.filter((url) => !url.startsWith("chrome-extension://") && !url.startsWith("blob:"))).toEqual([]);
  });

  test("a broken HAR gets the message aml-network-doctor diagnose prints", async () => {
    const broken = '{"log": {"entries": [';
    await page.setInputFiles('input[type="file"]', {
      name: "broken.har",
      mimeType: "application/json",
      buffer: Buffer.from(broken),
    });
    await page.waitForSelector('#summary[data-state="error"]');
    const io = fakeIo({ "broken.har": broken });
    expect(await main(["diagnose", "broken.har"], io)).toBe(1);
    expect(`aml-network-doctor: ${await page.locator("#summary .error").innerText()}\n`).toBe(io.err);
    expect(await page.$$(".card[data-entry]")).toHaveLength(0);
  });

  test("popup and options link to the page", async () => {
    for (const name of ["popup.html", "options.html"]) {
      const other = await chromium.context.newPage();
      await other.goto(`chrome-extension://${chromium.extensionId}/${name}`);
      expect(await other.locator("a#har-link").getAttribute("href")).toBe("har.html");
      await other.close();
    }
  });
});
