// @vitest-environment happy-dom
/** har.html over the fake browser: the CLI's diagnosis and words, the popup's cards and exports. */
import { beforeEach, describe, expect, test, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { startHarPage, type HarPage } from "../../src/har/controller.js";
import { buildHar, chromeEntry } from "../fixtures/har/build-har.js";
import { fakeIo } from "../cli/fake-io.js";
import { pageMarkup } from "../support/page-html.js";
import { FakeBrowser } from "./fake-browser.js";

const HAR = buildHar([
  chromeEntry({ url: "https://ml.azure.com/", resourceType: "document", status: 200 }),
  chromeEntry({
    url: "https://westeurope.api.azureml.ms/history?sig=SECRET",
    error: "net::ERR_NAME_NOT_RESOLVED",
    at: 10,
  }),
  chromeEntry({
    url: "https://mystorage.blob.core.windows.net/c/b?sig=SECRET",
    error: "net::ERR_TUNNEL_CONNECTION_FAILED",
    at: 20,
  }),
]);

let fake: FakeBrowser;
const blobs = new Map<string, Blob>();

function openPage(lang: "en" | "ja" = "en"): HarPage {
  fake = new FakeBrowser(lang);
  document.documentElement.innerHTML = pageMarkup("src/har/har.html");
  blobs.clear();
  return startHarPage({
    doc: document,
    api: fake.api,
    clipboard: { writeText: async (text) => void (fake.clipboard = text) },
    createObjectURL: (blob) => {
      const url = `blob:${fake.origin}/${blobs.size + 1}`;
      blobs.set(url, blob);
      return url;
    },
    revokeObjectURL: (url) => void blobs.delete(url),
    now: () => Date.UTC(2026, 10, 28, 10, 0, 0),
  });
}

const file = (name: string, text: string) => ({
  name,
  size: Buffer.byteLength(text),
  stream: () => new Blob([text]).stream(),
});
const state = () => document.querySelector<HTMLElement>("#summary")?.dataset.state;
const cards = () => [...document.querySelectorAll<HTMLElement>(".card[data-entry]")].map((card) => card.dataset.entry);
const linkText = (selector: string) =>
  blobs.get(document.querySelector<HTMLAnchorElement>(selector)?.getAttribute("href") ?? "")?.text();

async function cli(argv: string[], files: Record<string, string>) {
  const io = fakeIo(files);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

beforeEach(() => blobs.clear());

describe("har.html", () => {
  test("has a file input and no report before a file is chosen", () => {
    openPage();
    expect(document.querySelector('input[type="file"]')).not.toBeNull();
    expect(state()).toBeUndefined();
    expect(document.querySelector<HTMLElement>("#actions")?.hidden).toBe(true);
  });

  test("a HAR gives the popup's summary, a card per blocked entry, and the CLI's JSON report", async () => {
    const page = openPage();
    await page.open(file("studio.har", HAR));
    expect(state()).toBe("blocked");
    expect(cards().sort()).toEqual(["api", "storage"]);
    const json = JSON.parse((await linkText('a[data-action="download-json"]'))!) as Record<string, unknown>;
    const fromCli = JSON.parse(
      (await cli(["diagnose", "studio.har", "--format", "json"], { "studio.har": HAR })).out,
    ) as Record<string, unknown>;
    // The same diagnosis; only the clock differs.
    expect({ ...json, generatedAt: "" }).toEqual({ ...fromCli, generatedAt: "" });
    expect(await linkText('a[data-action="download-csv"]')).toContain("api");
    expect(document.body.textContent).not.toContain("SECRET");
  });

  test("as in the popup, a PAC file is offered only once its routes are set, and the two files have different names", async () => {
    let page = openPage();
    await page.open(file("studio.har", HAR));
    // DIRECT and DIRECT would send every site past the proxy: no file, and what to set first.
    expect(
      document.querySelector('a[data-action="download-pac"][data-scope="blocked"]')?.getAttribute("aria-disabled"),
    ).toBe("true");
    expect(document.querySelector("#pac-routes")?.textContent).toContain("Options");
    page = openPage();
    await fake.sync.set({
      settings: { via: "PROXY azproxy.contoso.com:8080", default: "DIRECT", cloud: "public", probes: true },
    });
    await page.open(file("studio.har", HAR));
    expect(await linkText('a[data-action="download-pac"][data-scope="blocked"]')).toContain("FindProxyForURL");
    const names = [...document.querySelectorAll<HTMLAnchorElement>('a[data-action="download-pac"]')].map(
      (a) => a.download,
    );
    expect(names[0]).toBe("azureml-all.pac");
    expect(names[1]).toMatch(/^azureml-blocked-\d{4}-\d{2}-\d{2}\.pac$/);
  });

  test("Copy report puts the Markdown report on the clipboard", async () => {
    const page = openPage();
    await page.open(file("studio.har", HAR));
    document.querySelector<HTMLButtonElement>('button[data-action="copy-markdown"]')!.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fake.clipboard).toContain("westeurope.api.azureml.ms");
  });

  test.each([
    { title: "broken JSON", text: '{"log": {"entries": [' },
    { title: "not a HAR", text: '{"hello": 1}' },
    { title: "empty", text: "" },
  ])("$title: the same message as aml-network-doctor diagnose", async ({ text }) => {
    const page = openPage();
    await page.open(file("bad.har", text));
    const result = await cli(["diagnose", "bad.har"], { "bad.har": text });
    expect(result.code).toBe(1);
    expect(state()).toBe("error");
    const shown = document.querySelector("#summary .error")?.textContent;
    expect(`aml-network-doctor: ${shown}\n`).toBe(result.err);
    expect(cards()).toEqual([]);
  });

  test.each([
    { title: "broken JSON", text: '{"log": {"entries": [' },
    { title: "not a HAR", text: '{"hello": 1}' },
    { title: "empty", text: "" },
  ])("Japanese page, $title: the Japanese words of aml-network-doctor diagnose --lang ja", async ({ text }) => {
    const page = openPage("ja");
    await page.open(file("bad.har", text));
    const result = await cli(["diagnose", "bad.har", "--lang", "ja"], { "bad.har": text });
    const shown = document.querySelector("#summary .error")?.textContent;
    expect(`aml-network-doctor: ${shown}\n`).toBe(result.err);
    expect(shown).toMatch(/^bad\.har: [^A-Za-z]*(HAR|JSON)/);
    expect(shown).not.toMatch(/Not a|empty|broken/);
    expect(document.querySelector("#headline")?.textContent).toMatch(/[\u3040-\u30ff]/);
  });

  test("Japanese page: a file over the size limit and a file that fails while read are named in Japanese", async () => {
    const page = openPage("ja");
    await page.open({ name: "huge.har", size: 600 * 1024 * 1024, stream: () => new Blob([]).stream() });
    expect(document.querySelector("#summary .error")?.textContent).toBe(
      "huge.har は 600 MB あり、上限の 512 MB を超えています。失敗するページだけの HAR を保存し直してください（[ネットワーク] パネルをクリアしてからページを再読み込みし、[すべて HAR として保存]）。",
    );
    const failing = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.error(new Error("The requested file could not be read"));
      },
    });
    await page.open({ name: "moved.har", size: 100, stream: () => failing });
    expect(document.querySelector("#summary .error")?.textContent).toBe(
      "moved.har を読み込めません: The requested file could not be read",
    );
  });

  test("a file over the size limit is refused unread, with the CLI's words", async () => {
    const page = openPage();
    let read = false;
    await page.open({
      name: "huge.har",
      size: 600 * 1024 * 1024,
      stream: () => ((read = true), new Blob([]).stream()),
    });
    expect(read).toBe(false);
    expect(state()).toBe("error");
    expect(document.querySelector("#summary .error")?.textContent).toBe(
      'huge.har is 600 MB; the limit is 512 MB. Save a HAR of just the failing page (clear the Network panel, reload, then "Save all as HAR").',
    );
  });

  test("in Japanese, and the language select switches the report", async () => {
    const page = openPage("ja");
    await page.open(file("studio.har", HAR));
    expect(document.querySelector("#headline")?.textContent).toMatch(/[\u3040-\u30ff]/);
    expect(page.report()?.lang).toBe("ja");
    const select = document.querySelector<HTMLSelectElement>("#lang")!;
    select.value = "en";
    select.dispatchEvent(new Event("change"));
    // The file is read again in the new language.
    await vi.waitFor(() => expect(page.report()?.lang).toBe("en"));
  });

  test("the file is streamed: a broken start stops the read, and the rest of the file is never pulled", async () => {
    const page = openPage();
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new TextEncoder().encode(pulled === 1 ? "{]" : " ".repeat(1 << 16)));
      },
      cancel() {
        cancelled = true;
      },
    });
    await page.open({ name: "endless.har", size: 1, stream: () => endless });
    expect(state()).toBe("error");
    expect(document.querySelector("#summary .error")?.textContent).toMatch(
      /^endless\.har: Not a readable HAR file: the JSON is broken or cut off \(.+\)\.$/,
    );
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(5);
  });

  test("a file that fails while it is read gets one line naming it", async () => {
    const page = openPage();
    const failing = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"log":{"entries":['));
        controller.error(new Error("The requested file could not be read"));
      },
    });
    await page.open({ name: "moved.har", size: 100, stream: () => failing });
    expect(state()).toBe("error");
    expect(document.querySelector("#summary .error")?.textContent).toBe(
      "cannot read moved.har: The requested file could not be read",
    );
  });
});
