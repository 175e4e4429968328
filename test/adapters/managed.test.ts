// @vitest-environment happy-dom
/** storage.managed over the fake browser: policy values win, bad ones are ignored and shown, Send to IT follows itContact. */
import { describe, expect, test } from "vitest";
import { startWorker } from "../../src/background/worker.js";
import { renderMarkdown } from "../../src/core/render-report.js";
import { startOptions } from "../../src/options/controller.js";
import { startPopup } from "../../src/popup/controller.js";
import { DEFAULT_SETTINGS, loadSettings, loadSettingsWithSources } from "../../src/settings.js";
import { pageMarkup } from "../support/page-html.js";
import { FakeBrowser } from "./fake-browser.js";

const input = (name: string) => document.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function browserWith(managed: Record<string, unknown>, user: Record<string, unknown> = {}): FakeBrowser {
  const fake = new FakeBrowser("en");
  for (const [key, value] of Object.entries(managed)) fake.managed.data.set(key, value);
  if (Object.keys(user).length > 0)
    fake.sync.data.set("settings", { via: "DIRECT", default: "DIRECT", cloud: "public", probes: true, ...user });
  return fake;
}

describe("managed settings", () => {
  test("a valid managed value wins over the user's, field by field", async () => {
    const fake = browserWith(
      { via: "PROXY azproxy.contoso.com:8080", probes: false },
      { via: "PROXY mine:3128", cloud: "china" },
    );
    const loaded = await loadSettingsWithSources(fake.sync, fake.managed);
    expect(loaded.settings).toEqual({
      via: "PROXY azproxy.contoso.com:8080",
      default: "DIRECT",
      cloud: "china",
      probes: false,
      privateRanges: [...DEFAULT_SETTINGS.privateRanges],
    });
    expect(loaded.managed.sort()).toEqual(["probes", "via"]);
    expect(loaded.problems).toEqual([]);
  });

  test.each([
    { field: "via", value: 'PROXY x"; alert(1)' },
    { field: "default", value: 42 },
    { field: "cloud", value: "mars" },
    { field: "probes", value: "yes" },
  ])("a bad managed $field is ignored and reported, and never reaches a PAC", async ({ field, value }) => {
    const fake = browserWith({ [field]: value }, { via: "PROXY mine:3128" });
    const loaded = await loadSettingsWithSources(fake.sync, fake.managed);
    expect(loaded.managed).toEqual([]);
    expect(loaded.problems.map((p) => p.field)).toEqual([field]);
    expect(loaded.settings.via).toBe("PROXY mine:3128");
    startWorker(fake.workerDeps());
    const pac = (await fake.sendMessage({ type: "get-pac", tabId: 1, scope: "all" })) as string;
    expect(pac).toContain("PROXY mine:3128");
    expect(pac).not.toContain("alert");
  });

  test("the worker's PAC uses the managed route", async () => {
    const fake = browserWith({ via: "PROXY azproxy.contoso.com:8080" }, { via: "PROXY mine:3128" });
    startWorker(fake.workerDeps());
    const pac = (await fake.sendMessage({ type: "get-pac", tabId: 1, scope: "all" })) as string;
    expect(pac).toContain("PROXY azproxy.contoso.com:8080");
    expect(pac).not.toContain("mine:3128");
  });

  test.each([
    { title: "a policy turns probes off over the user's on", managed: { probes: false }, probed: false },
    { title: "a bad managed probes value leaves the user's on", managed: { probes: "no" }, probed: true },
  ])("$title", async ({ managed, probed }) => {
    const fake = browserWith(managed, { probes: true });
    const worker = startWorker(fake.workerDeps());
    fake.openTab(1, "https://ml.azure.com/");
    fake.request({
      tabId: 1,
      url: "wss://ci1.westeurope.instances.azureml.ms/api/kernels",
      type: "websocket",
      error: "net::ERR_FAILED",
    });
    await worker.idle();
    expect(fake.fetched.length > 0).toBe(probed);
  });

  test("a policy read late decides again: a failure judged with the old copy (probes off) is probed once the policy allows", async () => {
    // The copy the last read left says probes off; this start's read, answered late, sets nothing.
    const fake = browserWith({}, { probes: true });
    fake.local.data.set("managedCopy", { probes: false });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const read = fake.managed.get.bind(fake.managed);
    fake.managed.get = async (keys) => {
      await held;
      return read(keys);
    };
    const worker = startWorker(fake.workerDeps());
    fake.openTab(1, "https://ml.azure.com/");
    fake.request({
      tabId: 1,
      url: "wss://ci1.westeurope.instances.azureml.ms/api/kernels",
      type: "websocket",
      error: "net::ERR_FAILED",
    });
    await worker.idle();
    expect(fake.fetched).toEqual([]);
    release();
    await worker.idle();
    expect(fake.fetched).toEqual(["https://ci1.westeurope.instances.azureml.ms/"]);
  });

  test("a browser without managed storage (Firefox with no policy rejects) reads the user's settings", async () => {
    const fake = browserWith({}, { via: "PROXY mine:3128" });
    const rejecting = {
      ...fake.managed,
      get: async () => Promise.reject(new Error("Managed storage manifest not found")),
      set: fake.managed.set,
      remove: fake.managed.remove,
    };
    expect((await loadSettings(fake.sync, rejecting)).via).toBe("PROXY mine:3128");
  });
});

describe("Options under a policy", () => {
  async function openOptions(fake: FakeBrowser) {
    document.documentElement.innerHTML = pageMarkup("src/options/options.html");
    const options = startOptions(document, fake.api);
    await options.loaded;
    return options;
  }

  test("managed fields show the policy's value, disabled, marked as set by the organization", async () => {
    const fake = browserWith({ via: "PROXY azproxy.contoso.com:8080", itContact: "it@contoso.com" });
    await openOptions(fake);
    expect(input("via").value).toBe("PROXY azproxy.contoso.com:8080");
    expect(input("via").disabled).toBe(true);
    expect(document.querySelector("#via-managed")?.textContent).toBe("Set by your organization");
    expect(input("itContact").value).toBe("it@contoso.com");
    expect(input("itContact").disabled).toBe(true);
    expect(input("default").disabled).toBe(false);
    expect(document.querySelector("#default-managed")).toBeNull();
  });

  test("a bad managed value is listed as ignored and the field stays the user's", async () => {
    const fake = browserWith({ cloud: "mars", itContact: "javascript:alert(1)" }, { cloud: "usgov" });
    await openOptions(fake);
    const problems = [...document.querySelectorAll<HTMLElement>("#managed-problems li")];
    expect(problems.map((li) => li.dataset.field).sort()).toEqual(["cloud", "itContact"]);
    expect(document.querySelector<HTMLElement>("#managed-problems")?.hidden).toBe(false);
    expect(document.querySelector<HTMLSelectElement>('[name="cloud"]')!.value).toBe("usgov");
    expect(document.querySelector<HTMLSelectElement>('[name="cloud"]')!.disabled).toBe(false);
  });

  test("saving keeps the user's own value under a managed field, and saves a typed IT contact", async () => {
    const fake = browserWith({ via: "PROXY azproxy.contoso.com:8080" }, { via: "PROXY mine:3128" });
    const options = await openOptions(fake);
    input("default").value = "PROXY corp:3128";
    input("itContact").value = "https://it.contoso.com/azureml";
    expect(await options.save()).toBe(true);
    expect(fake.sync.data.get("settings")).toMatchObject({ via: "PROXY mine:3128", default: "PROXY corp:3128" });
    expect(fake.sync.data.get("itContact")).toBe("https://it.contoso.com/azureml");
    input("itContact").value = "not a contact";
    expect(await options.save()).toBe(false);
    expect(document.querySelector("#itContact-error")?.textContent).not.toBe("");
  });
});

describe("Send to IT in the popup", () => {
  async function popupWith(fake: FakeBrowser, failures: number) {
    const worker = startWorker(fake.workerDeps());
    fake.openTab(1, "https://ml.azure.com/");
    for (let i = 0; i < failures; i++)
      fake.request({
        tabId: 1,
        url: `https://ws${i}.westeurope.api.azureml.ms/x`,
        error: "net::ERR_NAME_NOT_RESOLVED",
      });
    fake.request({
      tabId: 1,
      url: "https://mystorage.blob.core.windows.net/c",
      error: "net::ERR_TUNNEL_CONNECTION_FAILED",
    });
    await worker.idle();
    document.documentElement.innerHTML = pageMarkup("src/popup/popup.html");
    const popup = startPopup({
      doc: document,
      api: fake.api,
      search: "?tab=1",
      clipboard: { writeText: async (text) => void (fake.clipboard = text) },
      createObjectURL: () => "blob:x",
      revokeObjectURL: () => undefined,
    });
    await popup.loaded;
    return document.querySelector<HTMLAnchorElement>('a[data-action="send-to-it"]')!;
  }

  test("without an IT contact there is no Send to IT", async () => {
    const link = await popupWith(browserWith({}), 1);
    expect(link.hidden).toBe(true);
  });

  test("an e-mail contact gives a mailto: with subject and the Markdown report, cut by whole lines to fit", async () => {
    const fake = browserWith({ itContact: "it-helpdesk@contoso.com" });
    const link = await popupWith(fake, 1);
    expect(link.hidden).toBe(false);
    const url = new URL(link.href);
    expect(url.protocol).toBe("mailto:");
    expect(url.pathname).toBe("it-helpdesk@contoso.com");
    expect(url.searchParams.get("subject")).toBe("Azure ML: 2 endpoint(s) blocked on this network");
    const report = (await fake.sendMessage({ type: "get-report", tabId: 1, lang: "en" })) as Parameters<
      typeof renderMarkdown
    >[0];
    const markdown = renderMarkdown(report);
    const body = url.searchParams.get("body")!;
    const note =
      "\n\nThe e-mail holds the start of the report; the full report is on the clipboard: paste it into the message.";
    expect(link.href.length).toBeLessThanOrEqual(2000);
    if (body.endsWith(note)) expect(markdown.startsWith(`${body.slice(0, -note.length)}\n`)).toBe(true);
    else expect(body).toBe(markdown);
  });

  test("a long report is cut to fit a mail client, and the click puts the whole report on the clipboard and says so", async () => {
    const fake = browserWith({ itContact: "it-helpdesk@contoso.com" });
    const link = await popupWith(fake, 60);
    expect(link.href.length).toBeLessThanOrEqual(2000);
    const body = new URL(link.href).searchParams.get("body")!;
    expect(body).toContain("the full report is on the clipboard");
    link.click();
    await tick();
    const report = (await fake.sendMessage({ type: "get-report", tabId: 1, lang: "en" })) as Parameters<
      typeof renderMarkdown
    >[0];
    expect(fake.clipboard).toBe(renderMarkdown(report));
    expect(fake.clipboard!.length).toBeGreaterThan(body.length);
    expect(document.querySelector("#status")?.textContent).toContain("full report is on the clipboard");
  });

  test("an https contact opens that page in a tab, with the report on the clipboard", async () => {
    const fake = browserWith({}, {});
    fake.sync.data.set("itContact", "https://it.contoso.com/tickets/new");
    const link = await popupWith(fake, 1);
    expect(link.href).toBe("https://it.contoso.com/tickets/new");
    expect(link.target).toBe("_blank");
    // happy-dom would really fetch the page a link opens; the browser's part is not under test here.
    link.addEventListener("click", (event) => event.preventDefault());
    link.click();
    await tick();
    expect(fake.clipboard).toContain("westeurope.api.azureml.ms");
  });
});
