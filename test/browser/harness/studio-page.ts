/** Opens the fake studio page with a list of requests to make, and reads what the page saw. */
import type { BrowserContext, Page } from "playwright-core";

export type StepKind = "fetch" | "xhr" | "img" | "ws" | "worker-fetch" | "worker-ws";

export interface Step {
  kind: StepKind;
  url: string;
}

export interface StepResult extends Step {
  outcome: "ok" | "error";
  /** HTTP status, `open`, `close 1006`, or the error text. */
  detail: string;
  /** Epoch milliseconds when the page learnt the outcome. */
  at: number;
}

let runCounter = 0;

/** `https://ml.azure.com/?fetch=…&ws=…&run=N`; `run` makes each tab's URL unique. */
export function studioUrl(steps: Step[]): string {
  const query = new URLSearchParams();
  for (const step of steps) query.append(step.kind, step.url);
  query.append("run", String(++runCounter));
  return `https://ml.azure.com/?${query.toString()}`;
}

export interface StudioTab {
  page: Page;
  url: string;
  /** Results recorded so far. */
  results(): Promise<StepResult[]>;
  /** Waits until `count` results are in (polling, no fixed sleep). */
  waitForResults(count: number, timeout?: number): Promise<StepResult[]>;
  /** Makes more requests from the page; resolves with their results. */
  run(steps: Step[]): Promise<StepResult[]>;
}

declare global {
  interface Window {
    __studio: {
      results: StepResult[];
      run(steps: Step[]): Promise<StepResult[]>;
      burst(urls: string[], concurrency: number): Promise<{ ok: number; failed: number; ms: number }>;
    };
  }
}

/** Opens a new tab on the studio page, which starts the given requests as soon as it loads. */
export async function openStudio(context: BrowserContext, steps: Step[]): Promise<StudioTab> {
  const page = await context.newPage();
  const url = studioUrl(steps);
  await page.goto(url);
  const results = (): Promise<StepResult[]> => page.evaluate(() => window.__studio.results);
  return {
    page,
    url,
    results,
    async waitForResults(count, timeout = 20_000) {
      await page.waitForFunction((n) => window.__studio.results.length >= n, count, { timeout, polling: 25 });
      return results();
    },
    run: (more) => page.evaluate((s) => window.__studio.run(s), more),
  };
}

/** Text that every scenario URL carries in its path or query, and no report may contain. */
export const PRIVATE_MARKERS = ["private-", "S3cr3t", "sig="] as const;

/**
 * A URL with a private path and a SAS-style query (`sig=`), as studio's storage requests carry.
 * `path` chooses the server's behaviour (`/ws/403`, `/nocors/…`, `/img.png`); default is plain JSON.
 */
export function privateUrl(
  scheme: "https" | "wss",
  host: string,
  path = "/subscriptions/private-sub/workspaces/private-ws",
): string {
  return `${scheme}://${host}${path}?sv=2022-11-02&sr=b&sig=S3cr3tSASsignature%2Bprivate-token%3D&se=2030-01-01`;
}
