// @vitest-environment happy-dom
/**
 * check.html under happy-dom with the fake browser and a real worker: the progress bar follows the
 * worker's check-progress messages, the table shows the run-check answer row by row, the exports
 * agree with it, and the popup's button opens the page.
 */
import { beforeEach, describe, expect, test, vi } from "vitest";
import type { CheckSocket } from "../../src/background/check.js";
import { startWorker, type BackgroundWorker } from "../../src/background/worker.js";
import { startCheckPage } from "../../src/check/controller.js";
import type { Report } from "../../src/core/report-schema.js";
import { startPopup } from "../../src/popup/controller.js";
import { pageMarkup } from "../support/page-html.js";
import { FakeBrowser } from "./fake-browser.js";

const API = "westeurope.api.azureml.ms";
const CI = "ci1.westeurope.instances.azureml.ms";

let fake: FakeBrowser;
let worker: BackgroundWorker;
const blobs = new Map<string, Blob>();

function env(search = "") {
  return {
    doc: document,
    api: fake.api,
    search,
    clipboard: { writeText: async (text: string) => void (fake.clipboard = text) },
    createObjectURL: (blob: Blob) => {
      const url = `blob:${fake.origin}/${blobs.size + 1}`;
      blobs.set(url, blob);
      return url;
    },
    revokeObjectURL: (url: string) => void blobs.delete(url),
  };
}

const fileOf = (selector: string) =>
  blobs.get(document.querySelector<HTMLAnchorElement>(selector)?.getAttribute("href") ?? "")!.text();
const rowsOf = (report: Report) => report.checks!.map((c) => `${c.host}${c.websocket ? " ws" : ""} ${c.outcome}`);

beforeEach(async () => {
  fake = new FakeBrowser();
  blobs.clear();
  worker = startWorker({
    ...fake.workerDeps(),
    openWebSocket: (url) => {
      const socket: CheckSocket = { onopen: null, onerror: null, onclose: null, close: () => undefined };
      void Promise.resolve().then(() => {
        fake.request({ tabId: -1, url, type: "websocket", initiator: fake.origin, error: "net::ERR_FAILED" });
        socket.onerror?.();
      });
      return socket;
    },
  });
  await worker.ready;
  fake.openTab(1, "https://ml.azure.com/");
  fake.request({ tabId: 1, url: `https://${API}/history`, status: 200 });
  fake.request({ tabId: 1, url: `wss://${CI}/api/kernels/k/channels`, type: "websocket", error: "net::ERR_FAILED" });
  await worker.idle();
  fake.network.set(API, { error: "net::ERR_TUNNEL_CONNECTION_FAILED" });
});

describe("check.html", () => {
  test("opens with a check: rows, progress and exports agree with the run-check answer", async () => {
    // The PAC file needs its routes (as in the popup): Azure ML through the proxy, the rest direct.
    await fake.sync.set({
      settings: { via: "PROXY azproxy.contoso.com:8080", default: "DIRECT", cloud: "public", probes: true },
    });
    document.documentElement.innerHTML = pageMarkup("src/check/check.html");
    const checkPage = startCheckPage(env());
    await checkPage.loaded;
    const answer = (await fake.sendMessage({ type: "run-check" })) as Report;
    const shown = [...document.querySelectorAll<HTMLTableRowElement>("#checks tbody tr")].map(
      (tr) => `${tr.dataset.host}${tr.dataset.websocket === "true" ? " ws" : ""} ${tr.dataset.outcome}`,
    );
    expect(shown).toEqual(rowsOf(answer));
    expect(shown).toEqual(expect.arrayContaining([`${API} proxy-refused`, `${CI} reachable`, `${CI} ws websocket`]));
    expect(document.querySelectorAll("#checks tbody tr.blocked")).toHaveLength(2);
    // The bar followed the worker's progress messages up to the number of hosts asked.
    const progress = document.querySelector<HTMLProgressElement>("#progress")!;
    expect(progress.hidden).toBe(true);
    expect(Number(progress.getAttribute("max") ?? progress.max)).toBe(
      answer.checks!.filter((c) => c.outcome !== "not-checked").length,
    );
    const json = JSON.parse(await fileOf('a[data-action="download-json"]')) as Report;
    expect(rowsOf(json)).toEqual(rowsOf(answer));
    expect(json.findings.map((f) => f.entry)).toEqual(["api", "compute-instance"]);
    const csv = await fileOf('a[data-action="download-csv"]');
    expect(csv.trim().split("\r\n")).toHaveLength(1 + answer.checks!.length);
    const pac = await fileOf('a[data-action="download-pac"]');
    expect(document.querySelector<HTMLAnchorElement>('a[data-action="download-pac"]')!.download).toMatch(
      /^azureml-blocked-\d{4}-\d{2}-\d{2}\.pac$/,
    );
    expect(pac).toContain('"azureml.ms"');
    expect(pac).not.toContain('"ml.azure.com"');
    document.querySelector<HTMLButtonElement>('[data-action="copy-markdown"]')!.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fake.clipboard).toContain("## Checks");
    expect(document.querySelector("#summary")?.classList.contains("blocked")).toBe(true);
  });

  test("with no routes set (DIRECT and DIRECT) no PAC file is offered, and the page says what to set first", async () => {
    document.documentElement.innerHTML = pageMarkup("src/check/check.html");
    await startCheckPage(env()).loaded;
    await vi.waitFor(() =>
      expect(document.querySelector('a[data-action="download-json"]')?.hasAttribute("href")).toBe(true),
    );
    await vi.waitFor(() => expect(document.querySelector("#pac-routes")?.textContent).toContain("Options"));
    const link = document.querySelector<HTMLAnchorElement>('a[data-action="download-pac"]')!;
    expect(link.hasAttribute("href")).toBe(false);
    expect(link.getAttribute("aria-disabled")).toBe("true");
  });

  test("Forget remembered hosts empties the memory; ?run=0 waits for the button", async () => {
    document.documentElement.innerHTML = pageMarkup("src/check/check.html");
    await startCheckPage(env("?run=0")).loaded;
    expect(document.querySelectorAll("#checks tbody tr")).toHaveLength(0);
    expect(document.querySelector("#remembered")?.textContent).toContain("2");
    document.querySelector<HTMLButtonElement>('[data-action="forget"]')!.click();
    for (let i = 0; i < 20 && !document.querySelector("#remembered")?.textContent?.endsWith(" 0"); i++)
      await new Promise((r) => setTimeout(r, 0));
    expect(document.querySelector("#remembered")?.textContent).toMatch(/ 0$/);
    expect(await fake.sendMessage({ type: "check-hosts" })).toEqual({ remembered: {} });
  });

  test("the popup's Check this network button opens check.html in a tab", async () => {
    document.documentElement.innerHTML = pageMarkup("src/popup/popup.html");
    await startPopup(env("?tab=1")).loaded;
    const button = document.querySelector<HTMLButtonElement>('[data-action="check-network"]')!;
    expect(button.textContent).toBe("Check this network");
    button.click();
    expect(fake.created).toEqual([`${fake.origin}/check.html`]);
  });
});
