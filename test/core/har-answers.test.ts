import { describe, expect, test } from "vitest";
import { CATALOG } from "../../src/core/catalog/index.js";
import { diagnoseHar } from "../../src/core/har.js";
import { renderCsv, renderJson, renderMarkdown } from "../../src/core/render-report.js";
import type { Report } from "../../src/core/report-schema.js";
import { buildHar, chromeEntry, firefoxEntry, type HarEntryInput } from "../fixtures/har/build-har.js";

const API = "0000-1111.workspace.westeurope.api.azureml.ms";
const NB = "ml-ws-westeurope-0000.westeurope.notebooks.azure.net";
const BLOB = "wsstore123.blob.core.windows.net";
const AZURE = [["x-ms-request-id", "5f0c"]] as Array<[string, string]>;
const REFUSAL =
  '{"error":{"code":"UserError","message":"Request is denied based on workspace private link configuration. SECRET-BODY-TEXT"}}';

const SHAPES = [
  { browser: "Chrome", entry: chromeEntry, creator: "WebInspector" },
  { browser: "Firefox", entry: firefoxEntry, creator: "Firefox" },
] as const;

function diagnose(shape: (typeof SHAPES)[number], entries: HarEntryInput[]): Report {
  const har = buildHar(
    entries.map((e, i) => shape.entry({ at: i * 100, ...e })),
    shape.creator,
  );
  return diagnoseHar(har, { catalog: CATALOG, lang: "en", now: Date.UTC(2026, 11, 1), toolVersion: "t" });
}

const kinds = (r: Report) =>
  Object.fromEntries(r.findings.map((f) => [f.entry, [...new Set(f.failures.map((x) => `${x.host} ${x.kind}`))]]));

describe.each(SHAPES)("HAR answers that still mean broken ($browser)", (shape) => {
  test("split DNS: a private-link host at a public address beside others at private ones is private-dns", () => {
    const r = diagnose(shape, [
      { url: `https://${API}/x`, status: 200, ip: "10.0.1.4", headers: AZURE },
      {
        url: `https://${NB}/x`,
        status: 200,
        ip: shape.browser === "Chrome" ? "[2603:1020:200::4]" : "2603:1020:200::4",
        headers: AZURE,
      },
      { url: `https://${BLOB}/x`, status: 200, ip: "10.0.1.5", headers: AZURE },
    ]);
    expect(kinds(r)).toEqual({ notebooks: [`${NB} private-dns`] });
    expect(r.findings[0]!.dnsZones).toEqual([
      { forward: "notebooks.azure.net", privateZone: "privatelink.notebooks.azure.net" },
    ]);
    expect(r.network).toMatchObject({ path: "direct", privateEndpoints: true });
  });

  test("storage's firewall refusal is azure-refused; a role refusal is nothing", () => {
    const r = diagnose(shape, [
      {
        url: `https://${BLOB}/a?sig=SAS`,
        status: 403,
        headers: [...AZURE, ["x-ms-error-code", "AuthorizationFailure"]],
      },
      {
        url: "https://other123.blob.core.windows.net/a",
        status: 403,
        headers: [...AZURE, ["x-ms-error-code", "AuthorizationPermissionMismatch"]],
      },
    ]);
    expect(kinds(r)).toEqual({ storage: [`${BLOB} azure-refused`] });
  });

  test("Azure ML's private-link refusal in a body is azure-refused, and the body never reaches the report", () => {
    const r = diagnose(shape, [
      {
        url: `https://${API}/history`,
        status: 403,
        headers: AZURE,
        body: REFUSAL,
        base64: shape.browser === "Firefox",
      },
    ]);
    expect(kinds(r)).toEqual({ api: [`${API} azure-refused`] });
    for (const text of [renderJson(r), renderMarkdown(r), renderCsv(r)]) {
      expect(text).not.toContain("SECRET-BODY-TEXT");
      expect(text).not.toContain("denied based on");
    }
  });

  test("a proxy's block page is proxy-answered, and then no address says anything about DNS", () => {
    const r = diagnose(shape, [
      { url: `https://${API}/x`, status: 200, ip: "10.0.1.4", headers: AZURE },
      { url: `https://${NB}/x`, status: 200, ip: "20.1.2.3", headers: AZURE },
      {
        url: "https://ml.azure.com/",
        status: 403,
        headers: [
          ["via", "1.1 proxy.contoso.com (squid)"],
          ["x-squid-error", "ERR_ACCESS_DENIED 0"],
        ],
        body: "<html>Access denied by policy</html>",
      },
    ]);
    expect(kinds(r)).toEqual({ studio: ["ml.azure.com proxy-answered"] });
    expect(r.network?.path).toBe("mixed");
  });
});
