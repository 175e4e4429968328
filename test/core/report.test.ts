import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { CATALOG } from "../../src/core/catalog/index.js";
import type { Lang } from "../../src/core/catalog/types.js";
import { reduce, reduceSocketClose } from "../../src/core/diagnosis.js";
import { observedClose } from "../../src/core/make-observation.js";
import { createState, type DiagnosisState } from "../../src/core/diagnosis-state.js";
import type { Observation } from "../../src/core/observation.js";
import { buildReport, entryName } from "../../src/core/report.js";
import { renderAllowList, renderCsv, renderJson, renderMarkdown, renderText } from "../../src/core/render-report.js";
import type { Report } from "../../src/core/report-schema.js";
import { REPORT_TEXT } from "../../src/core/report-i18n.js";
import { buildCheckReport, planCheck, type CheckResult } from "../../src/core/check-plan.js";
import { TINY_CATALOG } from "../fixtures/tiny-catalog.js";
import { seen, type Seen } from "../fixtures/seen.js";

const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);
const CI = "ci1.westeurope.instances.azureml.ms";
const API = "westeurope.api.azureml.ms";
const BLOB = "wsstore123.blob.core.windows.net";
const ODD_ERROR = "=cmd|' /C calc'!A0, \"quoted\" | pipe";

function diagnose(steps: Array<Partial<Seen> & { url: string }>): DiagnosisState {
  let state = createState();
  steps.forEach((step, i) => {
    state = reduce(state, seen({ type: "xmlhttprequest", time: T0 + i * 1000, ...step }), T0, CATALOG);
  });
  return state;
}

/** A session with one of each: WebSocket block settled by a probe, DNS, 407, an unknown error, outside hosts, an ad blocker, working hosts. */
const STATE = diagnose([
  { url: "https://ml.azure.com/?tid=secret-tenant#/home", type: "main_frame", statusCode: 200 },
  {
    url: `wss://${CI}/terminals/websocket/1?token=eyJhbGciOiJIUzI1NiJ9.payload.sig`,
    type: "websocket",
    error: "net::ERR_FAILED",
  },
  {
    url: `wss://${CI}/terminals/websocket/1?token=eyJhbGciOiJIUzI1NiJ9.payload.sig`,
    type: "websocket",
    error: "net::ERR_FAILED",
  },
  { url: `https://${CI}/`, statusCode: 401, headersReceived: true, probe: true },
  { url: `https://${API}/history/v1.0/subscriptions/0000/runs?code=OAUTHCODE`, error: "net::ERR_NAME_NOT_RESOLVED" },
  { url: `https://${BLOB}/azureml/ExperimentRun/log.txt?sv=2021&sig=SASSIGNATURE`, statusCode: 407, proxyAuth: true },
  { url: "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?code=abc", statusCode: 200 },
  { url: "https://weird.notebooks.azure.net/x", error: ODD_ERROR },
  { url: "https://cdn.thirdparty.example/lib.js?key=APIKEY", error: "net::ERR_CONNECTION_RESET" },
  { url: "https://ads.tracker.example/pixel", error: "net::ERR_BLOCKED_BY_CLIENT" },
]);

function report(
  lang: Lang,
  state: DiagnosisState = STATE,
  extra: Partial<Parameters<typeof buildReport>[1]> = {},
): Report {
  return buildReport(state, {
    catalog: CATALOG,
    lang,
    now: T0 + 60_000,
    toolVersion: "0.1.0",
    source: "extension",
    studio: true,
    ...extra,
  });
}

/** Names once cut out of purposes read "Scripts", "Azure China" for every China entry, "Hugging Face のモデルと": never again. */
describe("entry names are whole names, not cut purposes", () => {
  const byId = (id: string) => CATALOG.entries.find((entry) => entry.id === id)!;

  test.each([
    { id: "sign-in-assets", lang: "en", name: "Sign-in page scripts and styles" },
    { id: "sign-in-assets", lang: "ja", name: "サインイン画面のスクリプトとスタイル" },
    { id: "hugging-face-models", lang: "ja", name: "Hugging Face のモデルと Docker Hub" },
    { id: "studio-china", lang: "ja", name: "Azure Machine Learning スタジオ" },
    { id: "compute-instance-china", lang: "ja", name: "コンピューティング インスタンス（Azure China のホスト）" },
    { id: "entra-id", lang: "ja", name: "Microsoft Entra ID" },
    { id: "arm", lang: "en", name: "Azure Resource Manager" },
  ] as const)("$id ($lang) is named $name", ({ id, lang, name }) => {
    expect(entryName(byId(id), lang)).toBe(name);
  });

  test.each(["en", "ja"] as const)("every China entry has its own name in %s", (lang) => {
    const names = CATALOG.entries.filter((entry) => entry.clouds.includes("china")).map((e) => entryName(e, lang));
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain("Azure China");
  });

  test("no Japanese name stops at a particle, as a cut sentence would", () => {
    const cut = CATALOG.entries.filter((entry) => /[とのやをにがで]$/.test(entryName(entry, "ja")));
    expect(cut.map((entry) => `${entry.id}: ${entryName(entry, "ja")}`)).toEqual([]);
  });

  test("a China finding carries the entry's name in the report's language", () => {
    const state = diagnose([{ url: "https://studio.ml.azure.cn/", error: "net::ERR_NAME_NOT_RESOLVED" }]);
    const finding = report("ja", state).findings.find((f) => f.entry === "studio-china");
    expect(finding?.name).toBe("Azure Machine Learning スタジオ");
  });
});

describe("buildReport", () => {
  const r = report("en");

  test("findings are the blocked catalog entries, in catalog order", () => {
    expect(r.findings.map((f) => f.entry)).toEqual(
      ["api", "notebooks", "storage", "compute-instance"].sort(
        (a, b) => CATALOG.entries.findIndex((e) => e.id === a) - CATALOG.entries.findIndex((e) => e.id === b),
      ),
    );
  });

  test.each([
    { entry: "compute-instance", host: CI, kind: "websocket", websocket: true, error: "net::ERR_FAILED", count: 2 },
    { entry: "api", host: API, kind: "dns", websocket: false, error: "net::ERR_NAME_NOT_RESOLVED", count: 1 },
    { entry: "storage", host: BLOB, kind: "proxy-auth", websocket: false, error: "HTTP 407", count: 1 },
    {
      entry: "notebooks",
      host: "weird.notebooks.azure.net",
      kind: "other",
      websocket: false,
      error: ODD_ERROR,
      count: 1,
    },
  ])("$entry: $kind on $host", ({ entry, host, kind, websocket, error, count }) => {
    const finding = r.findings.find((f) => f.entry === entry)!;
    expect(finding.hosts).toEqual([host]);
    expect(finding.failures).toEqual([
      expect.objectContaining({
        host,
        kind,
        websocket,
        error,
        count,
        firstSeen: expect.stringMatching(/^2026-11-28T09:00:\d\d\.000Z$/),
      }),
    ]);
  });

  test("a finding names the covering pattern and the exact hosts seen, and its advice fits the cause", () => {
    const ci = r.findings.find((f) => f.entry === "compute-instance")!;
    expect(ci.patterns).toEqual(["*.instances.azureml.ms"]);
    expect(ci.websocket).toBe(true);
    expect(ci.name).toBe("Compute instance");
    expect(ci.advice).toContain("*.instances.azureml.ms");
    expect(ci.advice).toContain(`hosts seen here: ${CI}`);
    expect(ci.advice).toMatch(/WebSocket .*pass through the proxy/);
    const api = r.findings.find((f) => f.entry === "api")!;
    expect(api.advice).toMatch(/resolve/);
    const storage = r.findings.find((f) => f.entry === "storage")!;
    expect(storage.advice).toMatch(/sign-in \(HTTP 407\)/);
    // Neither a DNS failure, a 407 nor a refused upgrade is the firewall's: none asks to open HTTPS.
    for (const finding of [ci, api, storage]) expect(finding.advice).not.toMatch(/Allow HTTPS/);
  });

  test.each([
    { error: "net::ERR_CONNECTION_REFUSED", firewall: true },
    { error: "net::ERR_TIMED_OUT", firewall: true },
    { error: "net::ERR_NAME_NOT_RESOLVED", firewall: false },
    { error: "net::ERR_CERT_AUTHORITY_INVALID", firewall: false },
    { error: "net::ERR_TUNNEL_CONNECTION_FAILED", firewall: false },
  ])("$error asks to open the firewall: $firewall", ({ error, firewall }) => {
    const finding = report("en", diagnose([{ url: `https://${API}/x`, error }])).findings[0]!;
    expect(/Allow HTTPS to \*\.azureml\.ms on tcp\/443/.test(finding.advice)).toBe(firewall);
  });

  test("a finding links the Microsoft page that documents it, in Japanese for a Japanese report", () => {
    expect(r.findings.find((f) => f.entry === "api")!.reference).toBe(
      "https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall",
    );
    expect(report("ja").findings.find((f) => f.entry === "api")!.reference).toBe(
      "https://learn.microsoft.com/ja-jp/azure/machine-learning/how-to-access-azureml-behind-firewall",
    );
  });

  test("reachable lists entries with hosts that answered (a probe counts)", () => {
    expect(r.reachable).toEqual(
      expect.arrayContaining([
        { entry: "studio", name: "Azure Machine Learning studio", hosts: ["ml.azure.com"] },
        { entry: "entra-id", name: "Microsoft Entra ID", hosts: ["login.microsoftonline.com"] },
      ]),
    );
  });

  test("a host blocked over WebSocket is not listed as working, though its HTTPS answered", () => {
    expect(r.reachable.map((entry) => entry.entry)).not.toContain("compute-instance");
  });

  test("hosts outside the catalog are unmatched; another extension's blocks are information only", () => {
    expect(r.unmatched).toEqual([
      { host: "cdn.thirdparty.example", failures: [expect.objectContaining({ kind: "connection" })] },
    ]);
    expect(r.information).toEqual([
      { host: "ads.tracker.example", failures: [expect.objectContaining({ kind: "blocked-by-client" })] },
    ]);
  });

  test("an empty diagnosis is a valid report with nothing in it", () => {
    const empty = report("en", createState());
    expect(empty).toMatchObject({
      findings: [],
      unmatched: [],
      reachable: [],
      stats: { observations: 0, probes: 0, ignored: 0 },
    });
  });

  test("a cleared block is no longer a finding", () => {
    const state = diagnose([
      { url: `https://${API}/a`, error: "net::ERR_CONNECTION_RESET" },
      { url: `https://${API}/b`, statusCode: 200 },
    ]);
    expect(report("en", state).findings).toEqual([]);
    expect(report("en", state).reachable).toEqual([{ entry: "api", name: "Azure Machine Learning API", hosts: [API] }]);
  });
});

// A tiny JSON Schema (2020-12) checker for the keywords docs/report.schema.json uses.
type Schema = Record<string, unknown>;
function validate(value: unknown, schema: Schema, root: Schema, path = "$"): string[] {
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.replace("#/$defs/", "");
    return validate(value, (root.$defs as Record<string, Schema>)[name]!, root, path);
  }
  const errors: string[] = [];
  const known = new Set([
    "$schema",
    "$id",
    "title",
    "description",
    "type",
    "required",
    "properties",
    "items",
    "$defs",
    "const",
    "enum",
    "pattern",
    "minLength",
    "minItems",
    "minimum",
    "format",
  ]);
  for (const key of Object.keys(schema))
    if (!known.has(key)) errors.push(`${path}: the checker does not know keyword ${key}`);
  const type = schema.type as string | undefined;
  const isType: Record<string, (v: unknown) => boolean> = {
    object: (v) => v !== null && typeof v === "object" && !Array.isArray(v),
    array: Array.isArray,
    string: (v) => typeof v === "string",
    boolean: (v) => typeof v === "boolean",
    integer: (v) => Number.isInteger(v),
  };
  if (type && !isType[type]!(value)) return [`${path}: not ${type}`];
  if ("const" in schema && value !== schema.const) errors.push(`${path}: not ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (typeof value === "string") {
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value))
      errors.push(`${path}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
    if (typeof schema.minLength === "number" && value.length < schema.minLength) errors.push(`${path}: too short`);
    if (
      schema.format === "date-time" &&
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)
    )
      errors.push(`${path}: not a date-time`);
  }
  if (typeof value === "number" && typeof schema.minimum === "number" && value < schema.minimum)
    errors.push(`${path}: below minimum`);
  if (Array.isArray(value)) {
    if (typeof schema.minItems === "number" && value.length < schema.minItems)
      errors.push(`${path}: fewer than ${schema.minItems} items`);
    if (schema.items)
      value.forEach((item, i) => errors.push(...validate(item, schema.items as Schema, root, `${path}[${i}]`)));
  }
  if (isType.object!(value)) {
    const object = value as Record<string, unknown>;
    for (const key of (schema.required as string[] | undefined) ?? [])
      if (!(key in object)) errors.push(`${path}: missing ${key}`);
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const [key, sub] of Object.entries(properties))
      if (key in object) errors.push(...validate(object[key], sub, root, `${path}.${key}`));
    // The schema documents every field a report carries: a field the code adds must be added there too.
    if (schema.properties)
      for (const key of Object.keys(object)) if (!(key in properties)) errors.push(`${path}.${key}: not in the schema`);
  }
  return errors;
}

/** STATE plus two drops after 240 s idle and a 1002 close on the compute instance. */
function socketState(): DiagnosisState {
  let state = structuredClone(STATE);
  for (const [i, code] of [1006, 1006, 1002].entries()) {
    const at = T0 + i * 300_000;
    state = reduceSocketClose(
      state,
      observedClose({
        url: `wss://${CI}/x`,
        openedAt: at,
        lastInAt: at + 1000,
        closedAt: at + 241_000,
        code,
        wasClean: code !== 1006,
        reasonLength: 0,
      }),
      CATALOG,
    );
  }
  return state;
}

const SCHEMA = JSON.parse(readFileSync(new URL("../../docs/report.schema.json", import.meta.url), "utf8")) as Schema;

describe("docs/report.schema.json", () => {
  test.each([
    { title: "the full English report", make: () => report("en") },
    { title: "the full Japanese report", make: () => report("ja") },
    { title: "an empty report", make: () => report("en", createState()) },
    {
      title: "a report with warnings and no studio",
      make: () => report("ja", STATE, { studio: false, warnings: ["3 entries skipped"] }),
    },
    { title: "a report with dropped and protocol-closed WebSockets", make: () => report("ja", socketState()) },
    {
      title: "a studio tab's report with its checklist",
      make: () => report("ja", STATE, { checklistCloud: "public" }),
    },
    // The network section, private-dns with its zones, azure-refused and proxy-answered.
    {
      title: "a report with a network section and the answer kinds",
      make: () =>
        report(
          "en",
          diagnose([
            { url: `https://${API}/x`, statusCode: 200, ip: "10.0.0.4" },
            { url: "https://ml-ws.westeurope.notebooks.azure.net/x", statusCode: 200, ip: "2603:1020:200::4" },
            {
              url: `https://${BLOB}/x`,
              statusCode: 403,
              ip: "10.0.0.5",
              answer: { azure: true, msErrorCode: "AuthorizationFailure" },
            },
          ]),
        ),
    },
  ])("$title validates, also after a JSON round trip", ({ make }) => {
    const built = make();
    expect(validate(built, SCHEMA, SCHEMA)).toEqual([]);
    expect(validate(JSON.parse(renderJson(built)), SCHEMA, SCHEMA)).toEqual([]);
  });

  test("a check's report (source check, one row per host) validates, also after a JSON round trip", () => {
    const planned = planCheck(TINY_CATALOG, {
      hosts: ["westeurope.api.azureml.ms", "ci1.westeurope.instances.azureml.ms"],
    });
    if (!planned.ok) throw new Error(planned.error);
    const at = Date.parse("2026-12-01T09:00:00.000Z");
    const results = planned.plan.targets.map((target, i): CheckResult =>
      i % 2 === 0
        ? { target, outcome: "reachable", status: 401, address: "10.0.0.4", ms: 40, at }
        : {
            target,
            outcome: target.websocket ? "websocket" : "proxy-refused",
            error: "net::ERR_TUNNEL_CONNECTION_FAILED",
            ms: 12,
            at,
          },
    );
    const built = buildCheckReport(planned.plan, results, {
      catalog: TINY_CATALOG,
      lang: "ja",
      now: at,
      toolVersion: "0.1.0",
    });
    expect(built.checks?.some((c) => c.outcome === "not-checked")).toBe(true);
    expect(validate(built, SCHEMA, SCHEMA)).toEqual([]);
    expect(validate(JSON.parse(renderJson(built)), SCHEMA, SCHEMA)).toEqual([]);
  });

  test("the checker catches a broken report", () => {
    const broken = JSON.parse(renderJson(report("en"))) as Record<string, unknown>;
    delete broken.generatedAt;
    (broken.findings as Array<Record<string, unknown>>)[0]!.failures = [
      { kind: "nonsense", websocket: "no", error: "", count: 0 },
    ];
    expect(validate(broken, SCHEMA, SCHEMA).length).toBeGreaterThanOrEqual(5);
  });
});

const RENDERERS = { markdown: renderMarkdown, csv: renderCsv, text: renderText, json: renderJson };

describe("renderers", () => {
  test.each(
    Object.entries(RENDERERS).flatMap(([name, render]) =>
      (["en", "ja"] as const).map((lang) => ({ name, lang, render })),
    ),
  )("$name ($lang) contains no path, query, fragment, credential or token", ({ render, lang }) => {
    const out = render(report(lang));
    for (const secret of [
      "sig=",
      "code=",
      "token",
      "Bearer",
      "eyJ",
      "SASSIGNATURE",
      "OAUTHCODE",
      "APIKEY",
      "secret-tenant",
      "tid=",
      "/history",
      "/terminals",
      "ExperimentRun",
      "/oauth2",
      "#/home",
      "/lib.js",
      "/pixel",
    ]) {
      expect(out, secret).not.toContain(secret);
    }
  });

  test.each(
    Object.entries(RENDERERS).flatMap(([name, render]) =>
      (["en", "ja"] as const).map((lang) => ({ name, lang, render })),
    ),
  )("$name ($lang) renders the same bytes twice", ({ render, lang }) => {
    expect(render(report(lang))).toBe(render(report(lang)));
  });

  const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
  test.each(["markdown", "text", "csv"] as const)("%s in Japanese has Japanese prose; in English none", (name) => {
    const ja = RENDERERS[name](report("ja"));
    expect(ja).toMatch(JAPANESE);
    expect(ja).toMatch(/してください/);
    expect(RENDERERS[name](report("en"))).not.toMatch(JAPANESE);
  });

  test("JSON starts with the schema and keeps a stable key order", () => {
    const json = renderJson(report("en"));
    expect(
      json.startsWith(
        '{\n  "schema": "aml-network-doctor/report@1",\n  "generatedAt": "2026-11-28T09:01:00.000Z",\n  "tool": {',
      ),
    ).toBe(true);
    const finding = JSON.parse(json).findings[0] as Record<string, unknown>;
    expect(Object.keys(finding)).toEqual([
      "entry",
      "name",
      "patterns",
      "purpose",
      "breaks",
      "ports",
      "openPorts",
      "websocket",
      "hosts",
      "failures",
      "advice",
      "reference",
    ]);
    expect(Object.keys((finding.failures as object[])[0]!)).toEqual([
      "host",
      "kind",
      "websocket",
      "error",
      "count",
      "firstSeen",
      "lastSeen",
      "sample",
      "explanation",
    ]);
  });

  test("Markdown for a ticket: headline, what is blocked, what to ask IT grouped by who acts (one line per pattern, exact hosts beside it), details", () => {
    const md = renderMarkdown(report("en"));
    const headings = md.split("\n").filter((l) => l.startsWith("#"));
    expect(headings.slice(0, 3)).toEqual([
      "# Azure Machine Learning: the network blocks 4 endpoints",
      "## What is blocked",
      "## What to ask IT",
    ]);
    expect(headings).toEqual(
      expect.arrayContaining([
        "### DNS: make the names resolve (or the private DNS zone)",
        "### Proxy: sign-in (authentication)",
        "### Proxy and firewall: let WebSocket pass",
        "## Details",
        "### Compute instance (`compute-instance`)",
      ]),
    );
    expect(md).toContain(`- \`*.instances.azureml.ms\` — tcp/443 — WebSocket required — seen: \`${CI}\``);
    expect(md).toContain(`- \`*.azureml.ms\` — tcp/443 — no WebSocket — seen: \`${API}\``);
    expect(md).toContain(
      "Microsoft documentation: <https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall>",
    );
  });

  test("a pattern in Markdown prose is a code span, never an escaped \\*", () => {
    for (const lang of ["en", "ja"] as const) {
      const md = renderMarkdown(report(lang));
      expect(md).not.toContain("\\*.");
      expect(md).toContain("`*.instances.azureml.ms`");
    }
  });

  test("times are the reader's local time with the offset when a time zone is given, UTC otherwise", () => {
    expect(renderMarkdown(report("ja"), { timeZone: "Asia/Tokyo" })).toContain(
      "2026-11-28 18:01（UTC+09:00）に aml-network-doctor",
    );
    expect(renderText(report("en"), { timeZone: "America/New_York" })).toContain(
      "Generated 2026-11-28 04:01 (UTC-05:00)",
    );
    expect(renderMarkdown(report("en"))).toContain("Generated 2026-11-28 09:01 UTC");
    expect(renderMarkdown(report("en"), { timeZone: "Not/AZone" })).toContain("Generated 2026-11-28 09:01 UTC");
  });

  test("the allow-list alone: one pattern a line with ports and WebSocket, exact hosts as comments, no Markdown", () => {
    const list = renderAllowList(report("en"));
    expect(list.split("\n")).toEqual(
      expect.arrayContaining(["*.instances.azureml.ms tcp/443 websocket", "*.azureml.ms tcp/443", `# ${CI}`]),
    );
    expect(list).not.toMatch(/`|\\/);
  });

  test("Markdown tables survive an error string with pipes and backticks", () => {
    const md = renderMarkdown(report("en"));
    const row = md.split("\n").find((l) => l.startsWith("| `weird.notebooks.azure.net`"))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(9);
  });

  test("Japanese Markdown reads as Japanese", () => {
    const md = renderMarkdown(report("ja"));
    expect(md).toContain("# Azure Machine Learning: ネットワークでブロックされているエンドポイントが 4 件あります");
    expect(md).toContain("## IT 部門への依頼内容");
    expect(md).toContain("WebSocket 必須");
  });

  function parseCsv(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let field = "";
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          field += '"';
          i++;
        } else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ",") {
        row.push(field);
        field = "";
      } else if (c === "\r" && text[i + 1] === "\n") {
        row.push(field);
        rows.push(row);
        row = [];
        field = "";
        i++;
      } else field += c;
    }
    return rows;
  }

  test("CSV: a header, one row per entry, host and kind, RFC 4180 quoting, formulas defused", () => {
    const csv = renderCsv(report("en"));
    expect(csv.endsWith("\r\n")).toBe(true);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([
      "status",
      "entry",
      "host",
      "websocket",
      "kind",
      "failure",
      "error",
      "count",
      "first_seen",
      "last_seen",
      "patterns",
      "ports",
      "entry_needs_websocket",
      "advice",
      "first_seen_local (UTC)",
      "last_seen_local (UTC)",
      "name",
    ]);
    for (const row of rows) expect(row).toHaveLength(17);
    const blocked = rows.filter((r) => r[0] === "blocked").map((r) => `${r[1]} ${r[2]} ${r[4]} ${r[16]}`);
    expect(blocked).toEqual(
      expect.arrayContaining([
        `compute-instance ${CI} websocket Compute instance`,
        `api ${API} dns Azure Machine Learning API`,
        `storage ${BLOB} proxy-auth Workspace storage (files, data)`,
      ]),
    );
    // The name is for people: the rows of a working entry have it too, a host outside the catalog has none.
    expect(rows.find((r) => r[0] === "reachable" && r[2] === "ml.azure.com")?.[16]).toBe(
      "Azure Machine Learning studio",
    );
    expect(rows.find((r) => r[0] === "unmatched")?.[16]).toBe("");
    const odd = rows.find((r) => r[2] === "weird.notebooks.azure.net")!;
    expect(odd[6]).toBe(`'${ODD_ERROR}`);
    expect(csv).toContain(`"'=cmd|' /C calc'!A0, ""quoted"" | pipe"`);
    expect(rows.filter((r) => r[0] === "unmatched").map((r) => r[2])).toEqual(["cdn.thirdparty.example"]);
    expect(rows.filter((r) => r[0] === "reachable").map((r) => r[2])).toEqual(expect.arrayContaining(["ml.azure.com"]));
  });

  test("CSV times: ISO UTC for scripts, and the reader's local time in a form a spreadsheet reads, its zone in the header", () => {
    const rows = parseCsv(renderCsv(report("en"), { timeZone: "Asia/Tokyo" }));
    expect(rows[0]!.slice(14, 16)).toEqual(["first_seen_local (UTC+09:00)", "last_seen_local (UTC+09:00)"]);
    const dns = rows.find((r) => r[4] === "dns")!;
    expect(dns[8]).toBe("2026-11-28T09:00:04.000Z");
    expect(dns[14]).toBe("2026-11-28 18:00:04");
  });

  test("Japanese CSV starts with a byte order mark for Excel", () => {
    const csv = renderCsv(report("ja"));
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const [head, ...rows] = parseCsv(csv.slice(1));
    expect(head![0]).toBe("状態");
    expect(head![16]).toBe("名前");
    expect(rows.find((r) => r[1] === "compute-instance")?.[16]).toBe("コンピューティング インスタンス");
  });

  test("a ticket opens with why it is raised (a Japanese request form asks for the purpose); a report with nothing to ask does not", () => {
    for (const lang of ["en", "ja"] as const) {
      const text = REPORT_TEXT[lang].request;
      const markdown = renderMarkdown(report(lang)).split("\n");
      // The sentence right under the headline, before anything else is said.
      expect(markdown[2], lang).toBe(text);
      expect(renderText(report(lang)).split("\n").slice(0, 4), lang).toContain(text);
      expect(renderMarkdown(report(lang, createState()))).not.toContain(text);
    }
    expect(REPORT_TEXT.ja.request).toMatch(/利用するため.*お願いいたします。$/);
  });

  test("plain text has the sections and no Markdown", () => {
    const text = renderText(report("en"));
    expect(text.split("\n")[0]).toBe("Azure Machine Learning: the network blocks 4 endpoints");
    expect(text).toContain("What to ask IT:");
    expect(text).toContain(`    *.instances.azureml.ms  tcp/443  WebSocket required  (seen: ${CI})`);
    expect(text).not.toMatch(/^#|\*\*|`/m);
  });
});

describe("a finding's ports are the ports Microsoft lists for its patterns, not for the whole entry", () => {
  test.each([
    { url: "https://mystorage.blob.core.windows.net/c/b", entry: "storage", ports: ["tcp/443"], never: "tcp/445" },
    { url: "https://mystorage.dfs.core.windows.net/fs", entry: "storage", ports: ["tcp/443"], never: "tcp/445" },
    {
      url: "wss://ci1.westeurope.instances.azureml.net/ws",
      entry: "compute-instance",
      ports: ["tcp/443"],
      never: "tcp/8787",
    },
    {
      url: "wss://ci1.westeurope.instances.azureml.ms/ws",
      entry: "compute-instance",
      ports: ["tcp/443", "tcp/8704-8710", "tcp/8787", "tcp/18881"],
      never: "tcp/445",
    },
    {
      url: "https://mycluster.westeurope.kusto.windows.net/",
      entry: "kubernetes-compute",
      ports: ["tcp/443"],
      never: "tcp/80",
    },
    { url: "http://archive.ubuntu.com/ubuntu", entry: "kubernetes-compute", ports: ["tcp/80"], never: "tcp/443" },
  ])("$url: ports $ports, never $never", ({ url, entry, ports, never }) => {
    const state = reduce(
      createState(),
      seen({ url, type: "xmlhttprequest", error: "net::ERR_CONNECTION_RESET", time: 1 }),
      1,
      CATALOG,
    );
    for (const lang of ["en", "ja"] as const) {
      const report = buildReport(state, { catalog: CATALOG, lang, now: 2, toolVersion: "0.1.0" });
      const finding = report.findings.find((f) => f.entry === entry)!;
      expect(finding.ports).toEqual(ports);
      expect(finding.advice).not.toContain(never);
      expect(renderMarkdown(report)).not.toContain(never);
    }
  });
});

describe("what to open names the ports studio used, not every port of the service", () => {
  test.each([
    { url: "https://mystorage.file.core.windows.net/share/f", entry: "storage", open: ["tcp/443"], other: "tcp/445" },
    {
      url: "wss://ci1.westeurope.instances.azureml.ms/ws",
      entry: "compute-instance",
      open: ["tcp/443"],
      other: "tcp/8787",
    },
    {
      url: "https://ci1.westeurope.instances.azureml.ms:18881/lsp",
      entry: "compute-instance",
      open: ["tcp/18881"],
      other: "tcp/8787",
    },
  ])("$url → $open; $other is named as not needed here", ({ url, entry, open, other }) => {
    const type = url.startsWith("wss:") ? "websocket" : "xmlhttprequest";
    const state = reduce(createState(), seen({ url, type, error: "net::ERR_CONNECTION_RESET", time: 1 }), 1, CATALOG);
    for (const lang of ["en", "ja"] as const) {
      const report = buildReport(state, { catalog: CATALOG, lang, now: 2, toolVersion: "0.1.0" });
      const finding = report.findings.find((f) => f.entry === entry)!;
      expect(finding.openPorts).toEqual(open);
      expect(finding.ports).toContain(other); // the pattern's full list stays in the report
      const sentences = finding.advice.split(lang === "en" ? ". " : "。");
      const at = sentences.findIndex((sentence) => sentence.includes(open[0]!));
      const [allow, ...rest] = sentences.slice(at);
      expect(allow).toContain(open[0]);
      expect(allow).not.toContain(other);
      expect(rest.join(" ")).toContain(other);
      const openLine = renderMarkdown(report)
        .split("\n")
        .find((line) => line.startsWith(`- \`${finding.patterns[0]}\``))!;
      expect(openLine).toContain(open[0]);
      expect(openLine).not.toContain(other);
    }
  });
});

describe("the list-limit warning counts what it knows", () => {
  // 200 blocked hosts of one entry, two failed requests each: 16 are listed; the other 184 hosts
  // were never admitted, so the state knows their 368 requests, not how many hosts they were.
  const observations: Observation[] = [];
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 200; i++)
      observations.push(
        seen({
          url: `https://h${i}.api.azureml.ms/x`,
          type: "xmlhttprequest",
          time: T0 + round * 1000 + i,
          error: "net::ERR_NAME_NOT_RESOLVED",
        }),
      );
  }
  let state = createState();
  for (const observation of observations) state = reduce(state, observation, observation.time, CATALOG);

  test.each([
    {
      lang: "en" as const,
      warning:
        "368 more blocked requests to hosts of Azure Machine Learning API (api) are not listed (host list limit).",
    },
    {
      lang: "ja" as const,
      warning:
        "Azure Machine Learning の API（api）のホストへの要求がほかに 368 件ブロックされましたが、ホスト一覧の上限のため載せていません。",
    },
  ])("$lang: blocked requests beyond the list are counted as requests, not as hosts", ({ lang, warning }) => {
    const r = report(lang, state);
    expect(r.findings.find((f) => f.entry === "api")?.hosts).toHaveLength(16);
    expect(r.warnings).toContain(warning);
  });
});

describe("pending verdicts: a report read before the follow-up probe answered says so", () => {
  const wsFailed = diagnose([
    { url: `wss://${CI}/terminals/websocket/1`, type: "websocket", error: "net::ERR_FAILED" },
  ]);
  const probedRefused = diagnose([
    { url: `wss://${CI}/terminals/websocket/1`, type: "websocket", error: "net::ERR_FAILED" },
    { url: `https://${CI}/`, error: "net::ERR_TUNNEL_CONNECTION_FAILED", probe: true },
  ]);
  const corsOrBlock = diagnose([{ url: `https://${API}/runs`, error: "net::ERR_FAILED" }]);

  test("a failed WebSocket whose probe is outstanding is pending on the failure, the finding and the report", () => {
    const r = report("en", wsFailed, { probing: [CI] });
    expect(r.pendingHosts).toEqual([CI]);
    const finding = r.findings.find((f) => f.entry === "compute-instance")!;
    expect(finding.pending).toBe(true);
    expect(finding.failures).toEqual([expect.objectContaining({ host: CI, kind: "websocket", pending: true })]);
    expect(finding.failures[0]!.explanation).toMatch(/pending/);
  });

  test("once the probe has answered, the verdict is final even if the host is still listed as probing", () => {
    const r = report("en", probedRefused, { probing: [CI] });
    expect(r.pendingHosts).toBeUndefined();
    const finding = r.findings.find((f) => f.entry === "compute-instance")!;
    expect(finding.pending).toBeUndefined();
    expect(finding.failures).toEqual([expect.objectContaining({ kind: "proxy-refused", probed: true })]);
    expect(finding.failures[0]!.pending).toBeUndefined();
  });

  test("with no probe outstanding (probes off, a HAR) a failed WebSocket is websocket, final", () => {
    const r = report("en", wsFailed);
    expect(r.pendingHosts).toBeUndefined();
    expect(r.findings[0]!.failures[0]).toMatchObject({ kind: "websocket" });
    expect(r.findings[0]!.failures[0]!.pending).toBeUndefined();
    expect(renderJson(r)).not.toContain("pending");
  });

  test("a plain request's net::ERR_FAILED is no finding yet, but its host is pending", () => {
    const r = report("en", corsOrBlock, { probing: [API, "unrelated.example"] });
    expect(r.findings).toEqual([]);
    expect(r.pendingHosts).toEqual([API]);
  });

  test("a host outside the catalog is pending the same way", () => {
    const state = diagnose([{ url: "wss://jupyter.contoso.example/ws", type: "websocket", error: "net::ERR_FAILED" }]);
    const r = report("en", state, { probing: ["jupyter.contoso.example"] });
    expect(r.pendingHosts).toEqual(["jupyter.contoso.example"]);
    expect(r.unmatched[0]!.failures[0]).toMatchObject({ kind: "websocket", pending: true });
  });

  test.each([
    { lang: "en" as const, note: "Not final yet", mark: "(pending)", status: "pending" },
    { lang: "ja" as const, note: "まだ確定していません", mark: "（判定待ち）", status: "判定待ち" },
  ])(
    "Markdown, text and CSV ($lang) say the report is not final and mark what may change",
    ({ lang, note, mark, status }) => {
      const r = report(lang, wsFailed, { probing: [CI] });
      for (const out of [renderMarkdown(r), renderText(r)]) {
        expect(out).toContain(note);
        expect(out).toContain(CI);
        expect(out).toContain(mark);
      }
      const rows = renderCsv(r)
        .replace(/^\uFEFF/, "")
        .trimEnd()
        .split("\r\n");
      expect(rows.filter((row) => row.startsWith(`${status},compute-instance,${CI},`))).toHaveLength(1);
      const final = report(lang, probedRefused, { probing: [CI] });
      for (const out of [renderMarkdown(final), renderText(final), renderCsv(final)]) {
        expect(out).not.toContain(note);
        expect(out).not.toContain(status === "pending" ? "pending" : status);
      }
    },
  );

  test("CSV lists a pending host with no failure yet as a row of its own", () => {
    const rows = renderCsv(report("en", corsOrBlock, { probing: [API] }))
      .trimEnd()
      .split("\r\n");
    // Every column of the header, the two local-time columns included.
    expect(rows.slice(1)).toEqual([`pending,,${API},,,,,,,,,,,,,,`]);
    expect(rows[1]!.split(",")).toHaveLength(rows[0]!.split(",").length);
  });

  test.each([
    { title: "a pending WebSocket", state: wsFailed, probing: [CI] },
    { title: "a pending plain request", state: corsOrBlock, probing: [API] },
  ])("$title validates against docs/report.schema.json", ({ state, probing }) => {
    for (const lang of ["en", "ja"] as const) {
      const built = report(lang, state, { probing });
      expect(validate(built, SCHEMA, SCHEMA)).toEqual([]);
      expect(validate(JSON.parse(renderJson(built)), SCHEMA, SCHEMA)).toEqual([]);
    }
  });
});
