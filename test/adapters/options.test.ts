// @vitest-environment happy-dom
import { beforeEach, describe, expect, test } from "vitest";
import { startOptions } from "../../src/options/controller.js";
import { DEFAULT_SETTINGS, loadSettings } from "../../src/settings.js";
import { pageMarkup } from "../support/page-html.js";
import { FakeBrowser } from "./fake-browser.js";

let fake: FakeBrowser;

async function open(lang: "en" | "ja" = "en") {
  fake = new FakeBrowser(lang);
  document.documentElement.innerHTML = pageMarkup("src/options/options.html");
  const options = startOptions(document, fake.api);
  await options.loaded;
  return options;
}

const input = (name: string) => document.querySelector<HTMLInputElement>(`[name="${name}"]`)!;

beforeEach(async () => {
  await open();
});

describe("options", () => {
  test("shows the defaults when nothing is stored", () => {
    expect(input("via").value).toBe(DEFAULT_SETTINGS.via);
    expect(input("default").value).toBe(DEFAULT_SETTINGS.default);
    expect(input("probes").checked).toBe(true);
  });

  test("saves valid routes normalized, with cloud and probes, to storage.sync", async () => {
    const options = await open();
    input("via").value = "proxy azproxy.contoso.com:8080 ;direct";
    input("default").value = "DIRECT";
    document.querySelector<HTMLSelectElement>('[name="cloud"]')!.value = "china";
    input("probes").checked = false;
    expect(await options.save()).toBe(true);
    expect(await loadSettings(fake.sync)).toEqual({
      via: "PROXY azproxy.contoso.com:8080; DIRECT",
      default: "DIRECT",
      cloud: "china",
      probes: false,
      privateRanges: [...DEFAULT_SETTINGS.privateRanges],
    });
    expect(input("via").value).toBe("PROXY azproxy.contoso.com:8080; DIRECT");
  });

  const invalid = [
    { field: "via", value: "PROXY azproxy.contoso.com" },
    { field: "via", value: 'PROXY x:1"; alert(1); "' },
    { field: "default", value: "GATEWAY proxy:8080" },
  ];
  test.each(invalid)(
    "an invalid $field route ($value) shows an error next to the field and nothing is saved",
    async ({ field, value }) => {
      const options = await open();
      input(field).value = value;
      expect(await options.save()).toBe(false);
      expect(document.querySelector(`#${field}-error`)?.textContent).toMatch(/^Not a valid route: /);
      expect(input(field).getAttribute("aria-invalid")).toBe("true");
      expect(fake.sync.data.size).toBe(0);
    },
  );

  test("a route error is in the browser language too, naming the bad part", async () => {
    const options = await open("ja");
    input("via").value = "PROXY azproxy.contoso.com";
    expect(await options.save()).toBe(false);
    expect(document.querySelector("#via-error")?.textContent).toBe(
      'ポート番号がありません: "azproxy.contoso.com"（ホスト名:ポート の形式で指定してください）',
    );
  });

  test("a bare proxy address gets a did-you-mean, in both languages", async () => {
    for (const lang of ["en", "ja"] as const) {
      const options = await open(lang);
      input("via").value = "proxy.contoso.com:8080";
      expect(await options.save()).toBe(false);
      expect(document.querySelector("#via-error")?.textContent).toContain("PROXY proxy.contoso.com:8080");
    }
  });

  test("an edit takes back the field's error and an earlier Saved; nothing is checked before Save", async () => {
    const options = await open("en");
    expect(await options.save()).toBe(true);
    expect(document.querySelector("#status")?.textContent).toBe("Saved.");
    input("via").value = "nonsense";
    input("via").dispatchEvent(new Event("input"));
    input("via").dispatchEvent(new Event("change"));
    expect(document.querySelector("#status")?.textContent).toBe("");
    expect(document.querySelector("#via-error")?.textContent).toBe("");
    expect(await options.save()).toBe(false);
    expect(document.querySelector("#status")?.classList.contains("error")).toBe(true);
    input("via").dispatchEvent(new Event("input"));
    expect(document.querySelector("#via-error")?.textContent).toBe("");
    expect(document.querySelector("#status")?.textContent).toBe("");
  });

  test("a stored value that is no longer valid falls back to its default", async () => {
    await fake.sync.set({ settings: { via: "PROXY bad", default: "DIRECT", cloud: "mars", probes: false } });
    expect(await loadSettings(fake.sync)).toEqual({ ...DEFAULT_SETTINGS, probes: false });
  });

  // Private address ranges: validated like the routes, the error next to the field.
  const ranges = () => document.querySelector<HTMLTextAreaElement>('[name="privateRanges"]')!;
  test("private ranges: the defaults are shown, a valid list is saved normalized", async () => {
    const options = await open();
    expect(ranges().value.split("\n")).toEqual(DEFAULT_SETTINGS.privateRanges);
    ranges().value = "10.20.0.0/16, 192.168.0.0/16\nFD00::/8";
    expect(await options.save()).toBe(true);
    expect((await loadSettings(fake.sync)).privateRanges).toEqual(["10.20.0.0/16", "192.168.0.0/16", "fd00::/8"]);
    expect(ranges().value).toBe("10.20.0.0/16\n192.168.0.0/16\nfd00::/8");
  });

  test.each([
    {
      lang: "en" as const,
      value: "10.0.0.0/8\n10.1/16",
      error: '"10.1/16" is not a CIDR range such as 10.0.0.0/8 or fc00::/7.',
    },
    {
      lang: "ja" as const,
      value: "10.0.0.1/8",
      error: "10.0.0.1/8 はネットワーク アドレスではありません（ホスト部が 0 ではありません）。例: 10.1.0.0/16",
    },
  ])(
    "a bad private range shows its error next to the field ($lang) and nothing is saved",
    async ({ lang, value, error }) => {
      const options = await open(lang);
      ranges().value = value;
      expect(await options.save()).toBe(false);
      expect(document.querySelector("#privateRanges-error")?.textContent).toBe(error);
      expect(ranges().getAttribute("aria-invalid")).toBe("true");
      expect(fake.sync.data.size).toBe(0);
    },
  );

  test("labels are in the browser language", async () => {
    await open("ja");
    expect(document.querySelector('label[for="via"]')?.textContent).toBe("Azure ML のホストへの経路");
  });
});
