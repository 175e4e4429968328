/**
 * Screenshots of the popup page for docs/ and README: `npm run screenshots` (after `npm run build`;
 * needs fonts-noto-cjk for the Japanese glyphs). Not part of npm test. The popup page is shot at
 * Chrome's popup size (400×600) in English and in Japanese, on the simulated network:
 * - `popup-<lang>.png`: a studio tab where four entries are blocked, the first screen as it opens;
 * - `popup-<lang>-card.png`: the same with the compute instance's line folded out;
 * - `popup-<lang>-nothing-blocked.png`: a studio tab where nothing is blocked: the checklist.
 * Firefox's shots are made by test/firefox/screenshots.ts (`npm run screenshots:firefox`).
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Page } from "playwright-core";
import { findingOf, startScenarioBrowser, type ScenarioBrowser } from "./harness/scenario.js";
import { BLOCKED_SESSION, NOTHING_BLOCKED_SESSION } from "./harness/sessions.js";

const OUT = resolve(new URL("../../docs/screenshots", import.meta.url).pathname);

async function openPopup(s: ScenarioBrowser, tabId: number): Promise<Page> {
  const popup = await s.chromium.context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${s.chromium.extensionId}/popup.html?tab=${tabId}`);
  await popup.waitForSelector('a[data-action="download-json"][href]', { state: "attached" });
  return popup;
}

async function shoot(lang: "en" | "ja"): Promise<string[]> {
  const s = await startScenarioBrowser(() => ({ lang }));
  try {
    const tab = await s.studio(BLOCKED_SESSION);
    await tab.waitForResults(BLOCKED_SESSION.length);
    const report = await s.ext.waitForReport(tab.tabId, (r) =>
      ["api", "storage", "notebooks", "compute-instance"].every((e) => findingOf(r, e)),
    );
    if (report.findings.length < 4)
      throw new Error(`expected 4 findings, got ${JSON.stringify(report.findings.map((f) => f.entry))}`);
    const popup = await openPopup(s, tab.tabId);
    const first = `${OUT}/popup-${lang}.png`;
    await popup.screenshot({ path: first });
    // The compute instance's card folded out: what a finding says.
    await popup.evaluate(() =>
      document.querySelector('details.card[data-entry="compute-instance"]')?.setAttribute("open", ""),
    );
    await popup.evaluate(() => document.querySelector('details.card[data-entry="compute-instance"]')?.scrollIntoView());
    const card = `${OUT}/popup-${lang}-card.png`;
    await popup.screenshot({ path: card });

    const calm = await s.studio(NOTHING_BLOCKED_SESSION);
    await calm.waitForResults(NOTHING_BLOCKED_SESSION.length);
    await s.ext.waitForReport(calm.tabId, (r) => r.findings.length === 0 && r.reachable.length >= 4);
    const checklist = await openPopup(s, calm.tabId);
    await checklist.waitForSelector('#checklist li[data-entry="compute-instance"]');
    const nothing = `${OUT}/popup-${lang}-nothing-blocked.png`;
    await checklist.screenshot({ path: nothing });
    return [first, card, nothing];
  } finally {
    await s.close();
  }
}

mkdirSync(OUT, { recursive: true });
for (const lang of ["en", "ja"] as const) for (const file of await shoot(lang)) console.log(`wrote ${file}`);
