/**
 * The firewall-product exports, each read back with a small matcher that follows that product's
 * documented rules: every example host of the selected entries is covered (or named as network-rule
 * material when it needs other ports), and nothing broader than the catalog passes.
 */
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli/main.js";
import { CATALOG, portsOfPattern, type CatalogEntry } from "../../src/core/catalog/index.js";
import { selectEntries } from "../../src/core/selection.js";
import { fakeIo } from "./fake-io.js";

async function hosts(args: string[]): Promise<string> {
  const io = fakeIo();
  const code = await main(["hosts", ...args], io);
  expect(io.err).toBe("");
  expect(code).toBe(0);
  return io.out;
}

/** The catalog's own rule: `*.x` is one or more labels before `.x`, never x; anything else is exact. */
function catalogMatches(pattern: string, host: string): boolean {
  return pattern.startsWith("*.") ? host.endsWith(pattern.slice(1)) : host === pattern;
}

// Azure Firewall FAQ: `*` only left-most; `*.x` is any depth below x but not x; `*x` is x and anything ending in x.
function checkAzureFqdn(fqdn: string): void {
  expect(fqdn.indexOf("*"), fqdn).toBeLessThanOrEqual(0);
  expect(fqdn.split("*").length, fqdn).toBeLessThanOrEqual(2);
}
function azureFqdnMatches(fqdn: string, host: string): boolean {
  if (!fqdn.startsWith("*")) return host === fqdn;
  const suffix = fqdn.slice(1);
  return suffix.startsWith(".") ? host.endsWith(suffix) && host.length > suffix.length : host.endsWith(suffix);
}

// PAN-OS URL lists: tokens split by . / ? & = ; +; `*` is one or more whole tokens, `^` exactly one;
// a wildcard fills its token alone; entries not ending in / or * get a / appended; no scheme; 255 characters.
const SEP = "[./?&=;+]";
const TOKEN = "[^./?&=;+]+";
function paloAltoMatcher(entry: string): (url: string) => boolean {
  expect(entry, entry).not.toMatch(/^[a-z]+:\/\//);
  expect(entry.length).toBeLessThanOrEqual(255);
  const full = entry.endsWith("/") || entry.endsWith("*") ? entry : `${entry}/`;
  const parts = full.split(/([./?&=;+])/);
  const regex = parts
    .map((part, i) => {
      if (i % 2 === 1) return `\\${part}`;
      if (part.includes("*") || part.includes("^"))
        expect(part.length, `wildcard alone in its token: ${entry}`).toBe(1);
      if (part === "*") return `${TOKEN}(?:${SEP}${TOKEN})*`;
      if (part === "^") return TOKEN;
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  const compiled = new RegExp(`^${regex}`);
  return (url) => compiled.test(url);
}

// Zscaler URL format: lowercase ASCII, no scheme, no `*`; `.x` is x and subdomains up to five levels; a bare name only itself.
function checkZscalerUrl(url: string): void {
  expect(url, url).toMatch(/^\.?[a-z0-9.-]+$/);
  expect(url.length).toBeLessThanOrEqual(1024);
  for (const label of url.replace(/^\./, "").split(".")) expect(label.length).toBeLessThanOrEqual(63);
  expect(url.replace(/^\./, "").includes("."), `no TLD-only entry: ${url}`).toBe(true);
}
function zscalerMatches(url: string, host: string): boolean {
  if (!url.startsWith(".")) return host === url;
  const base = url.slice(1);
  if (host === base) return true;
  return host.endsWith(url) && host.slice(0, -url.length).split(".").length <= 5;
}

// Windows ProxyOverride: `;`-separated globs where `*` is any run of characters; `.x` is not honoured.
function windowsBypass(rule: string): (host: string) => boolean {
  if (rule.startsWith(".")) return () => false;
  const glob = new RegExp(
    `^${rule
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
    "i",
  );
  return (host) => glob.test(host);
}

// Chromium bypass rules: `.x` means `*.x`; otherwise a hostname glob; `<local>`, CIDR, ports unused here.
function chromeBypass(rule: string): (host: string) => boolean {
  return windowsBypass(rule.startsWith(".") ? `*${rule}` : rule);
}

/** Hosts the exports must reject unless the catalog allows them: every documented example plus near misses of every pattern. */
function probes(): string[] {
  const set = new Set<string>();
  for (const entry of CATALOG.entries) {
    for (const example of entry.examples) set.add(example);
    for (const pattern of entry.patterns) {
      const base = pattern.startsWith("*.") ? pattern.slice(2) : pattern;
      for (const host of [
        base,
        `a.${base}`,
        `a.b.${base}`,
        `evil${base}`,
        `${base}.evil.example`,
        `evil-${base.split(".").slice(1).join(".")}`,
      ])
        set.add(host);
    }
  }
  return [...set].filter((host) => /^[a-z0-9.-]+$/.test(host) && !host.startsWith("."));
}

interface Parsed {
  /** Allowed things, each with the ports (`tcp/80`, `tcp/443`) it is allowed on. */
  allows(host: string): boolean;
  /** The ports the export opens for the host. */
  portsFor(host: string): Set<string>;
  comment: string;
}

function rulesFromTargets(rules: Array<{ protocols: string[]; fqdns: string[] }>, comment: string): Parsed {
  for (const rule of rules) for (const fqdn of rule.fqdns) checkAzureFqdn(fqdn);
  const ports = (host: string) =>
    new Set(rules.filter((r) => r.fqdns.some((f) => azureFqdnMatches(f, host))).flatMap((r) => r.protocols));
  return { allows: (host) => ports(host).size > 0, portsFor: ports, comment };
}

const PROTOCOL_PORT: Record<string, string> = {
  "Http=80": "tcp/80",
  "Https=443": "tcp/443",
  "Http:80": "tcp/80",
  "Https:443": "tcp/443",
};

function commentOf(text: string, marker: RegExp): string {
  return text
    .split("\n")
    .filter((l) => marker.test(l))
    .join("\n");
}

const PARSERS: Record<string, (text: string) => Parsed> = {
  "azure-firewall": (text) => {
    const rules = [...text.matchAll(/--protocols ([^\\\n]+?) \\\n\s+--target-fqdns ([^\n]+)/g)].map((m) => ({
      protocols: m[1]!
        .trim()
        .split(" ")
        .map((p) => PROTOCOL_PORT[p]!),
      fqdns: [...m[2]!.matchAll(/"([^"]+)"/g)].map((q) => q[1]!),
    }));
    return rulesFromTargets(rules, commentOf(text, /^#/));
  },
  bicep: (text) => {
    const blocks = text.split("ruleType: 'ApplicationRule'").slice(1);
    const rules = blocks.map((block) => ({
      protocols: [...block.matchAll(/protocolType: '(\w+)'\s+port: (\d+)/g)].map(
        (m) => PROTOCOL_PORT[`${m[1]}=${m[2]}`]!,
      ),
      fqdns: [...(block.split("targetFqdns: [")[1] ?? "").split("]")[0]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!),
    }));
    return rulesFromTargets(rules, commentOf(text, /^\/\//));
  },
  terraform: (text) => {
    const blocks = text.split(/\n\s+rule \{/).slice(1);
    const rules = blocks.map((block) => ({
      protocols: [...block.matchAll(/type = "(\w+)"\s+port = (\d+)/g)].map((m) => PROTOCOL_PORT[`${m[1]}=${m[2]}`]!),
      fqdns: [...(block.split("destination_fqdns = [")[1] ?? "").split("]")[0]!.matchAll(/"([^"]+)"/g)].map(
        (m) => m[1]!,
      ),
    }));
    return rulesFromTargets(rules, commentOf(text, /^#/));
  },
  paloalto: (text) => {
    const entries = text
      .split("\n")
      .filter((l) => l !== "" && !l.startsWith("#"))
      .map(paloAltoMatcher);
    const allows = (host: string) =>
      entries.some((e) => e(`${host}/`)) && entries.some((e) => e(`${host}/some/path?x=1`));
    // URL filtering sees web traffic only.
    return {
      allows,
      portsFor: (host) => new Set(allows(host) ? ["tcp/80", "tcp/443"] : []),
      comment: commentOf(text, /^#/),
    };
  },
  zscaler: (text) => {
    const urls = text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
    urls.forEach(checkZscalerUrl);
    const allows = (host: string) => urls.some((u) => zscalerMatches(u, host));
    return {
      allows,
      portsFor: (host) => new Set(allows(host) ? ["tcp/80", "tcp/443"] : []),
      comment: commentOf(text, /^#/),
    };
  },
  "proxy-bypass": (text) => {
    const lines = text.trimEnd().split("\n");
    const list = lines.at(-1)!;
    expect(list.startsWith("#")).toBe(false);
    const rules = list.split(";");
    for (const rule of rules)
      expect(rule, "a form both Windows and Chrome read the same way").toMatch(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    const windowsRules = rules.map(windowsBypass);
    const chromeRules = rules.map(chromeBypass);
    const windows = (host: string) => windowsRules.some((r) => r(host));
    const chrome = (host: string) => chromeRules.some((r) => r(host));
    return {
      allows: (host) => {
        const answer = windows(host);
        if (answer !== chrome(host)) throw new Error(`Windows and Chrome disagree on ${host}`);
        return answer;
      },
      portsFor: (host) => new Set(windows(host) ? ["tcp/80", "tcp/443"] : []),
      comment: commentOf(text, /^#/),
    };
  },
};

const SELECTIONS = [
  { args: [], selection: { cloud: "public" as const } },
  { args: ["--include-compute"], selection: { cloud: "public" as const, includeCompute: true } },
  { args: ["--cloud", "usgov", "--include-compute"], selection: { cloud: "usgov" as const, includeCompute: true } },
  { args: ["--cloud", "china"], selection: { cloud: "china" as const } },
  { args: ["--cloud", "all", "--include-compute"], selection: { cloud: "all" as const, includeCompute: true } },
  { args: ["--entries", "windows-net,storage"], selection: { entries: ["windows-net", "storage"] } },
];

const WEB = new Set(["tcp/80", "tcp/443"]);

function selected(selection: (typeof SELECTIONS)[number]["selection"]): CatalogEntry[] {
  const result = selectEntries(CATALOG, selection);
  if (!result.ok) throw new Error(result.error);
  return result.entries;
}

const CASES = Object.keys(PARSERS).flatMap((format) =>
  SELECTIONS.map(({ args, selection }) => ({ format, args, selection, title: args.join(" ") || "(default)" })),
);

describe("firewall-product exports", () => {
  const allProbes = probes();

  test.each(CASES)("$format $title covers every example host of the selection", async ({ format, args, selection }) => {
    const parsed = PARSERS[format]!(await hosts(["--format", format, ...args]));
    let checked = 0;
    for (const entry of selected(selection)) {
      for (const example of entry.examples) {
        const own = entry.patterns.filter((p) => catalogMatches(p, example));
        if (entry.catchAll || own.length === 0) continue;
        const web = own.some((p) => portsOfPattern(entry, p).some((port) => WEB.has(port)));
        if (web) expect(parsed.allows(example), `${format} allows ${example}`).toBe(true);
        // Ports an application rule cannot carry are named, never dropped silently.
        for (const p of own) {
          for (const port of portsOfPattern(entry, p).filter((port) => !WEB.has(port))) {
            expect(
              parsed.comment.split("\n").some((line) => line.includes(` ${p}  `) && line.includes(port)),
              `${p} ${port} named`,
            ).toBe(true);
          }
        }
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  test.each(CASES)(
    "$format $title allows nothing broader than the catalog, on no port it does not list",
    async ({ format, args, selection }) => {
      const parsed = PARSERS[format]!(await hosts(["--format", format, ...args]));
      const entries = selected(selection);
      const patterns = entries
        .flatMap((entry) =>
          entry.patterns.map((pattern) => ({
            pattern,
            ports: portsOfPattern(entry, pattern).filter((p) => WEB.has(p)),
          })),
        )
        .filter((p) => p.ports.length > 0);
      // Zscaler has no subdomain-only form: `.x` admits the apex x of a catalog `*.x` (its header says so).
      const forcedApex = new Set(
        format === "zscaler" ? patterns.filter((p) => p.pattern.startsWith("*.")).map((p) => p.pattern.slice(2)) : [],
      );
      for (const host of allProbes) {
        const allowedPorts = new Set(patterns.filter((p) => catalogMatches(p.pattern, host)).flatMap((p) => p.ports));
        if (!parsed.allows(host)) continue;
        if (forcedApex.has(host) && allowedPorts.size === 0) continue;
        expect(allowedPorts.size, `${format} allows ${host}, which no selected web pattern covers`).toBeGreaterThan(0);
        // URL lists and bypass lists carry no ports; the rule-based exports must open only listed ones.
        if (format === "azure-firewall" || format === "bicep" || format === "terraform") {
          for (const port of parsed.portsFor(host))
            expect(allowedPorts.has(port), `${format} opens ${port} on ${host}`).toBe(true);
        }
      }
    },
  );

  test("azure-firewall opens login.microsoftonline.com on Http=80 and Https=443 but blob storage only on 443, and names 445 for file shares", async () => {
    const text = await hosts(["--format", "azure-firewall", "--include-compute"]);
    const parsed = PARSERS["azure-firewall"]!(text);
    expect([...parsed.portsFor("login.microsoftonline.com")].sort()).toEqual(["tcp/443", "tcp/80"]);
    expect([...parsed.portsFor("mystorage.blob.core.windows.net")]).toEqual(["tcp/443"]);
    expect([...parsed.portsFor("mystorage.file.core.windows.net")]).toEqual(["tcp/443"]);
    expect(parsed.comment).toMatch(/\*\.file\.core\.windows\.net {2}tcp\/445/);
    expect(parsed.comment).toMatch(/\*\.tundra\.azureml\.ms {2}udp\/5831/);
    // *.azureml.ms opens 443 on the tundra hosts; their own udp/5831 stays network-rule material.
    expect([...parsed.portsFor("westeurope.tundra.azureml.ms")]).toEqual(["tcp/443"]);
  });

  test("azure-firewall keeps resource names in variables at the top and creates the collection before adding rules", async () => {
    const text = await hosts(["--format", "azure-firewall"]);
    const lines = text.split("\n");
    const firstAz = lines.findIndex((l) => l.startsWith("az "));
    for (const name of [
      "RESOURCE_GROUP=",
      "POLICY_NAME=",
      "RULE_COLLECTION_GROUP=",
      "COLLECTION_NAME=",
      "SOURCE_ADDRESSES=",
    ]) {
      const at = lines.findIndex((l) => l.startsWith(name));
      expect(at, name).toBeGreaterThan(0);
      expect(at).toBeLessThan(firstAz);
    }
    const order = lines.filter((l) => l.startsWith("az ")).map((l) => l.split(" -g")[0]);
    expect(order[0]).toBe("az network firewall policy rule-collection-group create");
    expect(order[1]).toBe("az network firewall policy rule-collection-group collection add-filter-collection");
    expect(
      order.slice(2).every((c) => c === "az network firewall policy rule-collection-group collection rule add"),
    ).toBe(true);
  });

  test.each(Object.keys(PARSERS))(
    "%s starts with a header naming the catalog version, cloud and selection, in en and ja",
    async (format) => {
      const en = await hosts(["--format", format, "--cloud", "usgov", "--include-compute"]);
      const head = en.split("\n").slice(0, 6).join("\n");
      expect(head).toContain(CATALOG.version);
      expect(head).toContain("Cloud: usgov");
      expect(head).toContain("--cloud usgov --include-compute");
      const ja = await hosts(["--format", format, "--lang", "ja"]);
      expect(ja).toMatch(/クラウド: public/);
    },
  );

  test("bicep and terraform name the documented resource types", async () => {
    expect(await hosts(["--format", "bicep"])).toContain("'Microsoft.Network/firewallPolicies/ruleCollectionGroups@");
    expect(await hosts(["--format", "terraform"])).toContain(
      'resource "azurerm_firewall_policy_rule_collection_group"',
    );
  });

  test("paloalto is a URL list: no scheme, a trailing slash, and the apex listed beside *.x where the catalog has both", async () => {
    const lines = (await hosts(["--format", "paloalto", "--include-compute"]))
      .split("\n")
      .filter((l) => l && !l.startsWith("#"));
    expect(lines).toContain("ml.azure.com/");
    expect(lines).toContain("*.azureml.ms/");
    expect(lines).not.toContain("azureml.ms/");
    expect(lines).toEqual(expect.arrayContaining(["models.ai.azure.com/", "*.models.ai.azure.com/"]));
  });

  test("zscaler uses the leading dot, never *, and drops a name its own .name already covers", async () => {
    const lines = (await hosts(["--format", "zscaler", "--include-compute"]))
      .split("\n")
      .filter((l) => l && !l.startsWith("#"));
    expect(lines).toContain(".azureml.ms");
    expect(lines).toContain(".models.ai.azure.com");
    expect(lines).not.toContain("models.ai.azure.com");
    expect(lines.some((l) => l.includes("*"))).toBe(false);
  });

  test("proxy-bypass is one ;-separated line after the comments", async () => {
    const text = await hosts(["--format", "proxy-bypass"]);
    const list = text.trimEnd().split("\n").at(-1)!;
    expect(list.split(";")).toEqual(expect.arrayContaining(["ml.azure.com", "*.azureml.ms"]));
  });
});
