/**
 * har.html in real Chromium: a HAR chosen with the file input is diagnosed in the page (no request
 * leaves the browser), shown with the popup's summary and cards, and a broken one gets the CLI's words.
 */
import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { main } from "../../src/cli/main.js";
import { buildHar, chromeEntry } from "../fixtures/har/build-har.js";
import { fakeIo } from "../cli/fake-io.js";
import { BROWSER_TESTS_SKIPPED, launchChromium, type LaunchedChromium } from "./harness/chromium.js";
import { closeAfterTest } from "../support/browser-tests.js";

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

/**
 * A HAR of `count` entries, each carrying 1.5 KB of request cookies (as a signed-in studio session
 * does) that no diagnosis needs: studio's page, then mostly answered API calls, with every 1,000th
 * request to a storage account failing on its DNS. Written in pieces, so the test never holds it.
 */
function writeLargeHar(path: string, count: number): void {
  const entry = (i: number) =>
    JSON.stringify(
      chromeEntry(
        i === 0
          ? { url: "https://ml.azure.com/", resourceType: "document", status: 200 }
          : i % 1000 === 0
            ? {
                url: `https://acct${i}.blob.core.windows.net/c/b?sig=SECRET`,
                error: "net::ERR_NAME_NOT_RESOLVED",
                at: i,
              }
            : { url: `https://westeurope.api.azureml.ms/history/runs/${i}?sig=SECRET`, status: 200, at: i },
      ),
    ).replace('"cookies":[]', `"cookies":[{"name":"session","value":"${"c".repeat(1500)}"}]`);
  const fd = openSync(path, "w");
  try {
    writeSync(fd, '{"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[');
    let batch: string[] = [];
    for (let i = 0; i < count; i++) {
      batch.push(entry(i));
      if (batch.length === 1000 || i === count - 1) {
        writeSync(fd, `${i < 1000 ? "" : ","}${batch.join(",")}`);
        batch = [];
      }
    }
    writeSync(fd, "]}}");
  } finally {
    closeSync(fd);
  }
}

/**
 * Pids of this browser's extension process (har.html's renderer). Chromium's children rewrite
 * their command line into one string; each still names the profile directory.
 */
function extensionProcesses(userDataDir: string): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const args = readFileSync(`/proc/${name}/cmdline`, "utf8").split(/[\0 ]/);
        return args.includes(`--user-data-dir=${userDataDir}`) && args.includes("--extension-process");
      } catch {
        return false; // it ended meanwhile
      }
    })
    .map(Number);
}

/** A process's resident memory now and its peak since the last reset, in bytes (Linux /proc). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1]) * 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

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

  // Measured on the process, not the JS heap: Blink keeps a large string from File.text() outside
  // V8's heap. Reading the file whole (File.text(), then the reader) grew the process by about 5x this
  // 190 MB file; streamed, it grows by less than one copy of it (about 0.8x, mostly V8 heap not yet
  // collected), and not in step with the file's size.
  test("a 190 MB HAR is streamed: the page never holds a copy of the file, and the report is complete", async () => {
    const dir = mkdtempSync(join(tmpdir(), "amlnd-har-"));
    try {
      const path = join(dir, "large.har");
      writeLargeHar(path, 80_000);
      const size = statSync(path).size;
      expect(size).toBeGreaterThan(150 * 1024 * 1024);
      const pids = extensionProcesses(chromium.userDataDir);
      expect(pids.length).toBeGreaterThan(0);
      const cdp = await chromium.context.newCDPSession(page);
      await cdp.send("HeapProfiler.collectGarbage");
      // Writing 5 to clear_refs resets the peak (VmHWM) to what the process holds now.
      for (const pid of pids) writeFileSync(`/proc/${pid}/clear_refs`, "5");
      const before = pids.map(memoryOf);
      await page.setInputFiles('input[type="file"]', path);
      await page.waitForSelector('#summary[data-state="blocked"]', { timeout: 120_000 });
      const growth = Math.max(...pids.map((pid, i) => memoryOf(pid).peak - before[i]!.rss));
      expect(growth).toBeLessThan(size);
      expect(
        await page.$$eval(".card[data-entry]", (cards) => cards.map((c) => (c as HTMLElement).dataset.entry)),
      ).toEqual(["storage"]);
      const href = await page.locator('a[data-action="download-json"]').getAttribute("href", { timeout: 10_000 });
      const json = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
      const report = JSON.parse(json) as { stats: { observations: number } };
      expect(report.stats.observations).toBe(80_000);
      expect(json).not.toContain("SECRET");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("popup and options link to the page", async () => {
    for (const name of ["popup.html", "options.html"]) {
      const other = await chromium.context.newPage();
      closeAfterTest(other);
      await other.goto(`chrome-extension://${chromium.extensionId}/${name}`);
      expect(await other.locator("a#har-link").getAttribute("href")).toBe("har.html");
    }
  });
});
