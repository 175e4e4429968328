/**
 * The popup as a full page (`popup.html?tab=<id>`, 400 px wide) on a studio tab with
 * blocked hosts: it renders the findings, and Copy / Download give Markdown, CSV, JSON and PAC that
 * match the report the worker returns, without any path or token of the requested URLs.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Download, Page } from "playwright-core";
import { renderCsv, renderMarkdown } from "../../src/core/report.js";
import type { Report } from "../../src/core/report-schema.js";
import { BROWSER_TESTS_SKIPPED } from "./harness/chromium.js";
import { startScenarioBrowser, summarize, type ScenarioBrowser } from "./harness/scenario.js";
import { BLOCKED_SESSION, BLOCKED_SUMMARY } from "./harness/sessions.js";
import { PRIVATE_MARKERS } from "./harness/studio-page.js";

async function downloadText(page: Page, selector: string): Promise<{ name: string; text: string }> {
  const [download] = (await Promise.all([page.waitForEvent("download"), page.click(selector)])) as [Download, void];
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, "utf8") };
}

function expectNoPrivateParts(text: string): void {
  for (const marker of PRIVATE_MARKERS) expect(text).not.toContain(marker);
}

describe.skipIf(BROWSER_TESTS_SKIPPED)("real Chromium: the popup page and its exports", () => {
  let s: ScenarioBrowser;
  let tabId: number;
  let popup: Page;
  let report: Report;

  beforeAll(async () => {
    s = await startScenarioBrowser();
    const tab = await s.studio(BLOCKED_SESSION);
    await tab.waitForResults(BLOCKED_SESSION.length);
    tabId = tab.tabId;
    // The settled report (every probe answered): the popup and the exports must show this one.
    report = await s.ext.waitForReport(tabId, (r) => JSON.stringify(summarize(r)) === JSON.stringify(BLOCKED_SUMMARY));
    const origin = `chrome-extension://${s.chromium.extensionId}`;
    popup = await s.chromium.context.newPage();
    // Chromium cannot grant clipboard-read to an extension origin ("opaque origin"), so the page's
    // clipboard keeps what the popup writes, for the test to read.
    await popup.addInitScript(() => {
      const copied: string[] = [];
      Object.defineProperty(window, "__copied", { value: copied });
      navigator.clipboard.writeText = async (text: string) => {
        copied.push(text);
      };
    });
    await popup.setViewportSize({ width: 400, height: 900 });
    await popup.goto(`${origin}/popup.html?tab=${tabId}`);
    await popup.waitForSelector('a[data-action="download-json"][href]');
  });
  afterAll(async () => {
    await s?.close();
  });

  test("the studio tab's report has the four blocked entries", () => {
    expect(summarize(report)).toEqual(BLOCKED_SUMMARY);
  });

  test("the page shows a card per blocked entry with its hosts, and fits 400 px", async () => {
    const text = await popup.locator("#report").innerText();
    // Four findings, each with hosts, so the loop below cannot pass by having nothing to check.
    expect(report.findings.map((finding) => finding.hosts.length > 0)).toEqual([true, true, true, true]);
    for (const finding of report.findings) {
      for (const host of finding.hosts) expect(text).toContain(host);
      expect(text).toContain(finding.patterns[0]);
    }
    expect(text).toMatch(/4/);
    expectNoPrivateParts(text);
    const width = await popup.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(400);
  });

  // WCAG 2.1 AA, 1.4.3: 4.5:1 for text, in both colour schemes the popup supports.
  test.each(["light", "dark"] as const)("every kind of text keeps a 4.5:1 contrast in the %s scheme", async (scheme) => {
    await popup.emulateMedia({ colorScheme: scheme });
    const samples = await popup.evaluate(() => {
      const rgb = (value: string): number[] => (value.match(/[\d.]+/g) ?? []).map(Number);
      const luminance = ([r, g, b]: number[]): number => {
        const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
        return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
      };
      const background = (element: Element | null): number[] => {
        for (let e = element; e; e = e.parentElement) {
          const parts = rgb(getComputedStyle(e).backgroundColor);
          if (parts.length === 3 || (parts.length === 4 && parts[3] !== 0)) return parts.slice(0, 3);
        }
        return rgb(getComputedStyle(document.documentElement).backgroundColor).slice(0, 3);
      };
      const selectors = ["#headline", "#summary p", ".card h3", ".card dt", ".card dd", ".meta", ".tag", ".hint", "button.primary", "button:not(.primary)", "a.button[href]", "select", "#status"];
      return selectors.flatMap((selector) =>
        [...document.querySelectorAll(selector)].slice(0, 1).map((element) => {
          const fg = luminance(rgb(getComputedStyle(element).color));
          const bg = luminance(background(element));
          const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
          return { selector, ratio: Math.round(ratio * 100) / 100 };
        }),
      );
    });
    await popup.emulateMedia({ colorScheme: null });
    expect(samples.length).toBeGreaterThan(8);
    expect(samples.filter((sample) => sample.ratio < 4.5)).toEqual([]);
  });

  test("Download JSON is the worker's report", async () => {
    const { name, text } = await downloadText(popup, 'a[data-action="download-json"]');
    expect(name).toMatch(/^aml-network-report-\d{4}-\d{2}-\d{2}\.json$/);
    const downloaded = JSON.parse(text) as Report;
    const fresh = await s.ext.getReport(tabId, { lang: "en" });
    const { generatedAt: _a, ...rest } = downloaded;
    const { generatedAt: _b, ...expected } = fresh;
    expect(rest).toEqual(expected);
    expectNoPrivateParts(text);
  });

  test("Download CSV and Copy report render that same report", async () => {
    const json = JSON.parse((await downloadText(popup, 'a[data-action="download-json"]')).text) as Report;
    const csv = await downloadText(popup, 'a[data-action="download-csv"]');
    expect(csv.name).toMatch(/^aml-network-report-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.text).toBe(renderCsv(json));
    for (const finding of report.findings) for (const host of finding.hosts) expect(csv.text).toContain(host);
    expectNoPrivateParts(csv.text);

    await popup.click('button[data-action="copy-markdown"]');
    const copied = () => popup.evaluate(() => (window as unknown as { __copied: string[] }).__copied.at(-1) ?? "");
    await expect.poll(copied).not.toBe("");
    const markdown = await copied();
    expect(markdown).toBe(renderMarkdown(json));
    await expect.poll(() => popup.locator("#status").innerText()).not.toBe("");
    for (const finding of report.findings) for (const host of finding.hosts) expect(markdown).toContain(host);
    expectNoPrivateParts(markdown);
  });

  test.each(["all", "blocked"] as const)("Download PAC (%s) is the worker's get-pac for this tab", async (scope) => {
    const { name, text } = await downloadText(popup, `a[data-action="download-pac"][data-scope="${scope}"]`);
    expect(name).toBe("azureml.pac");
    expect(text).toBe(await s.ext.getPac({ tabId, scope }));
    for (const finding of report.findings) for (const pattern of finding.patterns) expect(text).toContain(pattern.replace(/^\*\./, ""));
  });
});
