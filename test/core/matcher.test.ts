import { describe, expect, test } from "vitest";
import { hostOfUrl, matchHost, matchUrl, normalizeHost, patternCovers } from "../../src/core/matcher.js";
import { TINY_CATALOG } from "../fixtures/tiny-catalog.js";

const id = (host: string) => matchHost(host, TINY_CATALOG)?.id;

describe("matchHost", () => {
  test.each([
    { host: "ml.azure.com", entry: "studio" },
    { host: "ML.Azure.COM", entry: "studio" },
    { host: "ml.azure.com.", entry: "studio" },
    { host: "ml.azure.com:443", entry: "studio" },
    { host: "westeurope.api.azureml.ms", entry: "api" },
    { host: "ci1.westeurope.instances.azureml.ms", entry: "compute-instance" },
    { host: "a.b.c.instances.azureml.net", entry: "compute-instance" },
    { host: "mystorage.blob.core.windows.net", entry: "storage" },
    { host: "mystorage.queue.core.windows.net", entry: "storage-legacy" },
    { host: "instances.azureml.ms", entry: "api" }, // the apex of a narrower wildcard falls to the wider one
  ])("$host maps to $entry (most specific entry wins)", ({ host, entry }) => {
    expect(id(host)).toBe(entry);
  });

  test.each([
    { host: "azureml.ms", why: "a wildcard never matches its apex" },
    { host: "evilwindows.net", why: "labels are compared whole" },
    { host: "core.windows.net.evil.example", why: "the suffix must end the host" },
    { host: "ml.azure.com.evil.example", why: "an exact host is not a prefix" },
    { host: "notml.azure.com", why: "an exact host matches only itself" },
    { host: "xazureml.ms", why: "labels are compared whole" },
    { host: "127.0.0.1", why: "IPv4 literals never match names" },
    { host: "[::1]:443", why: "IPv6 literals never match names" },
    { host: "::1", why: "IPv6 literals never match names" },
    { host: "", why: "empty input" },
    { host: ".", why: "only a dot" },
    { host: "a..azureml.ms", why: "empty label" },
  ])("$host matches nothing: $why", ({ host }) => {
    expect(id(host)).toBeUndefined();
  });

  test.each([
    { host: "ml.azure.com..", why: "an empty last label (one trailing dot is the root, two are no name)" },
    { host: "0x7f.1", why: "a last label that is a number makes an IPv4 address (127.0.0.1)" },
    { host: "ml.azure.0x7f", why: "a hex last label is an IPv4 address too" },
    { host: "2130706433", why: "one number is an IPv4 address" },
  ])("$host is no host name: $why", ({ host }) => {
    expect(normalizeHost(host)).toBeUndefined();
    expect(id(host)).toBeUndefined();
  });

  test("one trailing dot is the root: ml.azure.com. is ml.azure.com", () => {
    expect(normalizeHost("ml.azure.com.")).toBe("ml.azure.com");
  });

  test("punycode and Unicode spellings of one host agree", () => {
    const unicode = "bücher.azureml.ms";
    expect(normalizeHost(unicode)).toBe("xn--bcher-kva.azureml.ms");
    expect(id(unicode)).toBe("api");
    expect(id("xn--bcher-kva.azureml.ms")).toBe("api");
  });

  test.each([null, undefined, 42, {}, "a".repeat(5000), "exa mple.com", "\u0000", "http://", "%%%"])(
    "never throws on %s",
    (input) => {
      expect(() => matchHost(input as unknown as string, TINY_CATALOG)).not.toThrow();
      expect(() => matchUrl(input as unknown as string, TINY_CATALOG)).not.toThrow();
    },
  );
});

describe("hostOfUrl", () => {
  test.each([
    { url: "https://ml.azure.com/", host: "ml.azure.com" },
    { url: "wss://CI1.westeurope.instances.azureml.ms:443/ws?token=x", host: "ci1.westeurope.instances.azureml.ms" },
    { url: "https://user:pw@mystorage.blob.core.windows.net/c/b?sig=abc", host: "mystorage.blob.core.windows.net" },
    { url: "http://host.example:8080#frag", host: "host.example" },
    { url: "https://10.0.0.1/", host: undefined },
    { url: "https://[2001:db8::1]:8443/", host: undefined },
    { url: "not a url", host: undefined },
  ])("$url → $host", ({ url, host }) => {
    expect(hostOfUrl(url)).toBe(host);
  });
});

describe("patternCovers", () => {
  test.each([
    { pattern: "*.azureml.ms", host: "a.azureml.ms", covers: true },
    { pattern: "*.azureml.ms", host: "azureml.ms", covers: false },
    { pattern: "*.azureml.ms", host: "xazureml.ms", covers: false },
    { pattern: "ml.azure.com", host: "ml.azure.com", covers: true },
    { pattern: "ml.azure.com", host: "a.ml.azure.com", covers: false },
  ])("$pattern covers $host: $covers", ({ pattern, host, covers }) => {
    expect(patternCovers(pattern, host)).toBe(covers);
  });
});
