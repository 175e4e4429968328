import { describe, expect, test } from "vitest";
import { CATALOG } from "../../src/core/catalog/index.js";
import {
  buildCheckReport,
  checkOutcome,
  hostsFromText,
  planCheck,
  rememberHost,
  REMEMBERED_PER_ENTRY,
  type CheckResult,
} from "../../src/core/check-plan.js";
import { renderCheckCsv, renderCheckMarkdown, renderCheckTable } from "../../src/core/check-report.js";
import { seen } from "../fixtures/seen.js";
import { TINY_CATALOG } from "../fixtures/tiny-catalog.js";

const NOW = Date.parse("2026-12-01T09:00:00.000Z");

function plan(input: Parameters<typeof planCheck>[1]) {
  const result = planCheck(TINY_CATALOG, input);
  if (!result.ok) throw new Error(result.error);
  return result.plan;
}

describe("planCheck", () => {
  test("fixed names are checked; a wildcard entry with no known host is not checked, never guessed", () => {
    const p = plan({});
    expect(p.targets).toEqual([{ entry: "studio", host: "ml.azure.com", websocket: false }]);
    expect(p.notChecked.map((n) => n.entry)).toEqual([
      "api",
      "compute-instance",
      "storage",
      "shared-notebook-content",
      "vscode-web",
    ]);
  });

  test("remembered and given hosts fill wildcard entries; WebSocket entries get an upgrade row too", () => {
    const p = plan({
      remembered: { "compute-instance": ["ci1.westeurope.instances.azureml.ms", "evil.example.com"] },
      hosts: ["WestEurope.api.azureml.ms"],
    });
    expect(p.targets).toEqual([
      { entry: "studio", host: "ml.azure.com", websocket: false },
      { entry: "api", host: "westeurope.api.azureml.ms", websocket: false },
      { entry: "compute-instance", host: "ci1.westeurope.instances.azureml.ms", websocket: false },
      { entry: "compute-instance", host: "ci1.westeurope.instances.azureml.ms", websocket: true },
    ]);
  });

  test.each([
    { hosts: ["www.example.com"], error: "not an Azure ML host" },
    { hosts: ["x.batch.azure.com"], error: "not a browser host of the public cloud" },
    { hosts: ["https://ml.azure.com/x"], error: "not a host name" },
  ])("a user host $hosts is refused: $error", ({ hosts, error }) => {
    const result = planCheck(TINY_CATALOG, { hosts });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(error);
  });

  test("hosts discovered in a report or HAR fill wildcard entries; foreign ones are ignored", () => {
    const p = plan({ discovered: ["www.example.com", "mystore.blob.core.windows.net", "x.batch.azure.com"] });
    expect(p.targets.map((t) => t.host)).toEqual(["ml.azure.com", "mystore.blob.core.windows.net"]);
  });

  test("the real catalog's public plan checks every fixed browser name and lists the rest", () => {
    const result = planCheck(CATALOG, { cloud: "public" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const hosts = result.plan.targets.map((t) => t.host);
    expect(hosts).toEqual(
      expect.arrayContaining(["ml.azure.com", "login.microsoftonline.com", "management.azure.com"]),
    );
    expect(hosts.every((h) => !h.includes("*"))).toBe(true);
    expect(result.plan.notChecked.map((n) => n.entry)).toEqual(
      expect.arrayContaining(["api", "compute-instance", "storage"]),
    );
  });
});

describe("rememberHost", () => {
  test("keeps wildcard entries' host names only, newest first, bounded; unchanged memory is the same object", () => {
    let memory: Readonly<Record<string, readonly string[]>> = {};
    memory = rememberHost(memory, "CI1.westeurope.instances.azureml.ms.", TINY_CATALOG);
    expect(memory).toEqual({ "compute-instance": ["ci1.westeurope.instances.azureml.ms"] });
    const same = rememberHost(memory, "ci1.westeurope.instances.azureml.ms", TINY_CATALOG);
    expect(same).toBe(memory);
    expect(rememberHost(memory, "ml.azure.com", TINY_CATALOG)).toBe(memory);
    expect(rememberHost(memory, "www.example.com", TINY_CATALOG)).toBe(memory);
    expect(rememberHost(memory, "10.0.0.1", TINY_CATALOG)).toBe(memory);
    for (let i = 0; i < 20; i++) memory = rememberHost(memory, `s${i}.blob.core.windows.net`, TINY_CATALOG);
    expect(memory.storage).toHaveLength(REMEMBERED_PER_ENTRY);
    expect(memory.storage![0]).toBe("s19.blob.core.windows.net");
  });
});

describe("checkOutcome", () => {
  test.each([
    { obs: { url: "https://a.azureml.ms/", type: "xmlhttprequest", statusCode: 404 }, outcome: "reachable" },
    { obs: { url: "https://a.azureml.ms/", type: "xmlhttprequest", statusCode: 401 }, outcome: "reachable" },
    { obs: { url: "https://a.azureml.ms/", type: "xmlhttprequest", statusCode: 407 }, outcome: "proxy-auth" },
    {
      obs: { url: "https://a.azureml.ms/", type: "xmlhttprequest", error: "net::ERR_TUNNEL_CONNECTION_FAILED" },
      outcome: "proxy-refused",
    },
    {
      obs: { url: "https://a.azureml.ms/", type: "xmlhttprequest", error: "net::ERR_NAME_NOT_RESOLVED" },
      outcome: "dns",
    },
    { obs: { url: "wss://a.instances.azureml.ms/", type: "websocket", statusCode: 101 }, outcome: "reachable" },
    { obs: { url: "wss://a.instances.azureml.ms/", type: "websocket", statusCode: 401 }, outcome: "reachable" },
    { obs: { url: "wss://a.instances.azureml.ms/", type: "websocket", statusCode: 403 }, outcome: "websocket" },
    {
      obs: { url: "wss://a.instances.azureml.ms/", type: "websocket", error: "net::ERR_FAILED" },
      outcome: "websocket",
    },
    {
      obs: { url: "wss://a.instances.azureml.ms/", type: "websocket", error: "net::ERR_TUNNEL_CONNECTION_FAILED" },
      outcome: "websocket",
    },
  ])("$obs.type $obs.statusCode $obs.error is $outcome", ({ obs, outcome }) => {
    expect(checkOutcome(seen({ ...obs, time: NOW })).outcome).toBe(outcome);
  });
});

describe("buildCheckReport", () => {
  const p = plan({
    remembered: { "compute-instance": ["ci1.westeurope.instances.azureml.ms"], api: ["westeurope.api.azureml.ms"] },
  });
  const result = (host: string, websocket: boolean, outcome: CheckResult["outcome"], error?: string): CheckResult => {
    const target = p.targets.find((t) => t.host === host && t.websocket === websocket)!;
    return { target, outcome, ms: 12, at: NOW, address: "127.0.0.2", ...(error ? { error } : {}) };
  };
  const results = [
    result("ml.azure.com", false, "reachable"),
    result("westeurope.api.azureml.ms", false, "proxy-auth", "HTTP 407"),
    result("ci1.westeurope.instances.azureml.ms", false, "reachable"),
    result("ci1.westeurope.instances.azureml.ms", true, "websocket", "net::ERR_FAILED"),
  ];
  const report = buildCheckReport(p, results, { catalog: TINY_CATALOG, lang: "en", now: NOW, toolVersion: "0.1.0" });

  test("exactly the entries with a failed host are findings, with source check and one row per host", () => {
    expect(report.source).toBe("check");
    expect(
      report.findings.map(
        (f) => `${f.entry}: ${f.failures.map((x) => `${x.kind}${x.websocket ? "/ws" : ""}`).join(",")}`,
      ),
    ).toEqual(["api: proxy-auth", "compute-instance: websocket/ws"]);
    expect(report.reachable).toEqual([
      { entry: "studio", name: "studio name", hosts: ["ml.azure.com"] },
      { entry: "compute-instance", name: "compute-instance name", hosts: ["ci1.westeurope.instances.azureml.ms"] },
    ]);
    // A check's report names its entries as a session's does: the popup and renderers show the name.
    expect(report.findings.map((f) => f.name)).toEqual(["api name", "compute-instance name"]);
    expect(report.checks?.map((c) => `${c.entry} ${c.host}${c.websocket ? " ws" : ""} ${c.outcome}`)).toEqual([
      "studio ml.azure.com reachable",
      "api westeurope.api.azureml.ms proxy-auth",
      "compute-instance ci1.westeurope.instances.azureml.ms reachable",
      "compute-instance ci1.westeurope.instances.azureml.ms ws websocket",
      "storage *.blob.core.windows.net not-checked",
      "shared-notebook-content *.aznbcontent.net not-checked",
      "vscode-web *.vscode.dev not-checked",
    ]);
  });

  test("the table, Markdown and CSV carry every row, in English and Japanese", () => {
    for (const lang of ["en", "ja"] as const) {
      const r = buildCheckReport(p, results, { catalog: TINY_CATALOG, lang, now: NOW, toolVersion: "0.1.0" });
      for (const render of [renderCheckTable, renderCheckMarkdown, renderCheckCsv]) {
        const text = render(r);
        for (const row of r.checks!) expect(text).toContain(row.host);
        expect(text).toContain("HTTP 407");
      }
    }
    expect(renderCheckTable(report)).toContain("not checked: open studio once, or add a host");
    expect(renderCheckCsv(report).split("\r\n").filter(Boolean)).toHaveLength(1 + report.checks!.length);
  });
});

test("hostsFromText reads hosts from a report and from a HAR file", () => {
  expect(hostsFromText("not json")).toBeUndefined();
  const har = JSON.stringify({
    log: { entries: [{ request: { url: "https://X.blob.core.windows.net/c?sig=secret" } }, { request: {} }] },
  });
  expect(hostsFromText(har)).toEqual(["x.blob.core.windows.net"]);
  const report = JSON.stringify({
    findings: [{ hosts: ["a.api.azureml.ms"] }],
    reachable: [{ hosts: ["ml.azure.com"] }],
  });
  expect(hostsFromText(report)).toEqual(["a.api.azureml.ms", "ml.azure.com"]);
});
