/**
 * Screenshots of the popup page for docs/ and README: `npx tsx test/browser/screenshots.ts`
 * (needs `npm run build` first, and fonts-noto-cjk for the Japanese glyphs). Not part of npm test.
 * A studio tab on the simulated network blocks four entries; the popup page (400 px wide) is shot
 * in English and in Japanese.
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { findingOf, startScenarioBrowser } from "./harness/scenario.js";
import { BLOCKED_SESSION } from "./harness/sessions.js";

const OUT = resolve(new URL("../../docs/screenshots", import.meta.url).pathname);

async function shoot(lang: "en" | "ja"): Promise<string> {
  const s = await startScenarioBrowser(() => ({ lang }));
  try {
    const tab = await s.studio(BLOCKED_SESSION);
    await tab.waitForResults(BLOCKED_SESSION.length);
    const report = await s.ext.waitForReport(tab.tabId, (r) => ["api", "storage", "notebooks", "compute-instance"].every((e) => findingOf(r, e)));
    if (report.findings.length < 4) throw new Error(`expected 4 findings, got ${JSON.stringify(report.findings.map((f) => f.entry))}`);
    const popup = await s.chromium.context.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(`chrome-extension://${s.chromium.extensionId}/popup.html?tab=${tab.tabId}`);
    await popup.waitForSelector('a[data-action="download-json"][href]');
    // Open the first card so the screenshot shows what a finding says.
    await popup.evaluate(() => document.querySelector("details")?.setAttribute("open", ""));
    const file = `${OUT}/popup-${lang}.png`;
    await popup.screenshot({ path: file, fullPage: true });
    return file;
  } finally {
    await s.close();
  }
}

mkdirSync(OUT, { recursive: true });
for (const lang of ["en", "ja"] as const) console.log(`wrote ${await shoot(lang)}`);
