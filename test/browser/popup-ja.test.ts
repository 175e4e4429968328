/**
 * The popup page in a Japanese Chromium (`--lang=ja`), 400×600: `lang` follows the UI, the text
 * keeps 13 px with the CJK fonts, the count and its counter stay on one line, the first screens
 * (blocked, with Send to IT, and nothing blocked) fit the window, and the badge's tooltip is the
 * Japanese one after a studio navigation.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { BROWSER_TESTS_SKIPPED } from "./harness/chromium.js";
import { closeAfterTest, startScenarioBrowser, summarize, type ScenarioBrowser } from "./harness/scenario.js";
import { BLOCKED_SESSION, BLOCKED_SUMMARY, NOTHING_BLOCKED_SESSION } from "./harness/sessions.js";

type SyncStorage = { chrome: { storage: { sync: { set(items: object): Promise<void> } } } };

describe.skipIf(BROWSER_TESTS_SKIPPED)("real Chromium in Japanese: the popup's first screens", () => {
  let s: ScenarioBrowser;

  async function popupOf(tabId: number): Promise<Page> {
    const page = await s.chromium.context.newPage();
    closeAfterTest(page);
    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(`chrome-extension://${s.chromium.extensionId}/popup.html?tab=${tabId}`);
    await page.waitForSelector('a[data-action="download-json"][href]', { state: "attached" });
    return page;
  }

  beforeAll(async () => {
    s = await startScenarioBrowser(() => ({ lang: "ja" }));
  });
  afterAll(async () => {
    await s?.close();
  });

  test("blocked: lang ja, 13 px CJK text, '4 件' on one line, and every line and Send to IT within 600 px", async () => {
    const tab = await s.studio(BLOCKED_SESSION);
    closeAfterTest(tab.page);
    await tab.waitForResults(BLOCKED_SESSION.length);
    const report = await s.ext.waitForReport(
      tab.tabId,
      (r) => JSON.stringify(summarize(r)) === JSON.stringify(BLOCKED_SUMMARY),
    );
    expect(summarize(report)).toEqual(BLOCKED_SUMMARY);
    const popup = await popupOf(tab.tabId);
    await s.ext.restoreSyncAfterTest("itContact");
    await popup.evaluate(() =>
      (globalThis as unknown as SyncStorage).chrome.storage.sync.set({ itContact: "it-helpdesk@contoso.com" }),
    );
    await popup.waitForSelector('a[data-action="send-to-it"][href^="mailto:"]:not([hidden])');
    const measured = await popup.evaluate(() => {
      const card = document.querySelector("details.card")!;
      card.setAttribute("open", "");
      const dd = parseFloat(getComputedStyle(document.querySelector(".card dd")!).fontSize);
      card.removeAttribute("open");
      const bottom = (selector: string) =>
        Math.max(...[...document.querySelectorAll(selector)].map((e) => e.getBoundingClientRect().bottom + scrollY));
      const count = document.querySelector("#headline .nowrap");
      return {
        lang: document.documentElement.lang,
        dd,
        font: getComputedStyle(document.body).fontFamily,
        headline: document.querySelector("#headline")!.textContent,
        count: count?.textContent,
        countRects: count?.getClientRects().length,
        sendToIt: document.querySelector('[data-action="send-to-it"]')!.textContent,
        sendBottom: bottom('[data-action="send-to-it"]'),
        lines: document.querySelectorAll(".card > summary").length,
        lastLine: bottom(".card > summary"),
      };
    });
    expect(measured).toMatchObject({
      lang: "ja",
      dd: 13,
      headline: "このネットワークでは Azure ML のエンドポイントが 4 件ブロックされています",
      count: "4 件",
      countRects: 1,
      sendToIt: "IT 部門に送信",
      lines: 4,
    });
    expect(measured.font).toContain("Noto Sans CJK JP");
    expect(measured.sendBottom).toBeLessThan(measured.lastLine);
    expect(measured.lastLine).toBeLessThanOrEqual(600);
  });

  test("nothing blocked: the Japanese checklist, its way out within 600 px, and the Japanese tooltip on a grey ✓", async () => {
    const tab = await s.studio(NOTHING_BLOCKED_SESSION);
    closeAfterTest(tab.page);
    await tab.waitForResults(NOTHING_BLOCKED_SESSION.length);
    await s.ext.waitForReport(tab.tabId, (r) => r.findings.length === 0 && r.reachable.length >= 4);
    const popup = await popupOf(tab.tabId);
    const seen = await popup.evaluate(() => ({
      heading: document.querySelector("#checklist h3")!.textContent,
      notTheNetwork: document.querySelector("#not-the-network")!.textContent,
      notTheNetworkBottom: document.querySelector("#not-the-network")!.getBoundingClientRect().bottom + scrollY,
      compute: document.querySelector<HTMLElement>('#checklist li[data-entry="compute-instance"]')!.innerText,
      api: document.querySelector<HTMLElement>('#checklist li[data-entry="api"]')!.dataset.status,
    }));
    expect(seen.heading).toBe("このタブでこれまでに確認した接続先");
    expect(seen.notTheNetwork).toContain("ネットワーク以外の原因かもしれません");
    expect(seen.notTheNetworkBottom).toBeLessThanOrEqual(600);
    expect(seen.api).toBe("reached");
    expect(seen.compute).toContain("WebSocket はまだ試されていません");
    await popup.close();
    await tab.page.goto(`${tab.url}&again=1`);
    await expect
      .poll(async () => [await s.ext.badge(tab.tabId), await s.ext.badgeTitle(tab.tabId)])
      .toEqual(["✓", "このタブではまだブロックされた Azure ML エンドポイントは見つかっていません"]);
  });
});
