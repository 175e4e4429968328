import { parse } from "acorn";
import { createPacResolver } from "pac-resolver";
import { QuickJS } from "quickjs-wasi";
import { runInNewContext } from "node:vm";
import { beforeAll, describe, expect, test } from "vitest";
import { PacError, renderPac, toAsciiSource } from "../../src/core/pac.js";
import { selectEntries } from "../../src/core/selection.js";
import { TINY_CATALOG } from "../fixtures/tiny-catalog.js";

const VIA = "PROXY azproxy.contoso.com:8080";
const DEFAULT = "PROXY corp.contoso.com:3128";
const entries = selectEntries(TINY_CATALOG, { cloud: "public" });
if (!entries.ok) throw new Error(entries.error);
const pac = renderPac(entries.entries, { via: VIA, default: DEFAULT, catalogVersion: TINY_CATALOG.version });

/** DNS helpers that fail the test if a generated PAC ever calls them. */
const forbidden = (name: string) => () => {
  throw new Error(`generated PAC called ${name}`);
};
const DNS_TRAPS = {
  dnsResolve: forbidden("dnsResolve"),
  isResolvable: forbidden("isResolvable"),
  isInNet: forbidden("isInNet"),
  myIpAddress: forbidden("myIpAddress"),
};

/** Evaluates a PAC in node:vm with the DNS traps as its only globals. */
function vmFindProxy(source: string): (url: string, host: string) => string {
  const sandbox: Record<string, unknown> = { ...DNS_TRAPS };
  runInNewContext(source, sandbox);
  return sandbox.FindProxyForURL as (url: string, host: string) => string;
}

let qjs: QuickJS;
beforeAll(async () => {
  qjs = await QuickJS.create();
});

/** How Chrome calls FindProxyForURL: https/wss stripped to scheme://host/, http in full. */
const routing = [
  { url: "https://ml.azure.com/", host: "ml.azure.com", route: VIA },
  { url: "https://westeurope.api.azureml.ms/", host: "westeurope.api.azureml.ms", route: VIA },
  { url: "wss://ci1.westeurope.instances.azureml.ms/", host: "ci1.westeurope.instances.azureml.ms", route: VIA },
  { url: "http://ml.azure.com:8080/p?q=1", host: "ml.azure.com", route: VIA },
  { url: "https://ML.AZURE.COM/", host: "ML.AZURE.COM", route: VIA },
  { url: "https://ml.azure.com./", host: "ml.azure.com.", route: VIA },
  { url: "https://mystorage.blob.core.windows.net/", host: "mystorage.blob.core.windows.net", route: VIA },
  { url: "https://azureml.ms/", host: "azureml.ms", route: DEFAULT },
  { url: "https://evilwindows.net/", host: "evilwindows.net", route: DEFAULT },
  { url: "https://core.windows.net.evil.example/", host: "core.windows.net.evil.example", route: DEFAULT },
  { url: "https://ml.azure.com.evil.example/", host: "ml.azure.com.evil.example", route: DEFAULT },
  { url: "https://notml.azure.com/", host: "notml.azure.com", route: DEFAULT },
  { url: "https://10.1.2.3/", host: "10.1.2.3", route: DEFAULT },
  { url: "https://[2001:db8::1]/", host: "2001:db8::1", route: DEFAULT },
  { url: "https://x.queue.core.windows.net/", host: "x.queue.core.windows.net", route: DEFAULT },
  { url: "https://x.batch.azure.com/", host: "x.batch.azure.com", route: DEFAULT },
  { url: "https://ml.azure.us/", host: "ml.azure.us", route: DEFAULT },
  { url: "https://www.example.com/", host: "www.example.com", route: DEFAULT },
  { url: "https://__proto__/", host: "__proto__", route: DEFAULT },
  { url: "https://a.constructor/", host: "a.constructor", route: DEFAULT },
];

describe("generated PAC routes hosts", () => {
  test.each(routing)("pac-resolver: $url → $route", async ({ url, host, route }) => {
    const find = createPacResolver(qjs, pac, { sandbox: DNS_TRAPS as never });
    expect(await find(url, host)).toBe(route);
  });

  test.each(routing)("node:vm: $url → $route", ({ url, host, route }) => {
    expect(vmFindProxy(pac)(url, host)).toBe(route);
  });

  test("legacy and compute entries stay out of the default browser selection", () => {
    expect(pac).not.toContain('"windows.net"');
    expect(pac).not.toContain("batch.azure.com");
    expect(pac).toContain('"aznbcontent.net"');
  });
});

describe("generated PAC is safe for every engine", () => {
  test("parses as ES5", () => {
    expect(() => parse(pac, { ecmaVersion: 5, sourceType: "script" })).not.toThrow();
  });

  test("is ASCII only", () => {
    expect(/[^\x00-\x7e]/.test(pac)).toBe(false);
  });

  test.each([
    "dnsResolve",
    "isResolvable",
    "isInNet",
    "myIpAddress",
    "endsWith",
    "includes",
    "Object.assign",
    "let ",
    "const ",
    "=>",
  ])("never uses %s", (word) => {
    const code = pac
      .split("\n")
      .filter((line) => !line.trimStart().startsWith("//"))
      .join("\n");
    expect(code).not.toContain(word);
  });

  test("is deterministic: same input, same bytes", () => {
    const again = renderPac(entries.entries, { via: VIA, default: DEFAULT, catalogVersion: TINY_CATALOG.version });
    expect(again).toBe(pac);
  });

  test("has a timestamp only when asked", () => {
    expect(pac).not.toMatch(/\d{4}-\d\d-\d\dT/);
    const stamped = renderPac(entries.entries, { via: VIA, catalogVersion: "x", stamp: "2026-11-28T12:00:00.000Z" });
    expect(stamped).toContain("Generated at 2026-11-28T12:00:00.000Z");
  });

  test("header says how to serve it and which catalog it came from", () => {
    expect(pac).toContain("application/x-ns-proxy-autoconfig");
    expect(pac).toContain("1 MB");
    expect(pac).toContain(`endpoint catalog ${TINY_CATALOG.version}`);
  });

  test("comments from catalog text cannot break out of the comment", () => {
    const hostile = {
      ...entries.entries[0]!,
      id: "studio",
      purpose: { en: "line\nFindProxyForURL = 1; */ — “quoted”", ja: "" },
    };
    const text = renderPac([hostile], { via: "DIRECT", catalogVersion: "x" });
    expect(() => parse(text, { ecmaVersion: 5 })).not.toThrow();
    expect(vmFindProxy(text)("https://ml.azure.com/", "ml.azure.com")).toBe("DIRECT");
  });
});

describe("routes are validated before they reach the file", () => {
  test.each(['PROXY a:1"; alert(1); "', "PROXY a:1\nfunction FindProxyForURL(){}", "DIRECT; PROXY", "GOPHER a:70"])(
    "renderPac refuses %j",
    (via) => {
      expect(() => renderPac(entries.entries, { via, catalogVersion: "x" })).toThrow(PacError);
    },
  );

  test("a wrapped PAC and a default route together are refused", () => {
    expect(() =>
      renderPac(entries.entries, {
        via: "DIRECT",
        default: "DIRECT",
        catalogVersion: "x",
        wrap: { name: "a.pac", source: "function FindProxyForURL(){return 'DIRECT'}" },
      }),
    ).toThrow(PacError);
  });
});

describe("--wrap keeps the corporate PAC for every other host", () => {
  const corporate = [
    "var proxy = 'PROXY corp.contoso.com:3128';",
    "function helper(h) { return h === 'intranet.contoso.com'; }",
    "function FindProxyForURL(url, host) {",
    "  if (helper(host)) return 'DIRECT';",
    "  if (shExpMatch(host, '*.example.com')) return 'PROXY special.contoso.com:9000';",
    "  return proxy; // caf\u00e9",
    "}",
  ].join("\n");
  const wrapped = renderPac(entries.entries, {
    via: VIA,
    catalogVersion: "x",
    wrap: { name: "corporate.pac", source: corporate },
  });

  const cases = [
    { url: "https://ml.azure.com/", host: "ml.azure.com", route: VIA },
    { url: "wss://ci1.westeurope.instances.azureml.ms/", host: "ci1.westeurope.instances.azureml.ms", route: VIA },
    { url: "https://intranet.contoso.com/", host: "intranet.contoso.com", route: "DIRECT" },
    { url: "https://www.example.com/", host: "www.example.com", route: "PROXY special.contoso.com:9000" },
    { url: "https://evilwindows.net/", host: "evilwindows.net", route: "PROXY corp.contoso.com:3128" },
  ];

  test.each(cases)("pac-resolver: $url → $route", async ({ url, host, route }) => {
    const find = createPacResolver(qjs, wrapped, { sandbox: DNS_TRAPS as never });
    expect(await find(url, host)).toBe(route);
  });

  test("its globals cannot collide with ours, and it stays ES5 and ASCII", () => {
    expect(() => parse(wrapped, { ecmaVersion: 5 })).not.toThrow();
    expect(/[^\x00-\x7e]/.test(wrapped)).toBe(false);
    const sandbox: Record<string, unknown> = {
      ...DNS_TRAPS,
      shExpMatch: (h: string, p: string) => new RegExp(`^${p.replace(/\./g, "\\.").replace(/\*/g, ".*")}$`).test(h),
    };
    runInNewContext(wrapped, sandbox);
    expect(sandbox.proxy).toBeUndefined();
    expect(sandbox.helper).toBeUndefined();
    expect((sandbox.FindProxyForURL as (u: string, h: string) => string)("https://ml.azure.com/", "ml.azure.com")).toBe(
      VIA,
    );
  });

  test("a wrapped file without FindProxyForURL falls back to DIRECT instead of recursing", () => {
    const text = renderPac(entries.entries, {
      via: VIA,
      catalogVersion: "x",
      wrap: { name: "empty.pac", source: "var x = 1;" },
    });
    expect(vmFindProxy(text)("https://www.example.com/", "www.example.com")).toBe("DIRECT");
  });
});

describe("a wrapped PAC cannot change where catalog hosts go", () => {
  const OTHER = { url: "https://www.example.com/", host: "www.example.com" };
  const STUDIO = { url: "https://ml.azure.com/", host: "ml.azure.com" };
  test.each([
    {
      title: "assigning our route variable",
      source: 'AMLND_VIA = "PROXY evil.example:1"; function FindProxyForURL(url, host) { return "PROXY corp:3128"; }',
    },
    {
      title: "replacing our tables",
      source:
        'AMLND_HOSTS = {}; AMLND_SUFFIXES = {}; amlndEntryForHost = function () { return ""; }; function FindProxyForURL(url, host) { return "PROXY corp:3128"; }',
    },
    {
      title: "assigning this.FindProxyForURL when loaded",
      source:
        'this.FindProxyForURL = function (url, host) { return "PROXY corp:3128"; }; function FindProxyForURL(url, host) { return "PROXY corp:3128"; }',
    },
    {
      title: "assigning this.FindProxyForURL when first called",
      source:
        'var g = this; function FindProxyForURL(url, host) { g.FindProxyForURL = function () { return "PROXY corp:3128"; }; return "PROXY corp:3128"; }',
    },
  ])("$title", async ({ source }) => {
    const text = renderPac(entries.entries, { via: VIA, catalogVersion: "x", wrap: { name: "hostile.pac", source } });
    // A QuickJS of its own: pac-resolver evaluates every PAC in one global, where the earlier tests'
    // top-level `function FindProxyForURL` is a non-configurable property that cannot be made read-only.
    const resolver = createPacResolver(await QuickJS.create(), text, { sandbox: DNS_TRAPS as never });
    expect(await resolver(OTHER.url, OTHER.host)).toBe("PROXY corp:3128");
    expect(await resolver(STUDIO.url, STUDIO.host)).toBe(VIA);
    const sandbox: Record<string, unknown> = { ...DNS_TRAPS };
    runInNewContext(text, sandbox);
    const find = () => sandbox.FindProxyForURL as (url: string, host: string) => string;
    expect(find()(OTHER.url, OTHER.host)).toBe("PROXY corp:3128");
    expect(find()(STUDIO.url, STUDIO.host)).toBe(VIA);
  });

  test("an escaped non-ASCII character keeps its meaning when wrapped", async () => {
    const source =
      'function FindProxyForURL(url, host) { return "\\\u00e9" === "\u00e9" && /\\\u00e9/.test("\u00e9") && "\\\\\u00e9".length === 2 ? "PROXY same:1" : "PROXY changed:1"; }';
    const standalone = createPacResolver(qjs, source, { sandbox: DNS_TRAPS as never });
    expect(await standalone("https://www.example.com/", "www.example.com")).toBe("PROXY same:1");
    const text = renderPac(entries.entries, { via: VIA, catalogVersion: "x", wrap: { name: "escaped.pac", source } });
    expect(/[^\x00-\x7e]/.test(text)).toBe(false);
    expect(vmFindProxy(text)("https://www.example.com/", "www.example.com")).toBe("PROXY same:1");
  });
});

test("toAsciiSource escapes every non-ASCII code unit", () => {
  expect(toAsciiSource("a\u00e9\u2028😀")).toBe("a\\u00e9\\u2028\\ud83d\\ude00");
});
