/**
 * The popup as a full page (`popup.html?tab=<id>`, 400×600 like Chrome's
 * popup) on a studio tab with blocked hosts: the first screen answers (headline, next step, one
 * line per blocked entry) at sizes that Chromium's extension stylesheet does not shrink; it follows
 * new failures while open; Copy / Download give Markdown, text, CSV, JSON and PAC that match the
 * report the worker returns, without any path or token of the requested URLs.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Download, Page } from "playwright-core";
import { renderCsv, renderMarkdown, renderText } from "../../src/core/render-report.js";
import type { Report } from "../../src/core/report-schema.js";
import { BROWSER_TESTS_SKIPPED } from "./harness/chromium.js";
import { closeAfterTest, startScenarioBrowser, summarize, type ScenarioBrowser } from "./harness/scenario.js";
import { BLOCKED_SESSION, BLOCKED_SUMMARY, NOTHING_BLOCKED_SESSION } from "./harness/sessions.js";
import { HOSTS } from "./harness/network.js";
import { PRIVATE_MARKERS, privateUrl } from "./harness/studio-page.js";

type SyncStorage = { chrome: { storage: { sync: { set(items: object): Promise<void> } } } };

/** Opens "More for IT" (where the downloads are, folded under the findings) and presses a download. */
async function downloadText(page: Page, selector: string): Promise<{ name: string; text: string }> {
  await page.evaluate(() => document.querySelector("#for-it")?.setAttribute("open", ""));
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
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(`${origin}/popup.html?tab=${tabId}`);
    await popup.waitForSelector('a[data-action="download-json"][href]', { state: "attached" });
    // The PAC routes IT gives; without them the popup offers no PAC file (tested below first).
    expect(await popup.locator('a[data-action="download-pac"][data-scope="all"]').getAttribute("href")).toBeNull();
    expect(await popup.locator("#pac-routes").textContent()).toContain("routes are not set");
    await popup.evaluate(() =>
      (globalThis as unknown as SyncStorage).chrome.storage.sync.set({
        settings: { via: "PROXY azproxy.contoso.com:8080", default: "DIRECT", cloud: "public", probes: true },
      }),
    );
    await popup.waitForSelector('a[data-action="download-pac"][data-scope="blocked"][href]', { state: "attached" });
  });
  afterAll(async () => {
    await s?.close();
  });

  test("the studio tab's report has the four blocked entries", () => {
    expect(summarize(report)).toEqual(BLOCKED_SUMMARY);
  });

  test("Chromium's extension stylesheet shrinks nothing: body and content 13 px, labels 12 px, the CJK fonts kept", async () => {
    const sizes = await popup.evaluate(() => {
      const card = document.querySelector("details.card")!;
      card.setAttribute("open", "");
      const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      const px = (selector: string) => parseFloat(style(selector).fontSize);
      const out = {
        body: px("body"),
        dd: px(".card dd"),
        dt: px(".card dt"),
        advice: px(".advice"),
        summary: px(".card > summary"),
        button: px("button.primary"),
        hint: px("#next-step"),
        font: style("body").fontFamily,
      };
      card.removeAttribute("open");
      return out;
    });
    expect(sizes).toMatchObject({ body: 13, dd: 13, dt: 12, advice: 13, summary: 13, button: 13, hint: 13 });
    expect(sizes.font).toContain("Noto Sans CJK JP");
  });

  test("the first screen (400×600) holds the headline, the next step, Copy report and one line per blocked entry", async () => {
    const measured = await popup.evaluate(() => {
      const bottom = (selector: string) =>
        Math.max(...[...document.querySelectorAll(selector)].map((e) => e.getBoundingClientRect().bottom + scrollY));
      return {
        headline: bottom("#headline"),
        nextStep: bottom("#next-step"),
        copy: bottom('[data-action="copy-markdown"]'),
        lines: [...document.querySelectorAll(".card > summary")].map((e) => (e as HTMLElement).innerText),
        lastLine: bottom(".card > summary"),
        lineHeights: [...document.querySelectorAll(".card > summary")].map((e) => e.getBoundingClientRect().height),
        height: document.documentElement.scrollHeight,
      };
    });
    expect(measured.lines).toHaveLength(4);
    expect(measured.lastLine).toBeLessThanOrEqual(600);
    expect(measured.copy).toBeLessThan(measured.lastLine);
    // One line per entry (a summary of one or at most two text lines at 13 px).
    for (const height of measured.lineHeights) expect(height).toBeLessThanOrEqual(54);
    // The whole page, folded, is about one popup tall (unfolded it was 2,006 px).
    expect(measured.height).toBeLessThanOrEqual(700);
  });

  test("with an IT contact, Send to IT joins the first screen and every line still fits 400×600", async () => {
    await s.ext.restoreSyncAfterTest("itContact");
    await popup.evaluate(() =>
      (globalThis as unknown as SyncStorage).chrome.storage.sync.set({ itContact: "it-helpdesk@contoso.com" }),
    );
    await popup.waitForSelector('a[data-action="send-to-it"][href^="mailto:"]:not([hidden])');
    const measured = await popup.evaluate(() => {
      const bottom = (selector: string) =>
        Math.max(...[...document.querySelectorAll(selector)].map((e) => e.getBoundingClientRect().bottom + scrollY));
      return {
        sendToIt: bottom('[data-action="send-to-it"]'),
        lines: document.querySelectorAll(".card > summary").length,
        lastLine: bottom(".card > summary"),
        height: document.documentElement.scrollHeight,
      };
    });
    await popup.evaluate(() => (globalThis as unknown as SyncStorage).chrome.storage.sync.set({ itContact: "" }));
    await popup.waitForSelector('a[data-action="send-to-it"]', { state: "hidden" });
    expect(measured.lines).toBe(4);
    expect(measured.sendToIt).toBeLessThan(measured.lastLine);
    expect(measured.lastLine).toBeLessThanOrEqual(600);
    expect(measured.height).toBeLessThanOrEqual(700);
  });

  test("the page shows a card per blocked entry with its hosts, and fits 400 px", async () => {
    await popup.evaluate(() =>
      document.querySelectorAll("details.card").forEach((card) => card.setAttribute("open", "")),
    );
    const text = await popup.locator("#report").innerText();
    await popup.evaluate(() =>
      document.querySelectorAll("details.card").forEach((card) => card.removeAttribute("open")),
    );
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
  test.each(["light", "dark"] as const)(
    "every kind of text keeps a 4.5:1 contrast in the %s scheme",
    async (scheme) => {
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
        const selectors = [
          "#headline",
          "#summary p",
          ".card .name",
          ".card .kind",
          ".card dt",
          ".card dd",
          ".meta",
          ".hint",
          "button.primary",
          "button:not(.primary)",
          "a.button[href]",
          "a[href^='https://learn']",
          "select",
          "#status",
        ];
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
    },
  );

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
    const zone = await popup.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(csv.text).toBe(renderCsv(json, { timeZone: zone }));
    for (const finding of report.findings) for (const host of finding.hosts) expect(csv.text).toContain(host);
    expectNoPrivateParts(csv.text);

    const timeZone = await popup.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    await popup.click('button[data-action="copy-markdown"]');
    const copied = () => popup.evaluate(() => (window as unknown as { __copied: string[] }).__copied.at(-1) ?? "");
    await expect.poll(copied).not.toBe("");
    const markdown = await copied();
    expect(markdown).toBe(renderMarkdown(json, { timeZone }));
    await expect.poll(() => popup.locator('button[data-action="copy-markdown"]').innerText()).toBe("Copied ✓");
    await popup.click('button[data-action="copy-text"]');
    await expect.poll(copied).toBe(renderText(json, { timeZone }));
    for (const finding of report.findings) for (const host of finding.hosts) expect(markdown).toContain(host);
    expectNoPrivateParts(markdown);
  });

  test("the first Tab stop is the primary Copy report for IT; as a page in a wide tab the lines sit in two columns", async () => {
    const page = await s.chromium.context.newPage();
    closeAfterTest(page);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`chrome-extension://${s.chromium.extensionId}/popup.html?tab=${tabId}`);
    await page.waitForSelector('a[data-action="download-json"][href]', { state: "attached" });
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.action)).toBe(
      "copy-markdown",
    );
    const tops = await page.evaluate(() =>
      [...document.querySelectorAll(".card")].map((card) => Math.round(card.getBoundingClientRect().top)),
    );
    // Four lines in two rows of two.
    expect(new Set(tops).size).toBe(2);
  });

  test("Space on a download link downloads, as on a button", async () => {
    await popup.evaluate(() => document.querySelector("#for-it")?.setAttribute("open", ""));
    await popup.focus('a[data-action="download-csv"]');
    const [download] = (await Promise.all([popup.waitForEvent("download"), popup.keyboard.press("Space")])) as [
      Download,
      void,
    ];
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
  });

  test.each(["all", "blocked"] as const)(
    "Download PAC (%s) is the worker's get-pac for this tab, under a name of its own",
    async (scope) => {
      const { name, text } = await downloadText(popup, `a[data-action="download-pac"][data-scope="${scope}"]`);
      expect(name).toMatch(scope === "all" ? /^azureml-all\.pac$/ : /^azureml-blocked-\d{4}-\d{2}-\d{2}\.pac$/);
      expect(text).toBe(await s.ext.getPac({ tabId, scope }));
      for (const finding of report.findings)
        for (const pattern of finding.patterns) expect(text).toContain(pattern.replace(/^\*\./, ""));
    },
  );

  test("the open page follows a new failure: headline and badge agree without reopening", async () => {
    const tab = await s.studio([{ kind: "fetch", url: privateUrl("https", HOSTS.api) }]);
    closeAfterTest(tab.page);
    await tab.waitForResults(1);
    const page = await s.chromium.context.newPage();
    closeAfterTest(page);
    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(`chrome-extension://${s.chromium.extensionId}/popup.html?tab=${tab.tabId}`);
    await expect.poll(() => page.locator("#summary").getAttribute("data-state")).toBe("nothing-blocked");
    await tab.run([{ kind: "fetch", url: privateUrl("https", HOSTS.apiNoDns) }]);
    await expect
      .poll(() => page.locator("#headline").innerText(), { timeout: 10_000 })
      .toBe("1 Azure ML endpoint is blocked on this network");
    expect(await s.ext.badge(tab.tabId)).toBe("1");
  });

  test("nothing blocked: the checklist of what this tab reached and what is left to try, the way out first", async () => {
    const tab = await s.studio(NOTHING_BLOCKED_SESSION);
    closeAfterTest(tab.page);
    await tab.waitForResults(NOTHING_BLOCKED_SESSION.length);
    await s.ext.waitForReport(tab.tabId, (r) => r.findings.length === 0 && r.reachable.length >= 4);
    const page = await s.chromium.context.newPage();
    closeAfterTest(page);
    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(`chrome-extension://${s.chromium.extensionId}/popup.html?tab=${tab.tabId}`);
    await page.waitForSelector('#checklist li[data-entry="compute-instance"]');
    const seen = await page.evaluate(() => ({
      lines: Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>("#checklist li")].map((li) => [li.dataset.entry, li.dataset.status]),
      ),
      compute: document.querySelector<HTMLElement>('#checklist li[data-entry="compute-instance"]')!.innerText,
      notTheNetwork: document.querySelector("#not-the-network")!.getBoundingClientRect().bottom + scrollY,
      firstToTry:
        document.querySelector('#checklist li[data-status="not-seen"]')!.getBoundingClientRect().bottom + scrollY,
      fontSize: parseFloat(getComputedStyle(document.querySelector("#checklist li")!).fontSize),
    }));
    // What the tab did: studio's page, sign-in, the API, Notebooks and the compute instance over HTTPS.
    expect(seen.lines).toMatchObject({
      studio: "reached",
      "entra-id": "reached",
      api: "reached",
      notebooks: "reached",
      storage: "not-seen",
      "compute-instance": "not-seen",
    });
    expect(seen.compute).toContain("WebSocket not tried yet: open a terminal");
    expect(seen.notTheNetwork).toBeLessThanOrEqual(600);
    expect(seen.firstToTry).toBeLessThanOrEqual(600);
    expect(seen.fontSize).toBe(13);
  });

  test("a studio tab with nothing blocked: grey ✓ and its own tooltip after every navigation, not 'open studio'", async () => {
    const tab = await s.studio([{ kind: "fetch", url: privateUrl("https", HOSTS.api) }]);
    closeAfterTest(tab.page);
    await tab.waitForResults(1);
    const look = async () => ({ text: await s.ext.badge(tab.tabId), title: await s.ext.badgeTitle(tab.tabId) });
    const watched = { text: "✓", title: "No blocked Azure ML endpoint seen in this tab yet" };
    await expect.poll(look).toEqual(watched);
    // Chrome resets a tab's action state when a navigation commits: the review saw the "open
    // studio" tooltip on 3 of 4 loads. Each studio load must end with the tab's own badge.
    for (let i = 0; i < 4; i++) {
      await tab.page.goto(`${tab.url}&again=${i}`);
      await expect.poll(look).toEqual(watched);
      // …and it stays so once the page has loaded (no late reset by the commit).
      await tab.page.waitForLoadState("load");
      expect(await look()).toEqual(watched);
    }
    // Away from studio the button goes back to its default tooltip and no mark.
    await tab.page.goto(`https://${HOSTS.login}/`);
    await expect.poll(look).toEqual({
      text: "",
      title: "AML Network Doctor: open Azure ML studio to check this network",
    });
  });

  test("Options: 14 px text in Chromium, and Save stays where it was when an error appears or goes", async () => {
    // Save below replaces the PAC routes the popup's downloads use.
    await s.ext.restoreSyncAfterTest("settings");
    const page = await s.chromium.context.newPage();
    closeAfterTest(page);
    await page.setViewportSize({ width: 1000, height: 800 });
    await page.goto(`chrome-extension://${s.chromium.extensionId}/options.html`);
    await page.waitForFunction(() => (document.querySelector<HTMLInputElement>("#via")?.value ?? "") !== "");
    const sizes = await page.evaluate(() => ({
      body: parseFloat(getComputedStyle(document.body).fontSize),
      label: parseFloat(getComputedStyle(document.querySelector("label")!).fontSize),
    }));
    expect(sizes).toEqual({ body: 14, label: 14 });
    // In the page, not the viewport: the longer form scrolls Save into view when it is clicked.
    const saveTop = () =>
      page.evaluate(() => document.querySelector('button[type="submit"]')!.getBoundingClientRect().top + scrollY);
    const before = await saveTop();
    await page.fill("#via", "proxy.contoso.com:8080");
    await page.click('button[type="submit"]');
    await expect
      .poll(() => page.locator("#via-error").innerText())
      .toContain('did you mean "PROXY proxy.contoso.com:8080"');
    expect(await saveTop()).toBe(before);
    expect(await page.locator("#status").innerText()).toBe("Not saved: fix the fields marked above.");
    await page.fill("#via", "PROXY proxy.contoso.com:8080");
    expect(await page.locator("#status").innerText()).toBe("");
    await page.click('button[type="submit"]');
    await expect.poll(() => page.locator("#status").innerText()).toBe("Saved.");
    expect(await saveTop()).toBe(before);
  });
});
