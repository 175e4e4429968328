import { describe, expect, test } from "vitest";
import { describeRouteProblem, parseRoute } from "../../src/core/route.js";

describe("parseRoute accepts the PAC grammar and normalizes it", () => {
  test.each([
    { input: "DIRECT", value: "DIRECT" },
    { input: "direct", value: "DIRECT" },
    { input: "PROXY azproxy.contoso.com:8080", value: "PROXY azproxy.contoso.com:8080" },
    { input: "proxy  AzProxy.Contoso.com:8080 ;DIRECT", value: "PROXY azproxy.contoso.com:8080; DIRECT" },
    { input: "HTTPS secure.contoso.com:443", value: "HTTPS secure.contoso.com:443" },
    {
      input: "SOCKS5 10.0.0.1:1080; SOCKS4 10.0.0.2:1080; SOCKS s:1",
      value: "SOCKS5 10.0.0.1:1080; SOCKS4 10.0.0.2:1080; SOCKS s:1",
    },
    { input: "PROXY [2001:db8::1]:3128", value: "PROXY [2001:db8::1]:3128" },
    { input: "PROXY a:8080;", value: "PROXY a:8080" },
  ])("$input → $value", ({ input, value }) => {
    expect(parseRoute(input)).toEqual({ ok: true, value });
  });
});

describe("parseRoute refuses anything else and names the bad part", () => {
  test.each([
    { input: "", part: "empty route" },
    { input: "PROXY", part: "PROXY needs exactly one host:port" },
    { input: "PROXY a", part: "missing port" },
    { input: "PROXY [::1]", part: "missing port" },
    { input: "PROXY a:0", part: "bad or missing port" },
    { input: "PROXY a:65536", part: "bad or missing port" },
    { input: "PROXY a:80 b:81", part: "exactly one host:port" },
    { input: 'PROXY a:80"; alert(1); "', part: "bad or missing port" },
    { input: "PROXY a:80\nDIRECT", part: "control or non-ASCII character at position 11" },
    { input: "PROXY ev!l:80", part: 'bad proxy host in "ev!l:80"' },
    { input: "FTP a:21", part: 'unknown route "FTP"' },
    { input: "DIRECT now", part: "DIRECT takes no address" },
    { input: "PROXY a:80;;DIRECT", part: "empty route" },
    { input: "PROXY ex\u00e4mple.com:80", part: "non-ASCII" },
    { input: "PROXY " + "a".repeat(2000) + ":1", part: "longer than 1000" },
  ])("$input is refused ($part)", ({ input, part }) => {
    const result = parseRoute(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain(part);
      expect(result.error).not.toMatch(/[\r\n]/);
    }
  });
});

describe("every refusal can be said in English and in Japanese", () => {
  test.each([
    "",
    "PROXY",
    "PROXY a",
    "PROXY a:0",
    "PROXY a b:1",
    "PROXY a:80\n",
    "PROXY ev!l:80",
    "FTP a:21",
    "DIRECT now",
    "PROXY a:80;;DIRECT",
    "x".repeat(1001),
  ])("%j", (input) => {
    const result = parseRoute(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(describeRouteProblem(result.problem, "en")).toBe(result.error);
    const ja = describeRouteProblem(result.problem, "ja");
    expect(ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(ja).not.toMatch(/[\r\n]/);
  });
});

describe("addresses that can never be reached are refused", () => {
  test.each([
    "PROXY [:]:80",
    "PROXY [::::]:80",
    "PROXY [1:2]:80",
    "PROXY 999.1.1.1:80",
    "PROXY 1.2.3:80",
    "SOCKS 256.0.0.1:1080",
  ])("%s", (route) => {
    expect(parseRoute(route).ok).toBe(false);
  });

  test.each([
    "PROXY [::1]:8080",
    "PROXY [2001:db8::1]:3128",
    "PROXY [fe80:0:0:0:0:0:0:1]:80",
    "PROXY 10.0.0.1:8080",
    "PROXY proxy1.contoso.com:8080",
  ])("%s is still a route", (route) => {
    expect(parseRoute(route).ok).toBe(true);
  });
});
