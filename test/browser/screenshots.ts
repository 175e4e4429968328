/**
 * Screenshots of the popup page for docs/ and README: `npx tsx test/browser/screenshots.ts`
 * (needs `npm run build` first, and fonts-noto-cjk for the Japanese glyphs). Not part of npm test.
 * A studio tab on the simulated network blocks four entries; the popup page is shot at Chrome's
 * popup size (400×600) in English and in Japanese: the first screen as it opens, and with the
 * first card folded out. Firefox's shots are made by test/firefox/screenshots.ts.
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { findingOf, startScenarioBrowser } from "./harness/scenario.js";
import { BLOCKED_SESSION } from "./harness/sessions.js";

const OUT = resolve(new URL("../../docs/screenshots", import.meta.url).pathname);

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
    const popup = await s.chromium.context.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(`chrome-extension://${s.chromium.extensionId}/popup.html?tab=${tab.tabId}`);
    await popup.waitForSelector('a[data-action="download-json"][href]', { state: "attached" });
    const first = `${OUT}/popup-${lang}.png`;
    await popup.screenshot({ path: first });
    // The compute instance's card folded out: what a finding says.
    await popup.evaluate(() =>
      document.querySelector('details.card[data-entry="compute-instance"]')?.setAttribute("open", ""),
    );
    await popup.evaluate(() => document.querySelector('details.card[data-entry="compute-instance"]')?.scrollIntoView());
    const card = `${OUT}/popup-${lang}-card.png`;
    await popup.screenshot({ path: card });
    return [first, card];
  } finally {
    await s.close();
  }
}

mkdirSync(OUT, { recursive: true });
for (const lang of ["en", "ja"] as const) for (const file of await shoot(lang)) console.log(`wrote ${file}`);
