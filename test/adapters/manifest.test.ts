import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { DEV_EXTENSION_ID, DEV_KEY } from "../../scripts/dev-key.js";
import { CATALOG } from "../../src/core/catalog/index.js";
import {
  buildChromeManifest,
  FIREFOX_MIN_VERSION,
  FIREFOX_ANDROID_MIN_VERSION,
  hostPermissionsFor,
  toFirefoxManifest,
} from "../../scripts/manifest.js";
import { SOURCE_MANIFEST, patternMatches } from "./fake-browser.js";

const chrome = buildChromeManifest(SOURCE_MANIFEST, CATALOG, "1.2.3");
const firefox = toFirefoxManifest(chrome);

describe("Chrome manifest", () => {
  test("asks for webRequest and storage only, never downloads or webRequestAuthProvider", () => {
    expect(chrome.permissions).toEqual(["webRequest", "storage"]);
  });

  test("never asks for <all_urls> or every host up front", () => {
    expect(chrome.host_permissions).not.toContain("<all_urls>");
    expect(chrome.host_permissions?.filter((pattern) => /^[^:]+:\/\/\*\//.test(pattern))).toEqual([]);
  });

  test("takes its version from the caller", () => {
    expect(chrome.version).toBe("1.2.3");
  });

  const studioUrls = [
    "https://ml.azure.com/",
    "https://westeurope.ml.azure.com/",
    "https://studio.ml.azure.cn/",
    "https://ml.azure.us/",
  ];
  test.each(studioUrls)("covers the studio page %s", (url) => {
    expect(chrome.host_permissions?.some((pattern) => patternMatches(pattern, url))).toBe(true);
  });

  const browserEntries = CATALOG.entries.filter((entry) => !entry.legacy && entry.neededBy.includes("browser"));
  test.each(browserEntries.flatMap((entry) => entry.examples.map((host) => ({ id: entry.id, host }))))(
    "$id: https://$host is visible to the worker",
    ({ host }) => {
      expect(chrome.host_permissions?.some((pattern) => patternMatches(pattern, `https://${host}/`))).toBe(true);
    },
  );

  const websocketExamples = browserEntries
    .filter((entry) => entry.websocket)
    .flatMap((entry) => entry.examples.map((host) => ({ id: entry.id, host })));
  test("the compute-instance entry needs WebSockets", () => {
    expect(websocketExamples.some(({ id }) => id === "compute-instance")).toBe(true);
  });
  test.each(websocketExamples)(
    "$id: wss:// and ws:// to $host are visible (Chromium's *:// covers neither)",
    ({ host }) => {
      for (const scheme of ["wss", "ws"]) {
        expect(chrome.host_permissions?.some((pattern) => patternMatches(pattern, `${scheme}://${host}/`))).toBe(true);
      }
    },
  );

  const legacyBrowserPatterns = CATALOG.entries
    .filter((entry) => entry.legacy && entry.neededBy.includes("browser"))
    .flatMap((entry) => entry.patterns);
  test("legacy entries, not needed today, ask for no host permission (least privilege)", () => {
    expect(legacyBrowserPatterns).toEqual(
      expect.arrayContaining(["*.windows.net", "mlworkspace.azure.ai", "*.studioservice.azureml.com"]),
    );
    for (const pattern of legacyBrowserPatterns) {
      expect(
        chrome.host_permissions?.filter((permission) => permission.includes(`://${pattern}/`)),
        pattern,
      ).toEqual([]);
    }
    expect(
      chrome.host_permissions?.some((pattern) => patternMatches(pattern, "https://mydb.database.windows.net/")),
    ).toBe(false);
  });

  test("a non-WebSocket entry gets no wss:// pattern", () => {
    const arm = CATALOG.entries.find((entry) => entry.id === "arm")!;
    for (const pattern of arm.patterns) expect(chrome.host_permissions).not.toContain(`wss://${pattern}/*`);
  });

  test("host permissions are sorted and unique, so the build is reproducible", () => {
    const hosts = hostPermissionsFor(CATALOG);
    expect(hosts).toEqual([...new Set(hosts)].sort());
  });

  test("a source manifest asking for <all_urls> is refused", () => {
    expect(() =>
      buildChromeManifest({ ...SOURCE_MANIFEST, host_permissions: ["<all_urls>"] }, CATALOG, "1.0.0"),
    ).toThrow(/all_urls/);
  });
});

describe("managed storage and the development key", () => {
  const schema = JSON.parse(readFileSync(new URL("../../assets/managed-schema.json", import.meta.url), "utf8")) as {
    type: string;
    properties: Record<string, { type: string }>;
  };

  test("the manifest points at a schema that names every managed setting", () => {
    expect(chrome.storage).toEqual({ managed_schema: "managed-schema.json" });
    expect(schema.type).toBe("object");
    expect(Object.keys(schema.properties).sort()).toEqual([
      "cloud",
      "default",
      "itContact",
      "privateRanges",
      "probes",
      "via",
    ]);
    expect(schema.properties.probes?.type).toBe("boolean");
    expect(schema.properties.privateRanges?.type).toBe("array");
  });

  test("a development build carries the key whose id is DEV_EXTENSION_ID; Firefox's manifest has neither key nor storage", () => {
    const dev = buildChromeManifest(SOURCE_MANIFEST, CATALOG, "1.2.3", { key: DEV_KEY });
    const der = Buffer.from(dev.key as string, "base64");
    const id = [...createHash("sha256").update(der).digest("hex").slice(0, 32)]
      .map((c) => String.fromCharCode(97 + parseInt(c, 16)))
      .join("");
    expect(id).toBe(DEV_EXTENSION_ID);
    expect(chrome.key).toBeUndefined();
    const ff = toFirefoxManifest(dev);
    expect(ff.key).toBeUndefined();
    expect(ff.storage).toBeUndefined();
  });
});

describe("Firefox manifest", () => {
  test("runs the background as an event page with the same script", () => {
    expect(firefox.background).toEqual({ scripts: [chrome.background?.service_worker] });
  });

  test("has a gecko id, Firefox 140 as minimum and declares that no data is collected", () => {
    expect(firefox.browser_specific_settings).toEqual({
      gecko: {
        id: expect.stringMatching(/^[a-z0-9-._]+@[a-z0-9-._]+$/),
        strict_min_version: FIREFOX_MIN_VERSION,
        data_collection_permissions: { required: ["none"] },
      },
      gecko_android: { strict_min_version: FIREFOX_ANDROID_MIN_VERSION },
    });
    expect(FIREFOX_MIN_VERSION).toBe("140.0");
  });

  test("changes nothing else", () => {
    const { background: _b, browser_specific_settings: _s, ...rest } = firefox;
    const { background: _cb, storage: _st, key: _k, ...chromeRest } = chrome;
    expect(rest).toEqual(chromeRest);
  });

  test("does not modify the Chrome manifest it derives from", () => {
    toFirefoxManifest(chrome);
    expect(chrome.background).toEqual({ service_worker: "background.js" });
    expect(chrome.browser_specific_settings).toBeUndefined();
  });
});

describe("WebSocket observer content scripts", () => {
  const [observer, relay] = (chrome.content_scripts ?? []) as Array<{
    matches: string[];
    js: string[];
    all_frames: boolean;
    run_at: string;
    world?: string;
  }>;
  const websocketExamples = CATALOG.entries
    .filter((e) => e.websocket && e.neededBy.includes("browser"))
    .flatMap((e) => e.examples);

  test("the observer runs in the page's world, the relay in the isolated world, both in every frame before the page's scripts", () => {
    expect([observer?.js, observer?.world, observer?.all_frames, observer?.run_at]).toEqual([
      ["websocket-observer.js"],
      "MAIN",
      true,
      "document_start",
    ]);
    expect([relay?.js, relay?.world, relay?.all_frames, relay?.run_at]).toEqual([
      ["websocket-relay.js"],
      undefined,
      true,
      "document_start",
    ]);
    expect(relay?.matches).toEqual(observer?.matches);
  });

  test.each([
    "https://ml.azure.com/",
    "https://westeurope.ml.azure.com/",
    "https://studio.ml.azure.cn/",
    "https://ml.azure.us/",
    ...websocketExamples.map((h) => `https://${h}/lab`),
  ])("runs on %s", (url) => expect(observer?.matches.some((pattern) => patternMatches(pattern, url))).toBe(true));

  test.each([
    "https://westeurope.api.azureml.ms/",
    "https://mystorage.blob.core.windows.net/",
    "https://login.microsoftonline.com/",
    "https://example.org/",
  ])("stays off %s (not studio, no WebSocket entry)", (url) =>
    expect(observer?.matches.some((pattern) => patternMatches(pattern, url))).toBe(false),
  );

  test("adds no permission: every page it runs on is already a host permission, and the API permissions are unchanged", () => {
    for (const pattern of observer?.matches ?? [])
      expect(chrome.host_permissions?.some((p) => p === pattern || p === pattern.replace("https://", "*://"))).toBe(
        true,
      );
    expect(chrome.permissions).toEqual(["webRequest", "storage"]);
  });

  test("Firefox gets the same content scripts (MAIN world from Firefox 128; the minimum is 140)", () => {
    expect(firefox.content_scripts).toEqual(chrome.content_scripts);
    expect(Number.parseFloat(FIREFOX_MIN_VERSION)).toBeGreaterThanOrEqual(128);
  });
});
