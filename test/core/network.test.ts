import { describe, expect, test } from "vitest";
import { PERMISSION_CODES, answerOf, hasPrivateLinkRefusal } from "../../src/core/answer.js";
import { CATALOG } from "../../src/core/catalog/index.js";
import { classifyFailure } from "../../src/core/classifier.js";
import { reduce } from "../../src/core/diagnosis.js";
import { LIMITS } from "../../src/core/diagnosis-bounds.js";
import { blockedEntryIds, createState, type DiagnosisState } from "../../src/core/diagnosis-state.js";
import { classifyAddress, DEFAULT_RANGES, parsePrivateRanges } from "../../src/core/ip-ranges.js";
import { networkOf } from "../../src/core/network.js";
import { zoneForHost } from "../../src/core/private-link.js";
import { buildReport } from "../../src/core/report.js";
import { renderJson, renderMarkdown, renderText } from "../../src/core/render-report.js";
import { seen, type Seen } from "../fixtures/seen.js";

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const API = "0000-1111.workspace.westeurope.api.azureml.ms";
const NB = "ml-ws-westeurope-0000.westeurope.notebooks.azure.net";
const BLOB = "wsstore123.blob.core.windows.net";
const CI = "ci1.westeurope.instances.azureml.ms";

function diagnose(steps: Array<Partial<Seen> & { url: string }>): DiagnosisState {
  let state = createState();
  steps.forEach((step, i) => {
    state = reduce(state, seen({ type: "xmlhttprequest", time: T0 + i * 1000, statusCode: 200, ...step }), T0, CATALOG);
  });
  return state;
}

function ranges(...cidrs: string[]) {
  const parsed = parsePrivateRanges(cidrs);
  if (!parsed.ok) throw new Error("bad ranges");
  return parsed.value;
}

function kinds(state: DiagnosisState, r = DEFAULT_RANGES): Record<string, string[]> {
  const report = buildReport(state, {
    catalog: CATALOG,
    lang: "en",
    now: T0 + 60_000,
    toolVersion: "t",
    privateRanges: r,
  });
  return Object.fromEntries(
    report.findings.map((f) => [f.entry, [...new Set(f.failures.map((x) => `${x.host}:${x.kind}`))]]),
  );
}

describe("privateRanges", () => {
  test("defaults: RFC 1918, 100.64.0.0/10, fc00::/7; IPv4-mapped IPv6 counts as IPv4", () => {
    expect(classifyAddress("10.1.2.3", DEFAULT_RANGES)).toBe("private");
    expect(classifyAddress("172.31.255.1", DEFAULT_RANGES)).toBe("private");
    expect(classifyAddress("172.32.0.1", DEFAULT_RANGES)).toBe("public");
    expect(classifyAddress("100.127.0.1", DEFAULT_RANGES)).toBe("private");
    expect(classifyAddress("fd12::1", DEFAULT_RANGES)).toBe("private");
    expect(classifyAddress("::ffff:192.168.0.9", DEFAULT_RANGES)).toBe("private");
    expect(classifyAddress("20.50.2.1", DEFAULT_RANGES)).toBe("public");
    expect(classifyAddress("2603:1020::1", DEFAULT_RANGES)).toBe("public");
    expect(classifyAddress("not an address", DEFAULT_RANGES)).toBeNull();
  });

  test("bad lists are refused with the first problem", () => {
    expect(parsePrivateRanges("10.0.0.0/8, 10/8")).toMatchObject({
      ok: false,
      problem: { reason: "bad-cidr", value: "10/8" },
    });
    expect(parsePrivateRanges(["10.0.0.1/8"])).toMatchObject({ ok: false, problem: { reason: "host-bits" } });
    expect(parsePrivateRanges("  ")).toMatchObject({ ok: false, problem: { reason: "empty" } });
    expect(parsePrivateRanges("10.0.0.0/8\nFD00::/8")).toMatchObject({
      ok: true,
      value: { cidrs: ["10.0.0.0/8", "fd00::/8"] },
    });
  });
});

describe("answers that still mean broken", () => {
  const answer = (status: number, headers: Array<[string, string]>) => {
    const given = answerOf(headers.map(([name, value]) => ({ name, value })));
    return classifyFailure(
      seen({
        url: `https://${BLOB}/c/b`,
        type: "xmlhttprequest",
        time: T0,
        statusCode: status,
        ...(given ? { answer: given } : {}),
      }),
    );
  };

  test("storage's network refusals are azure-refused; RBAC and plain 403 are not findings", () => {
    expect(
      answer(403, [
        ["x-ms-request-id", "1"],
        ["x-ms-error-code", "AuthorizationFailure"],
      ]),
    ).toBe("azure-refused");
    expect(answer(403, [["x-ms-error-code", "AuthorizationSourceIPMismatch"]])).toBe("azure-refused");
    expect(
      answer(403, [
        ["x-ms-request-id", "1"],
        ["x-ms-error-code", "AuthorizationPermissionMismatch"],
      ]),
    ).toBeNull();
    expect(answer(403, [])).toBeNull();
    expect(answer(200, [["x-ms-error-code", "AuthorizationFailure"]])).toBeNull();
  });

  test.each([...PERMISSION_CODES])("Azure's RBAC or key refusal %s is not a network finding", (code) => {
    expect(
      answer(403, [
        ["x-ms-request-id", "1"],
        ["x-ms-error-code", code],
      ]),
    ).toBeNull();
  });

  test("a proxy's block page is proxy-answered; Azure's answer through a proxy is not", () => {
    expect(
      answer(403, [
        ["via", "1.1 squid"],
        ["x-squid-error", "ERR_ACCESS_DENIED 0"],
      ]),
    ).toBe("proxy-answered");
    expect(answer(451, [["Via", "1.1 gateway"]])).toBe("proxy-answered");
    expect(answer(200, [["proxy-status", "corpproxy; error=destination_ip_prohibited"]])).toBe("proxy-answered");
    expect(answer(200, [["via", "1.1 gateway"]])).toBeNull();
    expect(
      answer(403, [
        ["via", "1.1 gateway"],
        ["x-ms-request-id", "1"],
      ]),
    ).toBeNull();
  });

  test("HAR bodies: only the private-link sentences are looked for", () => {
    expect(
      hasPrivateLinkRefusal(
        '{"error":{"message":"Accessing the workspace data plane OUTSIDE of the designated private link is not allowed"}}',
      ),
    ).toBe(true);
    expect(hasPrivateLinkRefusal("Request is denied based on workspace private link configuration.")).toBe(true);
    expect(hasPrivateLinkRefusal("Forbidden")).toBe(false);
  });

  test("only the headers that tell who answered are kept, cut short", () => {
    const kept = answerOf([
      { name: "Set-Cookie", value: "session=SECRET" },
      { name: "Via", value: `1.1 ${"x".repeat(200)}` },
      { name: "x-ms-request-id", value: "abc" },
    ]);
    expect(kept).toEqual({ azure: true, proxy: `via: 1.1 ${"x".repeat(54)}…` });
    expect(JSON.stringify(kept)).not.toContain("SECRET");
  });

  test("azure-refused on storage becomes a finding; a proxy block page on a host outside the catalog does not", () => {
    const state = diagnose([
      {
        url: `https://${BLOB}/azureml/x`,
        statusCode: 403,
        answer: { azure: true, msErrorCode: "AuthorizationFailure" },
      },
      { url: "https://cdn.example.com/lib.js", statusCode: 403, answer: { proxy: "via: 1.1 squid", proxyError: true } },
    ]);
    expect(kinds(state)).toEqual({ storage: [`${BLOB}:azure-refused`] });
    const report = buildReport(state, { catalog: CATALOG, lang: "en", now: T0, toolVersion: "t" });
    expect(report.findings[0]!.advice).not.toMatch(/^Allow HTTPS/);
    // Grouped for the Azure administrator, not as a port to open.
    const markdown = renderMarkdown(report);
    const ask = markdown.slice(markdown.indexOf("## What to ask IT"), markdown.indexOf("## Details"));
    expect(ask).toContain("### Azure administrator: admit this network");
    expect(ask).not.toContain("tcp/");
    expect(report.findings[0]!.failures[0]!.error).toBe("HTTP 403 AuthorizationFailure");
  });
});

describe("private-dns", () => {
  const r = ranges("127.0.0.0/29");
  test("split DNS: exactly the private-link hosts reached at public addresses", () => {
    const state = diagnose([
      { url: "https://ml.azure.com/", ip: "127.0.0.20" },
      { url: `https://${API}/x`, ip: "127.0.0.2" },
      { url: `https://${CI}/x`, ip: "127.0.0.3" },
      { url: `https://${NB}/x`, ip: "127.0.0.10" },
      { url: `https://${BLOB}/x`, ip: "127.0.0.11" },
      { url: "https://login.microsoftonline.com/x", ip: "127.0.0.12" },
    ]);
    expect(kinds(state, r)).toEqual({ notebooks: [`${NB}:private-dns`], storage: [`${BLOB}:private-dns`] });
    expect(blockedEntryIds(state, r)).toEqual(["notebooks", "storage"]);
    const report = buildReport(state, {
      catalog: CATALOG,
      lang: "en",
      now: T0 + 60_000,
      toolVersion: "t",
      privateRanges: r,
    });
    const nb = report.findings.find((f) => f.entry === "notebooks")!;
    expect(nb.dnsZones).toEqual([{ forward: "notebooks.azure.net", privateZone: "privatelink.notebooks.azure.net" }]);
    expect(nb.advice).toContain(`Your workspace uses private endpoints, but \`${NB}\` resolved to a public address`);
    expect(nb.advice).toContain("`privatelink.notebooks.azure.net`");
    expect(report.network).toMatchObject({ path: "direct", privateEndpoints: true });
    expect(report.network!.hosts.find((h) => h.host === NB)).toEqual({
      host: NB,
      entry: "notebooks",
      address: "127.0.0.10",
      class: "public",
    });
    expect(renderMarkdown(report)).toContain("## Network path");
    // What to ask IT: the DNS team, for the names seen; no port to open, no firewall group.
    const markdown = renderMarkdown(report);
    const ask = markdown.slice(markdown.indexOf("## What to ask IT"), markdown.indexOf("## Details"));
    expect(ask).toContain("### DNS: make the names resolve (or the private DNS zone)");
    expect(ask).toContain(`\`${NB}\``);
    expect(ask).not.toContain("tcp/");
    expect(ask).not.toContain("Firewall");
    const ja = buildReport(state, { catalog: CATALOG, lang: "ja", now: T0, toolVersion: "t", privateRanges: r });
    expect(renderText(ja)).toContain("DNS ゾーン `notebooks.azure.net` を Azure DNS へ転送");
  });

  test("all public: no private endpoints in use, no finding", () => {
    const state = diagnose([
      { url: `https://${API}/x`, ip: "127.0.0.10" },
      { url: `https://${NB}/x`, ip: "127.0.0.11" },
    ]);
    expect(kinds(state, r)).toEqual({});
    expect(networkOf(state, r)).toMatchObject({ path: "direct", privateEndpoints: false });
  });

  test("through a proxy (hosts of several entries at one address): the path is a proxy, no DNS finding", () => {
    const state = diagnose([
      { url: `https://${API}/x`, ip: "127.0.0.2" },
      { url: `https://${NB}/x`, ip: "127.0.0.9" },
      { url: `https://${BLOB}/x`, ip: "127.0.0.9" },
      { url: "https://ml.azure.com/", ip: "127.0.0.9" },
    ]);
    expect(kinds(state, r)).toEqual({});
    expect(networkOf(state, r).path).toBe("mixed");
    const report = buildReport(state, { catalog: CATALOG, lang: "en", now: T0, toolVersion: "t", privateRanges: r });
    expect(
      report
        .network!.hosts.filter((h) => h.proxy)
        .map((h) => h.host)
        .sort(),
    ).toEqual([BLOB, "ml.azure.com", NB].sort());
  });

  test("failures that show a proxy: no DNS finding from any address", () => {
    const state = diagnose([
      { url: `https://${API}/x`, ip: "127.0.0.2" },
      { url: `https://${NB}/x`, ip: "127.0.0.10" },
      { url: "https://login.microsoftonline.com/x", statusCode: 407, proxyAuth: true },
    ]);
    expect(Object.keys(kinds(state, r))).toEqual(["entra-id"]);
    expect(networkOf(state, r).path).toBe("mixed");
  });

  test("zones per cloud", () => {
    expect(zoneForHost("api", API)).toEqual({ forward: "api.azureml.ms", privateZone: "privatelink.api.azureml.ms" });
    expect(zoneForHost("compute-instance", "ci.westeurope.instances.azureml.ms")).toEqual({
      forward: "instances.azureml.ms",
    });
    expect(zoneForHost("compute-instance", "ci.usgovvirginia.instances.azureml.us")).toEqual({
      forward: "instances.azureml.us",
    });
    expect(zoneForHost("storage", "acct.dfs.core.windows.net")).toEqual({
      forward: "dfs.core.windows.net",
      privateZone: "privatelink.dfs.core.windows.net",
    });
  });

  test("addresses: written in any case they count once; anything that is not an address is not kept", () => {
    const state = diagnose([
      { url: `https://${NB}/x`, ip: "2603:1020:200::A" },
      { url: `https://${NB}/x`, ip: "2603:1020:200::a" },
      { url: `https://${NB}/x`, ip: "proxy.contoso.example" },
      { url: `https://${NB}/x`, ip: "" },
    ]);
    expect(state.entries.notebooks!.hosts[NB]!.addresses).toEqual([
      {
        ip: "2603:1020:200::a",
        count: 2,
        firstSeen: new Date(T0).toISOString(),
        lastSeen: new Date(T0 + 1000).toISOString(),
      },
    ]);
  });

  test("the state bound holds with addresses: three per host at most", () => {
    let state = createState();
    for (let i = 0; i < 50; i++) {
      state = reduce(
        state,
        seen({
          url: `https://${NB}/x`,
          type: "xmlhttprequest",
          time: T0 + i,
          statusCode: 200,
          ip: `2001:db8::${i.toString(16)}`,
        }),
        T0,
        CATALOG,
      );
    }
    expect(state.entries.notebooks!.hosts[NB]!.addresses).toHaveLength(LIMITS.addressesPerHost);
    expect(renderJson(buildReport(state, { catalog: CATALOG, lang: "en", now: T0, toolVersion: "t" }))).toContain(
      '"network"',
    );
  });
});

describe("the network section through a proxy", () => {
  test("claims nothing about private endpoints and points to no list that is not there", () => {
    const report = buildReport(createState(), { catalog: CATALOG, lang: "en", now: T0, toolVersion: "t" });
    for (const lang of ["en", "ja"] as const) {
      const proxied = { ...report, lang, network: { path: "proxy" as const, privateEndpoints: false, hosts: [] } };
      const markdown = renderMarkdown(proxied);
      const text = renderText(proxied);
      for (const out of [markdown, text]) {
        expect(out).not.toMatch(
          /No private endpoint address was seen|プライベート エンドポイントのアドレスは検出されませんでした/,
        );
        expect(out).not.toMatch(/addresses below|以下のアドレス/);
      }
      expect(markdown).toMatch(lang === "en" ? /through a proxy/ : /プロキシ経由/);
    }
    const direct = { ...report, network: { path: "direct" as const, privateEndpoints: false, hosts: [] } };
    expect(renderMarkdown(direct)).toContain("No private endpoint address was seen.");
  });
});
