/**
 * Talks to the loaded extension the way its popup does: from a page of the extension opened in a
 * tab (`chrome-extension://<id>/popup.html`), through runtime messages and the action API.
 * Contract: src/messages.ts and docs/messages.md (`get-report`, `get-pac`, `clear`).
 */
import type { BrowserContext, Page } from "playwright-core";
import type { Report } from "../../../src/core/report-schema.js";
import { onTestFinished } from "vitest";
import { pollUntil } from "../../support/poll.js";

/** The slice of the `chrome` namespace the driver uses inside the extension page. */
interface ChromeApi {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  action: {
    getBadgeText(details: { tabId: number }): Promise<string>;
    getTitle(details: { tabId: number }): Promise<string>;
  };
  tabs: { query(info: object): Promise<{ id?: number; url?: string }[]> };
  storage: {
    sync: {
      get(key: string): Promise<Record<string, unknown>>;
      set(items: object): Promise<void>;
      remove(key: string): Promise<void>;
    };
    session: {
      getBytesInUse(keys?: null): Promise<number>;
      get(keys: null | string): Promise<Record<string, unknown>>;
    };
  };
}
type WithChrome = typeof globalThis & { chrome: ChromeApi };

export interface PacRequest {
  tabId: number;
  scope: "all" | "blocked";
  via?: string;
  default?: string;
}

export class ExtensionDriver {
  private constructor(
    readonly context: BrowserContext,
    readonly extensionId: string,
    /** The extension page the driver runs in. */
    readonly page: Page,
  ) {}

  /** Opens popup.html in a tab of its own, to send messages from. */
  static async open(context: BrowserContext, extensionId: string): Promise<ExtensionDriver> {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    return new ExtensionDriver(context, extensionId, page);
  }

  send<T = unknown>(message: object): Promise<T> {
    return this.page.evaluate((m) => (globalThis as WithChrome).chrome.runtime.sendMessage(m), message) as Promise<T>;
  }

  async getReport(tabId: number, extra: object = {}): Promise<Report> {
    const report = await this.send<Report | { error: string }>({ type: "get-report", tabId, ...extra });
    if (!report || "error" in report) throw new Error(`get-report failed: ${JSON.stringify(report)}`);
    return report;
  }

  async getPac(request: PacRequest): Promise<string> {
    const pac = await this.send<string | { error: string }>({ type: "get-pac", ...request });
    if (typeof pac !== "string") throw new Error(`get-pac failed: ${JSON.stringify(pac)}`);
    return pac;
  }

  clear(tabId: number): Promise<unknown> {
    return this.send({ type: "clear", tabId });
  }

  badge(tabId: number): Promise<string> {
    return this.page.evaluate((id) => (globalThis as WithChrome).chrome.action.getBadgeText({ tabId: id }), tabId);
  }

  /** The tooltip of the extension's toolbar button on `tabId`. */
  badgeTitle(tabId: number): Promise<string> {
    return this.page.evaluate((id) => (globalThis as WithChrome).chrome.action.getTitle({ tabId: id }), tabId);
  }

  /**
   * Puts storage.sync's `key` (settings, itContact) back as it is now when the current test ends,
   * passed or failed, so a test that changes it leaves the next test of the file what it found.
   */
  async restoreSyncAfterTest(key: string): Promise<void> {
    const found = await this.page.evaluate(
      async (k) => (await (globalThis as WithChrome).chrome.storage.sync.get(k))[k],
      key,
    );
    onTestFinished(async () => {
      await this.page.evaluate(
        async ({ k, value }) => {
          const { sync } = (globalThis as WithChrome).chrome.storage;
          await (value === undefined ? sync.remove(k) : sync.set({ [k]: value }));
        },
        { k: key, value: found },
      );
    });
  }

  /** Bytes the extension keeps in storage.session. */
  storageBytes(): Promise<number> {
    return this.page.evaluate(() => (globalThis as WithChrome).chrome.storage.session.getBytesInUse(null));
  }

  /** Everything the extension keeps in storage.session, as JSON text. */
  storageText(): Promise<string> {
    return this.page.evaluate(async () =>
      JSON.stringify(await (globalThis as WithChrome).chrome.storage.session.get(null)),
    );
  }

  /**
   * What storage.session holds for one tab (the worker's `tab:<id>` record, with its diagnosis
   * state), as JSON text; "null" before the first write. What a restarted worker would read back.
   */
  async storedTab(tabId: number): Promise<string> {
    const stored = await this.page.evaluate(
      (key) => (globalThis as WithChrome).chrome.storage.session.get(key),
      `tab:${tabId}`,
    );
    return JSON.stringify((stored as Record<string, unknown>)[`tab:${tabId}`] ?? null);
  }

  /** The tab id of the tab showing exactly `url` (studio URLs carry a unique `run` parameter). */
  async tabIdOf(url: string): Promise<number> {
    const tabs = await this.page.evaluate(() => (globalThis as WithChrome).chrome.tabs.query({}));
    const tab = tabs.find((t) => t.url === url);
    if (tab?.id === undefined) throw new Error(`no tab shows ${url}: ${JSON.stringify(tabs.map((t) => t.url))}`);
    return tab.id;
  }

  /**
   * Polls get-report until its verdicts are settled (no `pendingHosts`: every follow-up probe has
   * answered) and `accept` holds; returns the last report either way (assert on it). A report that
   * merely has enough findings can still be waiting for a probe that changes a kind.
   */
  async waitForReport(tabId: number, accept: (r: Report) => boolean, timeout = 20_000): Promise<Report> {
    return pollUntil(
      () => this.getReport(tabId),
      (r) => r.pendingHosts === undefined && accept(r),
      timeout,
    );
  }

  /**
   * Starts watching the badge of `tabId` from inside the extension page (5 ms polling, so the
   * measurement is not Playwright's round trip); resolves with when it first shows something other
   * than `from` (by default: empty, or the grey ✓ of a watched tab with nothing blocked).
   */
  watchBadge(
    tabId: number,
    from: readonly string[] = ["", "✓"],
    timeout = 20_000,
  ): Promise<{ text: string; at: number } | undefined> {
    return this.page.evaluate(
      ({ id, initial, limit }) =>
        new Promise<{ text: string; at: number } | undefined>((resolve) => {
          const { chrome } = globalThis as WithChrome;
          const end = Date.now() + limit;
          const poll = (): void => {
            void chrome.action.getBadgeText({ tabId: id }).then((text) => {
              if (!initial.includes(text)) resolve({ text, at: Date.now() });
              else if (Date.now() > end) resolve(undefined);
              else setTimeout(poll, 5);
            });
          };
          poll();
        }),
      { id: tabId, initial: [...from], limit: timeout },
    );
  }

  /** Stops the extension's service worker through CDP, as Chrome does when it is idle. */
  async stopWorker(): Promise<void> {
    const cdp = await this.context.newCDPSession(this.page);
    const running = new Map<string, string>();
    let resolveStopped: () => void = () => undefined;
    const stopped = new Promise<void>((r) => (resolveStopped = r));
    let target: string | undefined;
    cdp.on("ServiceWorker.workerVersionUpdated", (event) => {
      for (const v of event.versions) {
        if (!v.scriptURL.startsWith(`chrome-extension://${this.extensionId}/`)) continue;
        running.set(v.versionId, v.runningStatus);
        if (v.versionId === target && v.runningStatus === "stopped") resolveStopped();
      }
    });
    await cdp.send("ServiceWorker.enable");
    const deadline = Date.now() + 5_000;
    while (![...running.values()].includes("running") && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    target = [...running.entries()].find(([, status]) => status === "running")?.[0];
    if (!target) throw new Error(`extension worker not running: ${JSON.stringify([...running])}`);
    await cdp.send("ServiceWorker.stopWorker", { versionId: target });
    await Promise.race([
      stopped,
      new Promise((_, reject) => setTimeout(() => reject(new Error("worker did not stop")), 10_000)),
    ]);
    await cdp.detach();
  }
}
