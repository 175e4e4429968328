/**
 * One browser per test file: the simulated network, Chromium with dist/chrome loaded, and the
 * extension driver; each scenario opens its own studio tab and closes it when done.
 */
import type { Report, ReportFinding } from "../../../src/core/report-schema.js";
import { launchChromium, type LaunchedChromium, type LaunchOptions } from "./chromium.js";
import { ExtensionDriver } from "./extension-driver.js";
import { startSimulatedNetwork, type SimulatedNetwork } from "./network.js";
import { openStudio, type Step, type StudioTab } from "./studio-page.js";

export { closeAfterTest } from "../../support/browser-tests.js";

export interface ScenarioBrowser {
  net: SimulatedNetwork;
  chromium: LaunchedChromium;
  ext: ExtensionDriver;
  /** Opens a studio tab making `steps`; resolves with the tab and its id. */
  studio(steps: Step[]): Promise<StudioTab & { tabId: number }>;
  /** Launches again with other switches (same network), replacing `chromium` and `ext`. */
  relaunch(options: Partial<LaunchOptions>): Promise<void>;
  close(): Promise<void>;
}

export async function startScenarioBrowser(
  configure: (net: SimulatedNetwork) => Promise<Partial<LaunchOptions>> | Partial<LaunchOptions> = () => ({}),
): Promise<ScenarioBrowser> {
  const net = await startSimulatedNetwork();
  try {
    const launch = async (
      extra: Partial<LaunchOptions>,
    ): Promise<{ chromium: LaunchedChromium; ext: ExtensionDriver }> => {
      const chromium = await launchChromium({
        resolverRules: net.resolverRules,
        spki: net.certificates.spki,
        ...extra,
      });
      try {
        return { chromium, ext: await ExtensionDriver.open(chromium.context, chromium.extensionId) };
      } catch (error) {
        await chromium.close();
        throw error;
      }
    };
    const first = await launch(await configure(net));
    const scenario: ScenarioBrowser = {
      net,
      ...first,
      async studio(steps) {
        const tab = await openStudio(scenario.chromium.context, steps);
        return { ...tab, tabId: await scenario.ext.tabIdOf(tab.url) };
      },
      async relaunch(options) {
        await scenario.chromium.close();
        Object.assign(scenario, await launch(options));
      },
      async close() {
        await scenario.chromium.close();
        await net.close();
      },
    };
    return scenario;
  } catch (error) {
    await net.close();
    throw error;
  }
}

/** The finding for a catalog entry, or undefined. */
export function findingOf(report: Report, entry: string): ReportFinding | undefined {
  return report.findings.find((f) => f.entry === entry);
}

/** `entry: kind[,kind]` per finding, sorted: a compact view of a report to assert on and to print. */
export function summarize(report: Report): string[] {
  return report.findings
    .map(
      (f) =>
        `${f.entry}: ${[...new Set(f.failures.map((x) => `${x.kind}${x.websocket ? "/ws" : ""}`))].sort().join(",")}`,
    )
    .sort();
}

/** Total count of failures in a report's findings and unmatched hosts. */
export function failureCount(report: Report): number {
  const all = [...report.findings.flatMap((f) => f.failures), ...report.unmatched.flatMap((u) => u.failures)];
  return all.reduce((sum, f) => sum + f.count, 0);
}
