// @vitest-environment happy-dom
import { beforeEach, describe, expect, onTestFinished, test, vi } from "vitest";
import { renderAllowList, renderMarkdown, renderText } from "../../src/core/render-report.js";
import type { Report } from "../../src/core/report-schema.js";
import { startWorker, type BackgroundWorker } from "../../src/background/worker.js";
import { startPopup, type Popup } from "../../src/popup/controller.js";
import { pageMarkup } from "../support/page-html.js";
import { FakeBrowser } from "./fake-browser.js";

const API = "https://westeurope.api.azureml.ms/history";
const STORAGE = "https://mystorage.blob.core.windows.net/c/f";
const WS = "wss://ci1.westeurope.instances.azureml.ms/api/kernels/k/channels";

let fake: FakeBrowser;
let worker: BackgroundWorker;
const blobs = new Map<string, Blob>();

function setUp(lang: "en" | "ja" = "en"): void {
  fake = new FakeBrowser(lang);
  worker = startWorker(fake.workerDeps());
  freshPage();
  blobs.clear();
}

/** A new popup document: the page a browser would load, without the last one's listeners. */
function freshPage(): void {
  document.documentElement.innerHTML = pageMarkup("src/popup/popup.html");
}

async function open(search = "?tab=1", api = fake.api): Promise<Popup> {
  await worker.idle();
  const popup = startPopup({
    doc: document,
    api,
    search,
    clipboard: { writeText: async (text) => void (fake.clipboard = text) },
    createObjectURL: (blob) => {
      const url = `blob:${fake.origin}/${blobs.size + 1}`;
      blobs.set(url, blob);
      return url;
    },
    revokeObjectURL: (url) => void blobs.delete(url),
  });
  await popup.loaded;
  return popup;
}

const text = (selector: string) => document.querySelector(selector)?.textContent?.trim() ?? "";
const link = (selector: string) => document.querySelector<HTMLAnchorElement>(selector)!;
const fileOf = (selector: string) => blobs.get(link(selector).getAttribute("href") ?? "")!.text();

beforeEach(() => setUp());

describe("popup", () => {
  const visible = (selector: string) => {
    const element = document.querySelector<HTMLElement>(selector);
    return !!element && !element.closest("[hidden]");
  };

  test("before the worker answers, no action is offered", async () => {
    fake.openTab(1, "https://ml.azure.com/");
    await worker.idle();
    const api = fake.api;
    let release: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (release = resolve));
    api.runtime.sendMessage = async (message) => answered.then(() => fake.sendMessage(message));
    const popup = startPopup({
      doc: document,
      api,
      search: "?tab=1",
      clipboard: undefined,
      createObjectURL: () => "blob:x",
      revokeObjectURL: () => undefined,
    });
    for (const action of ["copy-markdown", "copy-text", "copy-allowlist", "check-again", "open-studio", "retry"])
      expect(visible(`[data-action="${action}"]`), action).toBe(false);
    release();
    await popup.loaded;
    expect(visible('[data-action="copy-markdown"]')).toBe(true);
  });

  test("a tab that is not studio says so, offers to open studio, and offers no report", async () => {
    fake.openTab(1, "https://example.com/");
    await open();
    expect(document.querySelector("#summary")?.getAttribute("data-state")).toBe("not-studio");
    expect(text("#summary")).toContain(
      "Open Azure ML studio (ml.azure.com). If studio was already open before the extension was installed, reload that tab.",
    );
    expect(visible('[data-action="open-studio"]')).toBe(true);
    for (const hiddenControl of ["copy-markdown", "copy-text", "copy-allowlist", "check-again", "watch-all"])
      expect(visible(`[data-action="${hiddenControl}"]`), hiddenControl).toBe(false);
    expect(visible("#for-it")).toBe(false);
    document.querySelector<HTMLButtonElement>('[data-action="open-studio"]')!.click();
    await vi.waitFor(() => expect(fake.created).toEqual(["https://ml.azure.com/"]));
  });

  test("a studio tab with nothing blocked says so in words", async () => {
    fake.openTab(1, "https://ml.azure.com/");
    fake.request({ tabId: 1, url: API, status: 200 });
    await open();
    expect(text("#headline")).toBe("No blocked Azure ML endpoint seen yet");
    expect(document.querySelectorAll(".card")).toHaveLength(0);
    // A checklist of the cloud's browser entries, from what the worker saw: "nothing found" reads
    // neither as "all fine" nor as "not checked".
    const lines = new Map(
      [...document.querySelectorAll<HTMLElement>("#checklist li")].map((li) => [li.dataset.entry, li]),
    );
    expect(lines.get("studio")?.dataset.status).toBe("reached");
    expect(lines.get("api")?.textContent).toBe("✓ Azure Machine Learning API (reached)");
    expect(text("#checklist .legend")).toContain("– not tried yet: do what the line says in studio");
    expect(lines.get("storage")?.dataset.status).toBe("not-seen");
    expect(lines.get("compute-instance")?.textContent).toBe(
      "– Compute instance (not tried yet): " +
        "Open a terminal, or run a notebook cell, on a running compute instance.",
    );
    // What works first, then what is left to try.
    expect([...lines.values()].map((li) => li.dataset.status).slice(0, 3)).toEqual(["reached", "reached", "not-seen"]);
    expect(text("#checklist")).toContain("If studio still fails, it may not be the network");
    expect(visible('[data-action="copy-allowlist"]')).toBe(false);
    expect(link('a[data-action="download-pac"][data-scope="blocked"]').getAttribute("aria-disabled")).toBe("true");

    // The copies IT gets say the same: what was checked, what was not tried yet.
    document.querySelector<HTMLButtonElement>('[data-action="copy-markdown"]')!.click();
    await vi.waitFor(() => expect(fake.clipboard).toContain("## What was checked in this tab"));
    expect(fake.clipboard).toContain("If studio still fails, it may not be the network.");
    expect(fake.clipboard).toContain("- ✓ Azure Machine Learning API\n");
    expect(fake.clipboard).toContain(
      "- – Compute instance (WebSocket –): Open a terminal, or run a notebook cell, on a running compute instance.",
    );
    document.querySelector<HTMLButtonElement>('[data-action="copy-text"]')!.click();
    await vi.waitFor(() => expect(fake.clipboard).toContain("What was checked in this tab:\n"));
    expect(fake.clipboard).toContain("If studio still fails, it may not be the network.");
    expect(fake.clipboard).toMatch(/^ +– Workspace storage \(files, data\): /m);
  });

  test("a card per blocked entry, with its patterns, failure, hosts and what to ask IT", async () => {
    fake.openTab(1, "https://ml.azure.com/");
    fake.request({ tabId: 1, url: API, error: "net::ERR_NAME_NOT_RESOLVED" });
    fake.request({ tabId: 1, url: STORAGE, error: "net::ERR_TUNNEL_CONNECTION_FAILED" });
    fake.request({ tabId: 1, url: STORAGE, error: "net::ERR_TUNNEL_CONNECTION_FAILED" });
    fake.network.set("ci1.westeurope.instances.azureml.ms", { status: 200 });
    fake.request({ tabId: 1, url: WS, type: "websocket", error: "net::ERR_FAILED" });
    await open();
    expect(text("#headline")).toBe("3 Azure ML endpoints are blocked on this network");
    const cards = [...document.querySelectorAll<HTMLElement>(".card")];
    expect(cards.map((card) => card.dataset.entry).sort()).toEqual(["api", "compute-instance", "storage"]);
    // One line per entry in the report's words, folded; the details open on demand.
    expect(cards.every((card) => card.tagName === "DETAILS" && !card.hasAttribute("open"))).toBe(true);
    const storage = document.querySelector<HTMLElement>('.card[data-entry="storage"]')!;
    expect(storage.querySelector("summary")?.textContent).toBe(
      "Workspace storage (files, data) — Refused by the proxy",
    );
    expect(storage.textContent).toContain("*.blob.core.windows.net");
    expect(storage.textContent).toContain("mystorage.blob.core.windows.net");
    // A long host wraps between labels, never inside one: a break opportunity after each dot, the text unchanged.
    const seenHost = [...storage.querySelectorAll("code")].find(
      (c) => c.textContent === "mystorage.blob.core.windows.net",
    )!;
    expect([...seenHost.childNodes].map((n) => (n.nodeName === "WBR" ? "|" : n.textContent)).join("")).toBe(
      "mystorage.|blob.|core.|windows.|net",
    );
    expect(storage.querySelector('[data-kind="proxy-refused"]')?.textContent).toContain("2 times");
    expect(storage.querySelector(".advice")?.textContent).toContain("proxy's allow-list");
    expect(storage.querySelector('a[href^="https://learn.microsoft.com/"]')).not.toBeNull();
    // Ports are named only when they are not just tcp/443.
    expect(storage.textContent).not.toContain("Ports");
    const ws = document.querySelector<HTMLElement>('.card[data-entry="compute-instance"]')!;
    expect(ws.querySelector("summary")?.textContent).toBe("Compute instance — WebSocket upgrade refused");
  });

  // The popup says it in plain words, and shows the path and addresses.
  test("split DNS: a card that names the host and the zone to forward, and the network in words", async () => {
    const notebooks = "https://ml-ws-westeurope-0000.westeurope.notebooks.azure.net/api/contents";
    fake.openTab(1, "https://ml.azure.com/");
    fake.request({ tabId: 1, url: API, status: 200, ip: "10.0.0.4" });
    fake.request({ tabId: 1, url: notebooks, status: 200, ip: "20.50.1.2" });
    await open();
    const card = document.querySelector<HTMLElement>('.card[data-entry="notebooks"]')!;
    // The kind in the report's words (KIND_TEXT), as in the Markdown, CSV and CLI.
    expect(card.querySelector('[data-kind="private-dns"] > span')?.textContent).toBe(
      "Private endpoint, but resolved to a public address",
    );
    expect(card.querySelector(".advice")?.textContent).toContain(
      "Your workspace uses private endpoints, but `ml-ws-westeurope-0000.westeurope.notebooks.azure.net` resolved to a public address (20.50.1.2). Ask IT to forward the zone `notebooks.azure.net` to Azure DNS, where the private DNS zone `privatelink.notebooks.azure.net` holds its records.",
    );
    const network = document.querySelector<HTMLElement>("#network")!;
    expect(network.dataset.path).toBe("direct");
    expect(network.textContent).toContain("Your workspace uses private endpoints.");
    expect(network.textContent).toContain("Hosts that resolved to a public address: 1");
    expect(network.querySelector('li[data-host="westeurope.api.azureml.ms"]')?.getAttribute("data-class")).toBe(
      "private",
    );
  });

  test("the headline and the report actions come before the cards; only the headline is announced", async () => {
    fake.openTab(1, "https://ml.azure.com/");
    fake.request({ tabId: 1, url: API, error: "net::ERR_NAME_NOT_RESOLVED" });
    await open();
    const order = [...document.querySelectorAll("#headline, [data-action='copy-markdown'], .card")].map(
      (el) => el.id || el.getAttribute("data-action") || "card",
    );
    expect(order).toEqual(["headline", "copy-markdown", "card"]);
    // The first control in keyboard order is the one thing to do: Copy report for IT.
    const controls = [...document.querySelectorAll<HTMLElement>("button, a[href], select, summary")].filter(
      (element) => !element.closest("[hidden]"),
    );
    expect(controls[0]?.dataset.action).toBe("copy-markdown");
    // The exports for IT come after the findings, folded.
    expect(document.querySelector("#for-it")?.hasAttribute("open")).toBe(false);
    expect(
      document.querySelector(".card")!.compareDocumentPosition(document.querySelector("#for-it")!) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(document.querySelector("#headline")?.closest("[aria-live]")?.id).toBe("summary-host");
    expect(document.querySelector(".card")?.closest("[aria-live]")).toBeNull();
  });

  test("with no PAC routes set, no PAC file is offered and the popup says what to set first", async () => {
    fake.openTab(1, "https://ml.azure.com/");
    fake.request({ tabId: 1, url: STORAGE, error: "net::ERR_TUNNEL_CONNECTION_FAILED" });
    await open();
    for (const scope of ["all", "blocked"])
      expect(link(`a[data-action="download-pac"][data-scope="${scope}"]`).hasAttribute("href")).toBe(false);
    expect(text("#pac-routes")).toContain("its routes are not set");
  });

  test("downloads are blob links named for the local day, holding the report and the PAC", async () => {
    // 20:00 UTC on 28 November is already 29 November in Tokyo: the file is named for the user's day.
    const tz = process.env.TZ;
    process.env.TZ = "Asia/Tokyo";
    onTestFinished(() => {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    });
    fake.now = Date.UTC(2026, 10, 28, 20, 0, 0);
    await fake.sync.set({
      settings: { via: "PROXY azproxy.contoso.com:8080", default: "DIRECT", cloud: "public", probes: true },
    });
    fake.openTab(1, "https://ml.azure.com/");
    fake.request({ tabId: 1, url: STORAGE, error: "net::ERR_TUNNEL_CONNECTION_FAILED" });
    await open();
    expect(link('a[data-action="download-csv"]').download).toBe("aml-network-report-2026-11-29.csv");
    expect(link('a[data-action="download-json"]').download).toBe("aml-network-report-2026-11-29.json");
    expect(
      JSON.parse(await fileOf('a[data-action="download-json"]')).findings.map((f: { entry: string }) => f.entry),
    ).toEqual(["storage"]);
    expect(await fileOf('a[data-action="download-csv"]')).toContain("mystorage.blob.core.windows.net");
    const blocked = link('a[data-action="download-pac"][data-scope="blocked"]');
    expect(blocked.download).toBe("azureml-blocked-2026-11-29.pac");
    expect(link('a[data-action="download-pac"][data-scope="all"]').download).toBe("azureml-all.pac");
    const pac = await fileOf('a[data-action="download-pac"][data-scope="blocked"]');
    expect(pac).toContain("blob.core.windows.net");
    expect(pac).not.toContain("azureml.ms");
    expect(await fileOf('a[data-action="download-pac"][data-scope="all"]')).toContain("azureml.ms");
    expect(text("#pac-routes")).toContain("PROXY azproxy.contoso.com:8080");
  });

  test("Copy report puts the Markdown report on the clipboard", async () => {
    fake.openTab(1, "https://ml.azure.com/");
    fake.request({ tabId: 1, url: API, error: "net::ERR_NAME_NOT_RESOLVED" });
    await open();
    document.querySelector<HTMLButtonElement>('[data-action="copy-markdown"]')!.click();
    await vi.waitFor(() => expect(fake.clipboard).toBeDefined());
    const report = (await fake.sendMessage({ type: "get-report", tabId: 1 })) as Report;
    const generatedAt = JSON.parse(await fileOf('a[data-action="download-json"]')).generatedAt as string;
    expect(fake.clipboard).toBe(renderMarkdown({ ...report, generatedAt }));
    expect(text('[data-action="copy-markdown"]')).toBe("Copied ✓");

    document.querySelector<HTMLButtonElement>('[data-action="copy-text"]')!.click();
    await vi.waitFor(() => expect(fake.clipboard).toBe(renderText({ ...report, generatedAt })));
    // The tab's checklist travels with the copy: the blocked entry, and what was not tried yet.
    expect(report.checklist?.length).toBeGreaterThan(0);
    expect(fake.clipboard).toContain("What was checked in this tab:\n");
    expect(fake.clipboard).toMatch(/^ +✗ Azure Machine Learning API$/m);
    expect(fake.clipboard).not.toContain("If studio still fails");
    document.querySelector<HTMLButtonElement>('[data-action="copy-allowlist"]')!.click();
    await vi.waitFor(() => expect(fake.clipboard).toBe(renderAllowList(report)));
    expect(fake.clipboard).toContain("*.azureml.ms tcp/443");
  });

  test("a clipboard that refuses shows the text to copy by hand, as an error", async () => {
    fake.openTab(1, "https://ml.azure.com/");
    fake.request({ tabId: 1, url: API, error: "net::ERR_NAME_NOT_RESOLVED" });
    await worker.idle();
    const popup = startPopup({
      doc: document,
      api: fake.api,
      search: "?tab=1",
      clipboard: undefined,
      createObjectURL: () => "blob:x",
      revokeObjectURL: () => undefined,
    });
    await popup.loaded;
    document.querySelector<HTMLButtonElement>('[data-action="copy-markdown"]')!.click();
    const fallback = document.querySelector<HTMLTextAreaElement>("#copy-fallback")!;
    await vi.waitFor(() => expect(fallback.hidden).toBe(false));
    expect(fallback.value).toContain("# Azure Machine Learning: the network blocks 1 endpoint");
    expect(document.querySelector("#status")?.classList.contains("error")).toBe(true);
  });

  test("Check again clears the tab's findings and reloads the studio tab", async () => {
    fake.openTab(1, "https://ml.azure.com/");
    fake.request({ tabId: 1, url: API, error: "net::ERR_NAME_NOT_RESOLVED" });
    await open();
    document.querySelector<HTMLButtonElement>('[data-action="check-again"]')!.click();
    await vi.waitFor(() => expect(text("#headline")).toBe("No blocked Azure ML endpoint seen yet"));
    expect(fake.reloaded).toEqual([1]);
    expect(fake.badge(1).text).toBe("✓");
  });

  test("the open popup follows new failures: headline and badge agree without reopening", async () => {
    fake.openTab(1, "https://ml.azure.com/");
    fake.request({ tabId: 1, url: API, status: 200 });
    await open();
    expect(text("#headline")).toBe("No blocked Azure ML endpoint seen yet");
    fake.request({ tabId: 1, url: STORAGE, error: "net::ERR_TUNNEL_CONNECTION_FAILED" });
    await worker.idle();
    await vi.waitFor(() => expect(text("#headline")).toBe("1 Azure ML endpoint is blocked on this network"));
    expect(fake.badge(1).text).toBe("1");
    fake.request({ tabId: 1, url: WS, type: "websocket", error: "net::ERR_NAME_NOT_RESOLVED" });
    await worker.idle();
    await vi.waitFor(() => expect(text("#headline")).toBe("2 Azure ML endpoints are blocked on this network"));
    expect(fake.badge(1).text).toBe("2");
  });

  test("the report language select changes the exports only; the cards stay in the UI language", async () => {
    fake.openTab(1, "https://ml.azure.com/");
    fake.request({ tabId: 1, url: API, error: "net::ERR_NAME_NOT_RESOLVED" });
    const popup = await open();
    const select = document.querySelector<HTMLSelectElement>("#lang")!;
    expect(select.value).toBe("en");
    select.value = "ja";
    select.dispatchEvent(new Event("change"));
    await popup.reload();
    const json = JSON.parse(await fileOf('a[data-action="download-json"]'));
    expect(json.lang).toBe("ja");
    expect(document.querySelector(".card")?.textContent).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  test("the UI follows the browser language: Japanese", async () => {
    setUp("ja");
    fake.openTab(1, "https://ml.azure.com/");
    fake.request({ tabId: 1, url: API, error: "net::ERR_NAME_NOT_RESOLVED" });
    await open();
    expect(text("#headline")).toBe("このネットワークでは Azure ML のエンドポイントが 1 件ブロックされています");
    // The count and its counter never part across lines, and nothing more is kept with them.
    expect(text("#headline .nowrap")).toBe("1 件");
    expect(text('[data-action="copy-markdown"]')).toBe("IT 部門向けにレポートをコピー");
    expect(document.querySelector(".card summary")?.textContent).toBe(
      "Azure ML service API — DNS の名前解決に失敗".replace("Azure ML service API", "Azure Machine Learning の API"),
    );
    expect(document.querySelector<HTMLSelectElement>("#lang")!.value).toBe("ja");
    expect(document.documentElement.lang).toBe("ja");
  });

  test("without ?tab= the popup reports on the active tab", async () => {
    fake.openTab(7, "https://ml.azure.com/");
    fake.request({ tabId: 7, url: API, error: "net::ERR_NAME_NOT_RESOLVED" });
    await open("");
    expect(document.querySelectorAll(".card")).toHaveLength(1);
    // The toolbar popup offers the same view as a page in a tab; that page does not offer itself.
    document.querySelector<HTMLButtonElement>('[data-action="open-page"]')!.click();
    await vi.waitFor(() => expect(fake.created).toEqual([`chrome-extension://${fake.id}/popup.html?tab=7`]));
    freshPage();
    await open("?tab=7");
    expect(visible('[data-action="open-page"]')).toBe(false);
  });

  test("missing host permissions (Firefox lets users revoke them) are shown and can be asked for", async () => {
    fake.openTab(1, "https://ml.azure.com/");
    fake.granted.delete("*://*.azureml.ms/*");
    await open();
    const banner = document.querySelector<HTMLElement>("#permissions")!;
    expect(banner.hidden).toBe(false);
    document.querySelector<HTMLButtonElement>('[data-action="grant-permissions"]')!.click();
    await vi.waitFor(() => expect(banner.hidden).toBe(true));
    expect(fake.granted.has("*://*.azureml.ms/*")).toBe(true);
  });

  test("watching every host of studio tabs is asked for from the popup", async () => {
    fake.openTab(1, "https://ml.azure.com/");
    await open();
    const button = document.querySelector<HTMLButtonElement>('[data-action="watch-all"]')!;
    expect(button.hidden).toBe(false);
    button.click();
    await vi.waitFor(() => expect(button.hidden).toBe(true));
    expect(text("#watch-all-state")).toBe("Watching every host of studio tabs.");
  });

  test("when the worker answers a reload with an error, no export of the earlier report stays downloadable", async () => {
    fake.openTab(1, "https://ml.azure.com/");
    fake.request({ tabId: 1, url: API, error: "net::ERR_NAME_NOT_RESOLVED" });
    const api = fake.api;
    let failing = false;
    api.runtime.sendMessage = async (message) =>
      failing ? { error: "storage is unavailable" } : fake.sendMessage(message);
    const popup = await open("?tab=1", api);
    expect(link('a[data-action="download-json"]').getAttribute("aria-disabled")).toBeNull();
    failing = true;
    await popup.reload();
    expect(text("#summary")).toContain("storage is unavailable");
    expect(text("#headline")).toBe("Could not read the diagnosis");
    expect(visible('[data-action="retry"]')).toBe(true);
    expect(visible('[data-action="copy-markdown"]')).toBe(false);
    expect(visible('[data-action="send-to-it"]')).toBe(false);
    const links = document.querySelectorAll<HTMLAnchorElement>('a[data-action^="download-"]');
    expect(links.length).toBeGreaterThanOrEqual(4);
    for (const control of links) {
      expect(control.getAttribute("aria-disabled")).toBe("true");
      expect(control.hasAttribute("href")).toBe(false);
    }
    expect(blobs.size).toBe(0);
    document.querySelector<HTMLButtonElement>('[data-action="copy-markdown"]')!.click();
    // The copy action is all microtasks: one macrotask later a copy would have happened.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fake.clipboard).toBeUndefined();
  });

  test("switching the report language twice quickly shows the last choice, even when an older answer comes late", async () => {
    fake.openTab(1, "https://ml.azure.com/");
    fake.request({ tabId: 1, url: API, error: "net::ERR_NAME_NOT_RESOLVED" });
    const api = fake.api;
    const held: Array<() => void> = [];
    let hold = false;
    api.runtime.sendMessage = async (message) => {
      const answer = await fake.sendMessage(message);
      if (hold && (message as { type: string }).type === "get-report")
        await new Promise<void>((release) => held.push(release));
      return answer;
    };
    const popup = await open("?tab=1", api);
    const select = document.querySelector<HTMLSelectElement>("#lang")!;
    hold = true;
    select.value = "ja";
    select.dispatchEvent(new Event("change"));
    await vi.waitFor(() => expect(held).toHaveLength(1));
    hold = false;
    select.value = "en";
    select.dispatchEvent(new Event("change"));
    await popup.reload();
    held[0]!();
    // The late answer's work is all microtasks: one macrotask later it has run.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(JSON.parse(await fileOf('a[data-action="download-json"]')).lang).toBe("en");
  });

  test("in Firefox the toolbar popup hands a download to its full page in a tab, whose link is ready to press", async () => {
    fake.scheme = "moz-extension";
    await fake.sync.set({
      settings: { via: "PROXY azproxy.contoso.com:8080", default: "DIRECT", cloud: "public", probes: true },
    });
    fake.openTab(1, "https://ml.azure.com/");
    fake.request({ tabId: 1, url: STORAGE, error: "net::ERR_TUNNEL_CONNECTION_FAILED" });
    await open("");
    const click = (selector: string) => {
      const event = new MouseEvent("click", { bubbles: true, cancelable: true });
      link(selector).dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(click('a[data-action="download-csv"]')).toBe(true);
    expect(click('a[data-action="download-pac"][data-scope="blocked"]')).toBe(true);
    expect(fake.created).toEqual([
      `moz-extension://${fake.id}/popup.html?tab=1&download=download-csv`,
      `moz-extension://${fake.id}/popup.html?tab=1&download=download-pac%3Ablocked`,
    ]);

    freshPage();
    await open(new URL(fake.created[1]!).search);
    expect(document.activeElement).toBe(link('a[data-action="download-pac"][data-scope="blocked"]'));
    expect(text("#status")).toContain("PAC file (only the blocked ones)");
    expect(click('a[data-action="download-pac"][data-scope="blocked"]')).toBe(false);
    expect(fake.created).toHaveLength(2);
  });

  test("in Chromium the toolbar popup downloads itself: the file chooser does not close it", async () => {
    fake.openTab(1, "https://ml.azure.com/");
    await open("");
    const event = new MouseEvent("click", { bubbles: true, cancelable: true });
    link('a[data-action="download-csv"]').dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);
    expect(fake.created).toEqual([]);
  });

  test("every control has a name and every action is a button or a link", () => {
    const controls = document.querySelectorAll<HTMLElement>("[data-action]");
    expect(controls.length).toBeGreaterThanOrEqual(9);
    for (const control of controls) {
      expect(["BUTTON", "A"]).toContain(control.tagName);
      expect(control.getAttribute("data-i18n")).toBeTruthy();
    }
    expect(document.querySelector('label[for="lang"]')).not.toBeNull();
  });
});

describe("popup: WebSocket health after the handshake", () => {
  const drop = (at: number) => ({
    url: WS,
    openedAt: at,
    lastInAt: at + 5_000,
    closedAt: at + 245_000,
    code: 1006,
    wasClean: false,
    reasonLength: 0,
  });

  test.each([
    {
      lang: "en" as const,
      label: "WebSocket connection dropped after it opened",
      sentence: "The notebook kernel connection dropped 3 times, each after about 4 minutes without traffic",
    },
    {
      lang: "ja" as const,
      label: "接続後に WebSocket が切断",
      sentence: "ノートブック カーネルの接続が 3 回切断されました（いずれも約 4 分間通信がなかった後）",
    },
  ])(
    "a kernel that keeps dropping gets a card saying how often and after how long idle ($lang)",
    async ({ lang, label, sentence }) => {
      setUp(lang);
      fake.openTab(1, "https://ml.azure.com/");
      const now = Date.now() - 3_600_000;
      for (let i = 0; i < 3; i++)
        await fake.sendFromTab(1, { type: "websocket-closed", close: drop(now + i * 600_000) });
      await open();
      const card = document.querySelector<HTMLElement>('.card[data-entry="compute-instance"]')!;
      const failure = card.querySelector<HTMLElement>('[data-kind="websocket-dropped"]')!;
      expect(failure.querySelector(":scope > span")?.textContent).toBe(label);
      expect(failure.querySelector(".explanation")?.textContent).toBe(sentence);
      expect(card.querySelector(".advice")?.textContent).toContain(lang === "en" ? "about 240 s" : "約 240 秒");
    },
  );
});

describe("popup while a follow-up probe has not answered", () => {
  test.each([
    { lang: "en" as const, note: "Not final yet", tag: "pending" },
    { lang: "ja" as const, note: "まだ確定していません", tag: "判定待ち" },
  ])("says the verdict is pending ($lang), then shows the probe's kind by itself", async ({ lang, note, tag }) => {
    setUp(lang);
    fake.network.set("ci1.westeurope.instances.azureml.ms", { error: "net::ERR_TUNNEL_CONNECTION_FAILED" });
    const answer = fake.holdProbes();
    fake.openTab(1, "https://ml.azure.com/");
    fake.request({ tabId: 1, url: WS, type: "websocket", error: "net::ERR_FAILED" });
    const scheduled: Array<() => void> = [];
    const popup = startPopup({
      doc: document,
      api: fake.api,
      search: "?tab=1",
      clipboard: undefined,
      createObjectURL: () => "blob:x",
      revokeObjectURL: () => undefined,
      later: (callback) => void scheduled.push(callback),
    });
    await popup.loaded;
    expect(text("#pending")).toContain(note);
    expect(text("#pending")).toContain("ci1.westeurope.instances.azureml.ms");
    const card = document.querySelector('[data-entry="compute-instance"]')!;
    expect(card.querySelector('[data-kind="websocket"] [data-pending]')?.textContent).toBe(tag);
    expect(scheduled).toHaveLength(1);

    answer();
    await worker.idle();
    scheduled.shift()!();
    await vi.waitFor(() => expect(document.querySelector("#pending")).toBeNull());
    expect(card.isConnected).toBe(false);
    const settled = document.querySelector('[data-entry="compute-instance"]')!;
    expect(settled.querySelector('[data-kind="proxy-refused"]')).not.toBeNull();
    expect(settled.querySelector("[data-pending]")).toBeNull();
    expect(scheduled).toHaveLength(0);
  });
});
