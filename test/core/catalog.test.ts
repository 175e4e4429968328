import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { CATALOG, validateCatalog, type Catalog, type CatalogEntry } from "../../src/core/catalog/index.js";
import { matchHost, patternCovers } from "../../src/core/matcher.js";

// The 2020 jpmlblog allow-list (test/fixtures/seeds/), kept in the repo so the test runs from any clone.
const SEEDS = join(import.meta.dirname, "../fixtures/seeds");
const byId = new Map(CATALOG.entries.map((entry) => [entry.id, entry]));
const entry = (id: string): CatalogEntry => {
  const found = byId.get(id);
  if (!found) throw new Error(`no entry ${id}`);
  return found;
};
const idOf = (host: string) => matchHost(host, CATALOG)?.id;

const examples = CATALOG.entries.flatMap((e) => e.examples.map((host) => ({ host, id: e.id })));

describe("examples", () => {
  test.each(examples)("$host maps to $id and to no other entry (most specific wins)", ({ host, id }) => {
    expect(idOf(host)).toBe(id);
    // Also covered by one of its own entry's patterns, not merely won by accident.
    expect(entry(id).patterns.some((pattern) => patternCovers(pattern, host))).toBe(true);
  });

  test.each([
    { host: "ml.azure.com", id: "studio" },
    { host: "login.microsoftonline.com", id: "entra-id" },
    { host: "management.azure.com", id: "arm" },
    { host: "westeurope.api.azureml.ms", id: "api" },
    { host: "0a1b2c3d-0000-4000-8000-000000000001.workspace.westeurope.api.azureml.ms", id: "api" },
    { host: "ml-myws-westeurope-0a1b2c3d.westeurope.notebooks.azure.net", id: "notebooks" },
    { host: "ci1.westeurope.instances.azureml.ms", id: "compute-instance" },
    { host: "ci1.westeurope.instances.azureml.net", id: "compute-instance" },
    { host: "ci1.westeurope.instances.ml.azure.ms", id: "compute-instance" },
    { host: "mystorage.blob.core.windows.net", id: "storage" },
    { host: "mystorage.file.core.windows.net", id: "storage" },
    { host: "mystorage.dfs.core.windows.net", id: "storage" },
  ])("fixed id: $host maps to $id (other code depends on it)", ({ host, id }) => {
    expect(idOf(host)).toBe(id);
  });

  test.each([
    { host: "evilwindows.net", why: "labels are compared whole" },
    { host: "core.windows.net.evil.example", why: "a suffix must end the host" },
    { host: "ml.azure.com.evil.example", why: "an exact host is not a prefix" },
    { host: "notml.azure.com", why: "an exact host matches only itself" },
    { host: "azureml.ms", why: "a wildcard never matches its apex" },
    { host: "xazureml.ms", why: "labels are compared whole" },
    { host: "notebooks.azure.net.evil.example", why: "a suffix must end the host" },
    { host: "instances.azureml.ms-evil.example", why: "a suffix must end the host" },
  ])("look-alike $host matches nothing: $why", ({ host }) => {
    expect(idOf(host)).toBeUndefined();
  });
});

describe("invariants", () => {
  test("the catalog validator finds no problem", () => {
    expect(validateCatalog(CATALOG)).toEqual([]);
  });

  test("ids are unique", () => {
    expect(new Set(CATALOG.entries.map((e) => e.id)).size).toBe(CATALOG.entries.length);
  });

  test("no pattern appears twice across the catalog", () => {
    const patterns = CATALOG.entries.flatMap((e) => e.patterns);
    const repeated = patterns.filter((p, i) => patterns.indexOf(p) !== i);
    expect(repeated).toEqual([]);
  });

  test("version is the newest source date", () => {
    const dates = CATALOG.entries.flatMap((e) => e.sources.map((s) => s.date)).sort();
    expect(CATALOG.version).toBe(dates[dates.length - 1]);
  });

  const HOST = /^(?:\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;
  test.each(CATALOG.entries)("$id: kebab-case id, lowercase host patterns, no private DNS zone", (e) => {
    expect(e.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(e.patterns.length).toBeGreaterThan(0);
    for (const pattern of e.patterns) {
      expect(pattern).toMatch(HOST);
      expect(pattern.split(".")).not.toContain("privatelink");
    }
  });

  test.each(CATALOG.entries)("$id: purpose and breaks in English and Japanese", (e) => {
    for (const text of [e.purpose, e.breaks]) {
      expect(text.en.trim()).not.toBe("");
      expect(text.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });

  test.each(CATALOG.entries)("$id: required, or an optional condition in both languages (never both)", (e) => {
    if (e.required) expect(e.optional).toBeUndefined();
    else {
      expect(e.optional?.en.trim()).toBeTruthy();
      expect(e.optional?.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });

  test.each(CATALOG.entries)("$id: sources have an https URL and a YYYY-MM-DD date", (e) => {
    expect(e.sources.length).toBeGreaterThan(0);
    for (const source of e.sources) {
      expect(source.url).toMatch(/^https:\/\/\S+$/);
      expect(source.date).toMatch(/^(19|20)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
    }
  });

  test.each(CATALOG.entries)("$id: ports are tcp/N, udp/N or tcp/N-M; at least one example", (e) => {
    expect(e.ports.length).toBeGreaterThan(0);
    for (const port of e.ports) expect(port).toMatch(/^(tcp|udp)\/[1-9]\d{0,4}(-[1-9]\d{0,4})?$/);
    expect(e.examples.length).toBeGreaterThan(0);
    expect(e.clouds.length).toBeGreaterThan(0);
    expect(e.neededBy.length).toBeGreaterThan(0);
  });
});

describe("validateCatalog reports each broken rule", () => {
  const base = entry("studio");
  const withEntries = (...entries: CatalogEntry[]): Catalog => ({ version: CATALOG.version, entries });
  test.each([
    { rule: "ids are kebab-case", catalog: withEntries({ ...base, id: "Studio_UI" }), problem: "id is not kebab-case" },
    { rule: "ids are unique", catalog: withEntries(base, { ...base, patterns: ["ml.azure.us"], examples: ["ml.azure.us"] }), problem: "id is used twice" },
    { rule: "patterns are lowercase", catalog: withEntries({ ...base, patterns: ["ML.azure.com"] }), problem: "is not lowercase" },
    { rule: "a wildcard needs a suffix of two labels", catalog: withEntries({ ...base, patterns: ["*.com"] }), problem: "is neither a host nor *.suffix" },
    { rule: "a wildcard is whole labels", catalog: withEntries({ ...base, patterns: ["*ml.azure.com"] }), problem: "is neither a host nor *.suffix" },
    { rule: "private DNS zones are notes", catalog: withEntries({ ...base, patterns: ["*.privatelink.api.azureml.ms"], examples: ["x.privatelink.api.azureml.ms"] }), problem: "private DNS zone" },
    {
      rule: "a pattern appears in one entry",
      catalog: withEntries(base, { ...base, id: "studio-copy", examples: ["ml.azure.com"] }),
      problem: "pattern ml.azure.com is already in studio",
    },
    { rule: "both languages", catalog: withEntries({ ...base, purpose: { en: "Studio", ja: " " } }), problem: "purpose needs English and Japanese" },
    { rule: "required XOR optional", catalog: withEntries({ ...base, optional: { en: "x", ja: "x" } }), problem: "also has an optional condition" },
    { rule: "optional needs a condition", catalog: withEntries({ ...base, required: false }), problem: "optional needs English and Japanese" },
    { rule: "ports grammar", catalog: withEntries({ ...base, ports: ["443"] }), problem: 'port "443"' },
    { rule: "port ranges ascend", catalog: withEntries({ ...base, ports: ["tcp/8710-8704"] }), problem: "not an ascending range" },
    { rule: "a source is required", catalog: withEntries({ ...base, sources: [] }), problem: "has no source" },
    { rule: "source dates are calendar dates", catalog: withEntries({ ...base, sources: [{ url: "https://example.com/", date: "2026-02-30" }] }), problem: "is not YYYY-MM-DD" },
    { rule: "no source is newer than the version", catalog: withEntries({ ...base, sources: [{ url: "https://example.com/", date: "2099-01-01" }] }), problem: "newer than the catalog version" },
    { rule: "an example is required", catalog: withEntries({ ...base, examples: [] }), problem: "has no example host" },
    { rule: "examples map to their own entry", catalog: withEntries({ ...base, examples: ["ml.azure.us"] }), problem: "maps to nothing" },
    { rule: "clouds are known", catalog: withEntries({ ...base, clouds: ["mars" as never] }), problem: "unknown cloud" },
  ])("$rule", ({ catalog, problem }) => {
    const problems = validateCatalog(catalog);
    expect(problems.some((p) => p.includes(problem)), problems.join("\n")).toBe(true);
  });
});

/** The 2020 Japanese allow-list: its table rows (host, purpose) and its WebSocket list. */
function readSeed(): { rows: { pattern: string; purpose: string }[]; websocket: string[] } {
  const dir = SEEDS;
  const text = readdirSync(dir)
    .filter((name) => name.endsWith(".txt"))
    .map((name) => readFileSync(join(dir, name), "utf8"))
    .join("\n");
  const rows = text
    .split("\n")
    .filter((line) => /^\s*>\|/.test(line))
    .map((line) => line.replace(/^\s*>\|/, "").split("|"))
    .map(([pattern = "", purpose = ""]) => ({ pattern: pattern.replace(/\\([<>])/g, "$1").trim(), purpose: purpose.trim() }))
    .filter((row) => !row.pattern.startsWith(":") && !row.pattern.startsWith("ホスト名"));
  const wsSection = text.slice(text.indexOf("## WebSocket"), text.indexOf("## IP"));
  const websocket = wsSection
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /^\*\.[a-z0-9.-]+$/.test(line));
  return { rows, websocket };
}

const SEED = readSeed();
const BARE_DOMAINS = new Set(["windows.net", "vault.azure.net", "azurecr.io"]);

/** A concrete host for a seed row: a bare domain or wildcard gets a label in front; the ACR placeholder a name. */
function seedHost(pattern: string): string {
  if (pattern.startsWith("<your-acr-server-name>.")) return pattern.replace("<your-acr-server-name>", "myregistry");
  if (pattern.startsWith("*.")) return `seedhost.${pattern.slice(2)}`;
  return BARE_DOMAINS.has(pattern) ? `seedhost.${pattern}` : pattern;
}

const SEED_STATUS = [
  { pattern: "login.microsoftonline.com", id: "entra-id", legacy: false },
  { pattern: "management.azure.com", id: "arm", legacy: false },
  { pattern: "*.batchai.core.windows.net", id: "batchai", legacy: true },
  { pattern: "ml.azure.com", id: "studio", legacy: false },
  { pattern: "default.exp-tas.com", id: "vscode-web", legacy: false },
  { pattern: "*.azureml.ms", id: "api", legacy: false },
  { pattern: "*.experiments.azureml.net", id: "experiments", legacy: false },
  { pattern: "*.modelmanagement.azureml.net", id: "model-management", legacy: false },
  { pattern: "mlworkspace.azure.ai", id: "mlworkspace-portal", legacy: true },
  { pattern: "*.aether.ms", id: "aether", legacy: true },
  { pattern: "*.instances.azureml.net", id: "compute-instance", legacy: false },
  { pattern: "*.instances.azureml.ms", id: "compute-instance", legacy: false },
  { pattern: "windows.net", id: "windows-net", legacy: true },
  { pattern: "vault.azure.net", id: "key-vault", legacy: false },
  { pattern: "azurecr.io", id: "container-registry", legacy: false },
  { pattern: "mcr.microsoft.com", id: "mcr", legacy: false },
  { pattern: "<your-acr-server-name>.azurecr.io", id: "container-registry", legacy: false },
  { pattern: "*.notebooks.azure.net", id: "notebooks", legacy: false },
  { pattern: "graph.windows.net", id: "aad-graph", legacy: false },
];

describe("the 2020 seed list", () => {
  test("has the 19 rows this table expects, in order", () => {
    expect(SEED.rows.map((row) => row.pattern)).toEqual(SEED_STATUS.map((row) => row.pattern));
  });

  test.each(SEED_STATUS)("seed row $pattern maps to $id (legacy: $legacy)", ({ pattern, id, legacy }) => {
    const host = seedHost(pattern);
    expect(idOf(host)).toBe(id);
    expect(entry(id).legacy).toBe(legacy);
  });

  test.each(SEED.rows)("seed row $pattern survives as a pattern and its notes quote the seed's wording", ({ pattern, purpose }) => {
    const owner = entry(idOf(seedHost(pattern)) ?? "");
    if (!pattern.includes("<")) {
      const expected = BARE_DOMAINS.has(pattern) ? `*.${pattern}` : pattern;
      expect(owner.patterns).toContain(expected);
    }
    const firstSentence = purpose.split("。")[0] ?? purpose;
    expect(owner.notes.some((note) => note.includes("Seed 2020") && note.includes(firstSentence))).toBe(true);
  });

  test("the WebSocket list has the four hosts of 2020-10-10", () => {
    expect(SEED.websocket).toEqual(["*.azureml.ms", "*.notebooks.azure.net", "*.instances.azureml.net", "*.experiments.azureml.net"]);
  });

  test.each([
    { pattern: "*.azureml.ms", id: "api", struck: "2021-06-17" },
    { pattern: "*.notebooks.azure.net", id: "notebooks", struck: "2021-06-17" },
    { pattern: "*.experiments.azureml.net", id: "experiments", struck: "2022-01-13" },
  ])("withdrawn WebSocket claim on $pattern: $id has websocket false and notes the date $struck", ({ pattern, id, struck }) => {
    expect(idOf(seedHost(pattern))).toBe(id);
    expect(entry(id).websocket).toBe(false);
    expect(entry(id).notes.some((note) => note.includes(pattern) && note.includes(struck))).toBe(true);
  });

  test("compute instance hosts keep the WebSocket requirement", () => {
    expect(entry("compute-instance").websocket).toBe(true);
    expect(entry("compute-instance").neededBy).toContain("browser");
  });
});

describe("ports and clients", () => {
  test.each([
    { id: "compute-instance", ports: ["tcp/443", "tcp/8787", "tcp/18881"] },
    { id: "entra-id", ports: ["tcp/80", "tcp/443"] },
    { id: "storage", ports: ["tcp/443", "tcp/445"] },
    { id: "compute-instance-management", ports: ["udp/5831"] },
    { id: "vscode-server", ports: ["tcp/443", "tcp/8704-8710"] },
  ])("$id opens $ports", ({ id, ports }) => {
    expect(entry(id).ports).toEqual(ports);
  });

  test.each(["studio", "entra-id", "sign-in-assets", "arm", "api", "notebooks", "notebook-content", "storage", "graph", "aad-graph", "compute-instance"])(
    "%s is a browser host (the ml.azure.com tab uses it)",
    (id) => {
      expect(entry(id).neededBy).toContain("browser");
      expect(entry(id).legacy).toBe(false);
    },
  );

  test.each(["batch", "compute-instance-management", "mcr", "python-packages", "microsoft-storage", "kubernetes-compute"])(
    "%s is for compute or the SDK, not the browser",
    (id) => {
      expect(entry(id).neededBy).not.toContain("browser");
    },
  );

  test("both spellings of the compute instance domain are covered", () => {
    expect(entry("compute-instance").patterns).toEqual(expect.arrayContaining(["*.instances.azureml.ms", "*.instances.ml.azure.ms"]));
  });
});

describe("clouds", () => {
  const ROLES = ["studio", "entra-id", "arm", "api", "notebooks", "compute-instance", "storage"];
  const cases = (["public", "usgov", "china"] as const).flatMap((cloud) =>
    ROLES.map((role) => ({ cloud, role, id: cloud === "public" ? role : `${role}-${cloud}` })),
  );
  test.each(cases)("$cloud has a $role entry ($id), current, for the browser", ({ cloud, id }) => {
    const e = entry(id);
    expect(e.clouds).toContain(cloud);
    expect(e.legacy).toBe(false);
    expect(e.neededBy).toContain("browser");
  });

  test.each([
    { pattern: "*.aznbcontent.net", id: "notebook-content", clouds: ["public", "usgov", "china"] },
    { pattern: "*.instances.azureml.ms", id: "compute-instance", clouds: ["public", "usgov", "china"] },
    { pattern: "graph.windows.net", id: "aad-graph", clouds: ["public", "usgov"] },
  ])("$pattern is shared: one entry ($id) lists $clouds", ({ pattern, id, clouds }) => {
    expect(CATALOG.entries.filter((e) => e.patterns.includes(pattern)).map((e) => e.id)).toEqual([id]);
    expect(entry(id).clouds).toEqual(clouds);
  });

  test.each(["public", "usgov", "china"] as const)("every %s compute instance entry requires WebSocket", (cloud) => {
    const instances = CATALOG.entries.filter((e) => e.clouds.includes(cloud) && /^compute-instance(-usgov|-china)?$/.test(e.id));
    expect(instances.length).toBeGreaterThan(0);
    for (const e of instances) expect(e.websocket).toBe(true);
  });
});

describe("docs/catalog.md", () => {
  const doc = readFileSync(join(import.meta.dirname, "../../docs/catalog.md"), "utf8");
  test.each(CATALOG.entries.map((e) => e.id))("lists %s in its table of ids", (id) => {
    expect(doc).toMatch(new RegExp(`^\\| \`${id}\` \\|`, "m"));
  });
});
