import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  CATALOG,
  portsOfPattern,
  validateCatalog,
  type Catalog,
  type CatalogEntry,
} from "../../src/core/catalog/index.js";
import { matchHost, patternCovers } from "../../src/core/matcher.js";

// The 2020 jpmlblog allow-list (test/fixtures/seeds/), kept in the repo so the test runs from any clone.
const SEEDS = join(import.meta.dirname, "../fixtures/seeds");
const byId = new Map(CATALOG.entries.map((entry) => [entry.id, entry]));
const entry = (id: string): CatalogEntry => {
  const found = byId.get(id);
  if (!found) throw new Error(`no entry ${id}`);
  return found;
};
/** The entry as if it had no `optional` text (an absent property, not an undefined one). */
const withoutOptional = ({ optional: _, ...rest }: CatalogEntry): CatalogEntry => rest;
/** The entry with its name taken away, as a hand-edited catalog might have it. */
const withoutName = ({ name: _, ...rest }: CatalogEntry): CatalogEntry => rest as CatalogEntry;
const idOf = (host: string) => matchHost(host, CATALOG)?.id;

const examples = CATALOG.entries
  .filter((e) => !e.catchAll)
  .flatMap((e) => e.examples.map((host) => ({ host, id: e.id })));

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

  test("docs/catalog.md names the catalog version", () => {
    expect(CATALOG.version).toBe("2026-12-01");
    expect(readFileSync(join(import.meta.dirname, "../../docs/catalog.md"), "utf8")).toContain(
      `\`CATALOG.version\` is ${CATALOG.version}`,
    );
  });
});

/** The validator is the one rule book: each rule is proven here by breaking it on a sound entry. */
describe("validateCatalog reports each broken rule", () => {
  const base = entry("studio");
  const storage = entry("storage");
  const withEntries = (...entries: CatalogEntry[]): Catalog => ({ version: CATALOG.version, entries });
  const withVersion = (version: string, ...entries: CatalogEntry[]): Catalog => ({ version, entries });

  test("the unbroken entries used below are sound on their own", () => {
    expect(validateCatalog(withEntries(base))).toEqual([]);
    expect(validateCatalog(withEntries(storage))).toEqual([]);
  });

  test("twins in different clouds may share a name; one cloud's list keeps them apart", () => {
    const twin = {
      ...base,
      id: "studio-usgov",
      patterns: ["ml.azure.us"],
      examples: ["ml.azure.us"],
      clouds: ["usgov" as const],
    };
    expect(validateCatalog(withEntries(base, twin))).toEqual([]);
    expect(validateCatalog(withEntries(base, { ...twin, clouds: ["public", "usgov"] }))).toEqual([
      `studio-usgov: name (en) "${base.name.en}" is already studio's in cloud public`,
      `studio-usgov: name (ja) "${base.name.ja}" is already studio's in cloud public`,
    ]);
  });

  test.each([
    {
      rule: "the version is a calendar date",
      catalog: withVersion("2026-13-01", base),
      problem: 'catalog version "2026-13-01" is not YYYY-MM-DD',
    },
    { rule: "ids are kebab-case", catalog: withEntries({ ...base, id: "Studio_UI" }), problem: "id is not kebab-case" },
    {
      rule: "ids have no trailing hyphen",
      catalog: withEntries({ ...base, id: "studio-" }),
      problem: "id is not kebab-case",
    },
    {
      rule: "ids are unique",
      catalog: withEntries(base, { ...base, patterns: ["ml.azure.us"], examples: ["ml.azure.us"] }),
      problem: "id is used twice",
    },
    {
      rule: "an entry has patterns",
      catalog: withEntries({ ...base, patterns: [], examples: [] }),
      problem: "has no patterns",
    },
    {
      rule: "patterns are lowercase",
      catalog: withEntries({ ...base, patterns: ["ML.azure.com"] }),
      problem: "is not lowercase",
    },
    {
      rule: "a wildcard needs a suffix of two labels",
      catalog: withEntries({ ...base, patterns: ["*.com"] }),
      problem: "is neither a host nor *.suffix",
    },
    {
      rule: "a wildcard is whole labels",
      catalog: withEntries({ ...base, patterns: ["*ml.azure.com"] }),
      problem: "is neither a host nor *.suffix",
    },
    {
      rule: "a wildcard only in front",
      catalog: withEntries({ ...base, patterns: ["*.tundra.*.api.azureml.ms"] }),
      problem: "is neither a host nor *.suffix",
    },
    {
      rule: "labels do not start with a hyphen",
      catalog: withEntries({ ...base, patterns: ["-ml.azure.com"] }),
      problem: "is neither a host nor *.suffix",
    },
    {
      rule: "labels are at most 63 characters",
      catalog: withEntries({ ...base, patterns: [`${"a".repeat(64)}.azure.com`] }),
      problem: "is neither a host nor *.suffix",
    },
    {
      rule: "private DNS zones are notes",
      catalog: withEntries({
        ...base,
        patterns: ["*.privatelink.api.azureml.ms"],
        examples: ["x.privatelink.api.azureml.ms"],
      }),
      problem: "private DNS zone",
    },
    {
      rule: "a pattern appears once in an entry",
      catalog: withEntries({ ...base, patterns: ["ml.azure.com", "ml.azure.com"] }),
      problem: "repeats a pattern",
    },
    {
      rule: "a pattern appears in one entry",
      catalog: withEntries(base, { ...base, id: "studio-copy", examples: ["ml.azure.com"] }),
      problem: "pattern ml.azure.com is already in studio",
    },
    { rule: "an entry lists a cloud", catalog: withEntries({ ...base, clouds: [] }), problem: "lists no cloud" },
    {
      rule: "clouds are known",
      catalog: withEntries({ ...base, clouds: ["mars" as never] }),
      problem: "unknown cloud",
    },
    {
      rule: "clouds are not repeated",
      catalog: withEntries({ ...base, clouds: ["public", "public"] }),
      problem: "repeats a cloud",
    },
    { rule: "neededBy is not empty", catalog: withEntries({ ...base, neededBy: [] }), problem: "neededBy is empty" },
    {
      rule: "clients are known",
      catalog: withEntries({ ...base, neededBy: ["phone" as never] }),
      problem: "unknown client",
    },
    { rule: "an entry has a name", catalog: withEntries(withoutName(base)), problem: "has no name" },
    {
      rule: "a name has English",
      catalog: withEntries({ ...base, name: { en: " ", ja: "スタジオ" } }),
      problem: "name needs English",
    },
    {
      rule: "a name has Japanese",
      catalog: withEntries({ ...base, name: { en: "Studio", ja: "" } }),
      problem: "name needs Japanese",
    },
    {
      rule: "a name is a label, not a sentence (en)",
      catalog: withEntries({ ...base, name: { en: "Studio.", ja: "スタジオ" } }),
      problem: 'name (en) "Studio." ends with punctuation',
    },
    {
      rule: "a name is a label, not a sentence (ja)",
      catalog: withEntries({ ...base, name: { en: "Studio", ja: "スタジオ本体。" } }),
      problem: "ends with punctuation",
    },
    {
      rule: "a name is not cut at a colon",
      catalog: withEntries({ ...base, name: { en: "Studio:", ja: "スタジオ：" } }),
      problem: "ends with punctuation",
    },
    {
      rule: "a name has no stray spaces",
      catalog: withEntries({ ...base, name: { en: "Studio ", ja: "スタジオ" } }),
      problem: "has stray spaces",
    },
    {
      rule: "a name is short (the purpose says the rest)",
      catalog: withEntries({ ...base, name: { en: base.purpose.en, ja: "スタジオ" } }),
      problem: "is longer than 48 characters",
    },
    {
      rule: "names are unique within a cloud",
      catalog: withEntries(base, { ...storage, name: { en: base.name.en, ja: "ストレージ" } }),
      problem: `storage: name (en) "${base.name.en}" is already studio's in cloud public`,
    },
    {
      rule: "names are unique within a cloud, whatever the case",
      catalog: withEntries(base, { ...storage, name: { en: "Storage", ja: base.name.ja.toUpperCase() } }),
      problem: "is already studio's in cloud public",
    },
    {
      rule: "purpose in both languages",
      catalog: withEntries({ ...base, purpose: { en: "Studio", ja: " " } }),
      problem: "purpose needs English and Japanese",
    },
    {
      rule: "the Japanese is Japanese",
      catalog: withEntries({ ...base, purpose: { en: "Studio", ja: "Studio" } }),
      problem: "purpose needs English and Japanese",
    },
    {
      rule: "breaks in both languages",
      catalog: withEntries({ ...base, breaks: { en: "", ja: "動きません" } }),
      problem: "breaks needs English and Japanese",
    },
    {
      rule: "required XOR optional",
      catalog: withEntries({ ...base, optional: { en: "x", ja: "場合のみ" } }),
      problem: "also has an optional condition",
    },
    {
      rule: "optional needs a condition",
      catalog: withEntries({ ...base, required: false }),
      problem: "optional needs English and Japanese",
    },
    { rule: "an entry has ports", catalog: withEntries({ ...base, ports: [] }), problem: "lists no ports" },
    { rule: "ports grammar", catalog: withEntries({ ...base, ports: ["443"] }), problem: 'port "443"' },
    {
      rule: "ports are 1-65535",
      catalog: withEntries({ ...base, ports: ["tcp/99999"] }),
      problem: "is outside 1-65535",
    },
    { rule: "port 0 is no port", catalog: withEntries({ ...base, ports: ["tcp/0"] }), problem: "is outside 1-65535" },
    {
      rule: "port ranges ascend",
      catalog: withEntries({ ...base, ports: ["tcp/8710-8704"] }),
      problem: "not an ascending range",
    },
    {
      rule: "a port is listed once",
      catalog: withEntries({ ...base, ports: ["tcp/443", "tcp/443"] }),
      problem: "repeats a port",
    },
    {
      rule: "patternPorts names the entry's own patterns",
      catalog: withEntries({ ...storage, patternPorts: { "*.file.core.usgovcloudapi.net": ["tcp/445"] } }),
      problem: 'patternPorts names "*.file.core.usgovcloudapi.net", which is not one of its patterns',
    },
    {
      rule: "patternPorts gives ports",
      catalog: withEntries({ ...storage, patternPorts: { "*.file.core.windows.net": [] } }),
      problem: "patternPorts gives *.file.core.windows.net no ports",
    },
    {
      rule: "patternPorts ports follow the grammar",
      catalog: withEntries({ ...storage, patternPorts: { "*.file.core.windows.net": ["smb/445"] } }),
      problem: '*.file.core.windows.net: port "smb/445"',
    },
    {
      rule: "patternPorts differs from the entry's ports",
      catalog: withEntries({ ...storage, patternPorts: { "*.file.core.windows.net": ["tcp/443"] } }),
      problem: "patternPorts repeats the entry's ports for *.file.core.windows.net",
    },
    { rule: "a source is required", catalog: withEntries({ ...base, sources: [] }), problem: "has no source" },
    {
      rule: "source URLs are https",
      catalog: withEntries({ ...base, sources: [{ url: "http://example.com/", date: "2026-01-01" }] }),
      problem: "is not an https URL",
    },
    {
      rule: "source dates are calendar dates",
      catalog: withEntries({ ...base, sources: [{ url: "https://example.com/", date: "2026-02-30" }] }),
      problem: "is not YYYY-MM-DD",
    },
    {
      rule: "no source is newer than the version",
      catalog: withEntries({ ...base, sources: [{ url: "https://example.com/", date: "2099-01-01" }] }),
      problem: "newer than the catalog version",
    },
    { rule: "an example is required", catalog: withEntries({ ...base, examples: [] }), problem: "has no example host" },
    {
      rule: "examples are normalized host names",
      catalog: withEntries({ ...base, examples: ["ML.azure.com"] }),
      problem: "is not a normalized host name",
    },
    {
      rule: "examples map to their own entry",
      catalog: withEntries({ ...base, examples: ["ml.azure.us"] }),
      problem: "maps to nothing",
    },
    { rule: "notes are not empty", catalog: withEntries({ ...base, notes: [" "] }), problem: "has an empty note" },
    {
      rule: "a catch-all is legacy",
      catalog: withEntries({ ...withoutOptional(entry("windows-net")), legacy: false, required: true }),
      problem: "is a catch-all but not legacy",
    },
    {
      rule: "a catch-all's examples are covered by its pattern",
      catalog: withEntries({ ...entry("windows-net"), examples: ["ml.azure.com"] }),
      problem: "example ml.azure.com is not covered by its patterns",
    },
  ])("$rule", ({ catalog, problem }) => {
    const problems = validateCatalog(catalog);
    expect(
      problems.some((p) => p.includes(problem)),
      problems.join("\n"),
    ).toBe(true);
  });
});

describe("the legacy catch-all *.windows.net claims no host", () => {
  test.each([
    "login.windows.net",
    "mysearch.search.windows.net",
    "mystorage.web.core.windows.net",
    "mydb.database.windows.net",
    "myns.servicebus.windows.net",
  ])("%s is outside the catalog, not a 2020 storage row", (host) => {
    expect(idOf(host)).toBeUndefined();
  });

  test("its pattern is still the seed's rule, so --entries windows-net gives the 2020 allow-list line", () => {
    expect(entry("windows-net").patterns).toEqual(["*.windows.net"]);
    expect(entry("windows-net").legacy).toBe(true);
  });
});

/** The 2020 Japanese allow-list: its table rows (host, purpose) and its WebSocket list. */
function readSeed(dir: string): { rows: { pattern: string; purpose: string }[]; websocket: string[] } {
  const text = seedTexts(dir).join("\n");
  const rows = text
    .split("\n")
    .filter((line) => /^\s*>\|/.test(line))
    .map((line) => line.replace(/^\s*>\|/, "").split("|"))
    .map(([pattern = "", purpose = ""]) => ({
      pattern: pattern.replace(/\\([<>])/g, "$1").trim(),
      purpose: purpose.trim(),
    }))
    .filter((row) => !row.pattern.startsWith(":") && !row.pattern.startsWith("ホスト名"));
  const wsSection = text.slice(text.indexOf("## WebSocket"), text.indexOf("## IP"));
  const websocket = wsSection
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /^\*\.[a-z0-9.-]+$/.test(line));
  return { rows, websocket };
}

function seedTexts(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".txt"))
    .sort()
    .map((name) => readFileSync(join(dir, name), "utf8"));
}

/** The shared seeds folder (`shared/seeds` beside the checkout or an ancestor of it), when this clone has one. */
function sharedSeedsDir(): string | undefined {
  for (let dir = join(import.meta.dirname, "../.."); ; dir = dirname(dir)) {
    const candidate = join(dir, "shared", "seeds");
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

const SEED = readSeed(SEEDS);
const SHARED_SEEDS = sharedSeedsDir();
const BARE_DOMAINS = new Set(["windows.net", "vault.azure.net", "azurecr.io"]);

/** A concrete host for a seed row: a bare domain or wildcard gets a label in front; the ACR placeholder a name. */
function seedHost(pattern: string): string {
  if (pattern.startsWith("<your-acr-server-name>.")) return pattern.replace("<your-acr-server-name>", "myregistry");
  if (pattern.startsWith("*.")) return `seedhost.${pattern.slice(2)}`;
  return BARE_DOMAINS.has(pattern) ? `seedhost.${pattern}` : pattern;
}

/** The seed row as a catalog pattern (a bare domain meant hosts under it), or undefined for the placeholder row. */
function seedPattern(pattern: string): string | undefined {
  if (pattern.includes("<")) return undefined;
  return BARE_DOMAINS.has(pattern) ? `*.${pattern}` : pattern;
}

/** The entry a seed row maps to: the one owning its pattern, or for the placeholder row the one owning a host of it. */
function seedOwner(pattern: string): string | undefined {
  const asPattern = seedPattern(pattern);
  if (asPattern === undefined) return idOf(seedHost(pattern));
  return CATALOG.entries.find((e) => e.patterns.includes(asPattern))?.id;
}

const SEED_STATUS = [
  { pattern: "login.microsoftonline.com", id: "entra-id", required: true, legacy: false },
  { pattern: "management.azure.com", id: "arm", required: true, legacy: false },
  { pattern: "*.batchai.core.windows.net", id: "batchai", required: false, legacy: true },
  { pattern: "ml.azure.com", id: "studio", required: true, legacy: false },
  { pattern: "default.exp-tas.com", id: "vscode-web", required: false, legacy: false },
  { pattern: "*.azureml.ms", id: "api", required: true, legacy: false },
  { pattern: "*.experiments.azureml.net", id: "experiments", required: true, legacy: false },
  { pattern: "*.modelmanagement.azureml.net", id: "model-management", required: true, legacy: false },
  { pattern: "mlworkspace.azure.ai", id: "mlworkspace-portal", required: false, legacy: true },
  { pattern: "*.aether.ms", id: "aether", required: false, legacy: true },
  { pattern: "*.instances.azureml.net", id: "compute-instance", required: true, legacy: false },
  { pattern: "*.instances.azureml.ms", id: "compute-instance", required: true, legacy: false },
  { pattern: "windows.net", id: "windows-net", required: false, legacy: true },
  { pattern: "vault.azure.net", id: "key-vault", required: false, legacy: false },
  // FW26: ACR "is also required by the internal training job submission process" (audit A5).
  { pattern: "azurecr.io", id: "container-registry", required: true, legacy: false },
  { pattern: "mcr.microsoft.com", id: "mcr", required: true, legacy: false },
  { pattern: "<your-acr-server-name>.azurecr.io", id: "container-registry", required: true, legacy: false },
  { pattern: "*.notebooks.azure.net", id: "notebooks", required: true, legacy: false },
  { pattern: "graph.windows.net", id: "aad-graph", required: true, legacy: false },
];

describe("the 2020 seed list", () => {
  test("the copy in test/fixtures/seeds is the shared seed, byte for byte (where this clone has the shared folder)", (context) => {
    if (SHARED_SEEDS === undefined) {
      context.skip("no shared/seeds folder beside this clone; the in-repo copy is used alone");
      return;
    }
    expect(seedTexts(SEEDS)).toEqual(seedTexts(SHARED_SEEDS));
  });

  test("has the 19 rows this table expects, in order", () => {
    expect(SEED.rows.map((row) => row.pattern)).toEqual(SEED_STATUS.map((row) => row.pattern));
  });

  test.each(SEED_STATUS)(
    "seed row $pattern maps to $id (required: $required, legacy: $legacy)",
    ({ pattern, id, required, legacy }) => {
      expect(seedOwner(pattern)).toBe(id);
      expect(entry(id).required).toBe(required);
      expect(entry(id).legacy).toBe(legacy);
      // A host under the row maps to the same entry, except under the catch-all, which claims no host.
      expect(idOf(seedHost(pattern))).toBe(entry(id).catchAll ? undefined : id);
    },
  );

  test.each(SEED.rows)(
    "seed row $pattern survives as a pattern and its notes quote the seed's wording",
    ({ pattern, purpose }) => {
      const owner = entry(seedOwner(pattern) ?? "");
      const asPattern = seedPattern(pattern);
      if (asPattern !== undefined) expect(owner.patterns).toContain(asPattern);
      const firstSentence = purpose.split("。")[0] ?? purpose;
      expect(owner.notes.some((note) => note.includes("Seed 2020") && note.includes(firstSentence))).toBe(true);
    },
  );

  test("the WebSocket list has the four hosts of 2020-10-10", () => {
    expect(SEED.websocket).toEqual([
      "*.azureml.ms",
      "*.notebooks.azure.net",
      "*.instances.azureml.net",
      "*.experiments.azureml.net",
    ]);
  });

  test.each([
    { pattern: "*.azureml.ms", id: "api", struck: "2021-06-17" },
    { pattern: "*.notebooks.azure.net", id: "notebooks", struck: "2021-06-17" },
    { pattern: "*.experiments.azureml.net", id: "experiments", struck: "2022-01-13" },
  ])(
    "withdrawn WebSocket claim on $pattern: $id has websocket false and notes the date $struck",
    ({ pattern, id, struck }) => {
      expect(idOf(seedHost(pattern))).toBe(id);
      expect(entry(id).websocket).toBe(false);
      expect(entry(id).notes.some((note) => note.includes(pattern) && note.includes(struck))).toBe(true);
    },
  );

  test("compute instance hosts keep the WebSocket requirement", () => {
    expect(entry("compute-instance").websocket).toBe(true);
    expect(entry("compute-instance").neededBy).toContain("browser");
  });
});

describe("ports and clients", () => {
  test.each([
    {
      id: "compute-instance",
      pattern: "*.instances.azureml.ms",
      ports: ["tcp/443", "tcp/8704-8710", "tcp/8787", "tcp/18881"],
    },
    { id: "compute-instance", pattern: "*.instances.ml.azure.ms", ports: ["tcp/443", "tcp/8704-8710"] },
    { id: "compute-instance", pattern: "*.instances.azureml.net", ports: ["tcp/443"] },
    { id: "compute-instance-usgov", pattern: "*.instances.azureml.us", ports: ["tcp/443"] },
    { id: "entra-id", pattern: "login.microsoftonline.com", ports: ["tcp/80", "tcp/443"] },
    { id: "entra-id-china", pattern: "login.partner.microsoftonline.cn", ports: ["tcp/80", "tcp/443"] },
    { id: "storage", pattern: "*.file.core.windows.net", ports: ["tcp/443", "tcp/445"] },
    { id: "storage", pattern: "*.blob.core.windows.net", ports: ["tcp/443"] },
    { id: "storage", pattern: "*.dfs.core.windows.net", ports: ["tcp/443"] },
    { id: "storage-usgov", pattern: "*.file.core.usgovcloudapi.net", ports: ["tcp/443", "tcp/445"] },
    { id: "storage-china", pattern: "*.blob.core.chinacloudapi.cn", ports: ["tcp/443"] },
    { id: "compute-instance-management", pattern: "*.tundra.azureml.ms", ports: ["udp/5831"] },
    { id: "vscode-server", pattern: "update.code.visualstudio.com", ports: ["tcp/443"] },
    { id: "kubernetes-compute", pattern: "*.kusto.windows.net", ports: ["tcp/443"] },
    { id: "kubernetes-compute", pattern: "archive.ubuntu.com", ports: ["tcp/80"] },
    { id: "tls-certificates", pattern: "ocsp.digicert.cn", ports: ["tcp/80"] },
  ])("$pattern ($id) opens $ports", ({ id, pattern, ports }) => {
    expect(entry(id).patterns).toContain(pattern);
    expect(portsOfPattern(entry(id), pattern)).toEqual(ports);
  });

  test("the VS Code server ports are the compute instance's, never a download host's", () => {
    const withVsCodePorts = CATALOG.entries.flatMap((e) =>
      e.patterns.filter((p) => portsOfPattern(e, p).includes("tcp/8704-8710")),
    );
    expect(withVsCodePorts).toEqual(["*.instances.azureml.ms", "*.instances.ml.azure.ms"]);
    expect(entry("compute-instance").neededBy).toContain("sdk");
  });

  test("SMB 445 is only ever on a file share host", () => {
    const with445 = CATALOG.entries.flatMap((e) => e.patterns.filter((p) => portsOfPattern(e, p).includes("tcp/445")));
    expect(with445.length).toBe(3);
    for (const pattern of with445) expect(pattern).toMatch(/^\*\.file\.core\./);
  });

  test.each([
    "studio",
    "entra-id",
    "sign-in-assets",
    "arm",
    "api",
    "notebooks",
    "notebook-content",
    "storage",
    "graph",
    "aad-graph",
    "compute-instance",
  ])("%s is a browser host (the ml.azure.com tab uses it)", (id) => {
    expect(entry(id).neededBy).toContain("browser");
    expect(entry(id).legacy).toBe(false);
  });

  test.each([
    "batch",
    "compute-instance-management",
    "mcr",
    "python-packages",
    "microsoft-storage",
    "kubernetes-compute",
  ])("%s is for compute or the SDK, not the browser", (id) => {
    expect(entry(id).neededBy).not.toContain("browser");
  });

  test("both spellings of the compute instance domain are covered", () => {
    expect(entry("compute-instance").patterns).toEqual(
      expect.arrayContaining(["*.instances.azureml.ms", "*.instances.ml.azure.ms"]),
    );
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
    const instances = CATALOG.entries.filter(
      (e) => e.clouds.includes(cloud) && /^compute-instance(-usgov|-china)?$/.test(e.id),
    );
    expect(instances.length).toBeGreaterThan(0);
    for (const e of instances) expect(e.websocket).toBe(true);
  });
});

/** The row docs/catalog.md gives an entry: the code is the truth, the doc must say the same. */
function docRow(e: CatalogEntry): string {
  const status = e.legacy ? (e.catchAll ? "legacy, catch-all" : "legacy") : e.required ? "required" : "optional";
  const ports = [
    e.ports.join(", "),
    ...Object.entries(e.patternPorts ?? {}).map(([pattern, list]) => `\`${pattern}\`: ${list.join(", ")}`),
  ].join("; ");
  const patterns = e.patterns.map((pattern) => `\`${pattern}\``).join(" ");
  return `| \`${e.id}\` | ${e.name.en} | ${e.clouds.join(", ")} | ${e.neededBy.join(", ")} | ${status} | ${e.websocket ? "yes" : ""} | ${ports} | ${patterns} |`;
}

describe("docs/catalog.md", () => {
  const doc = readFileSync(join(import.meta.dirname, "../../docs/catalog.md"), "utf8");
  const tableRows = doc.split("\n").filter((line) => /^\| `[a-z0-9-]+` \|/.test(line));
  test.each(CATALOG.entries)(
    "its table row for $id says what the code says (name, clouds, clients, status, WebSocket, ports, patterns)",
    (e) => {
      expect(tableRows).toContain(docRow(e));
    },
  );

  test("its table has one row per entry, in catalog order", () => {
    expect(tableRows).toEqual(CATALOG.entries.map(docRow));
  });
});

test("Japanese texts put a space between kana and a Latin word (Azure Government の Microsoft Entra ID)", () => {
  for (const entry of CATALOG.entries) {
    for (const text of [entry.name.ja, entry.purpose.ja, entry.breaks.ja, entry.optional?.ja ?? ""]) {
      expect(text, entry.id).not.toMatch(/[\u3040-\u30ff][A-Za-z]/);
    }
  }
});
