/**
 * FindProxyForURL speed of the generated PAC against a naive PAC of the same patterns written as
 * a chain of shExpMatch calls (with a shExpMatch that builds its RegExp per call, as PAC engines
 * do), and against an empty function; plus matchHost from a URL string. All in one process, side by side.
 */
import { CATALOG } from "../../src/core/catalog/index.js";
import { matchUrl } from "../../src/core/matcher.js";
import { renderPac } from "../../src/core/pac.js";
import { selectEntries } from "../../src/core/selection.js";
import { measureRate, type BenchResult } from "./types.js";

/** shExpMatch as pac-resolver and most engines implement it: a fresh RegExp on every call. */
const SHEXP_SOURCE = `function shExpMatch(str, shexp) {
  var re = new RegExp("^" + shexp.replace(/\\./g, "\\\\.").replace(/\\*/g, ".*").replace(/\\?/g, ".") + "$");
  return re.test(str);
}`;

function naivePac(patterns: readonly string[], via: string): string {
  const tests = patterns.map((p) =>
    p.startsWith("*.") ? `shExpMatch(host, ${JSON.stringify(p)})` : `host == ${JSON.stringify(p)}`,
  );
  return `${SHEXP_SOURCE}
function FindProxyForURL(url, host) {
  host = host.toLowerCase();
  if (${tests.join(" ||\n      ")}) return ${JSON.stringify(via)};
  return "DIRECT";
}`;
}

type Find = (url: string, host: string) => string;

/**
 * Loads a PAC as a function body in this realm, as a PAC engine runs it in an isolate of its own.
 * (node:vm would route every global lookup through its sandbox interceptors and hide the difference.)
 */
function load(source: string): Find {
  return new Function(`${source}\nreturn FindProxyForURL;`)() as Find;
}

export async function run(): Promise<BenchResult[]> {
  const selected = selectEntries(CATALOG, { cloud: "all", includeCompute: true });
  if (!selected.ok) throw new Error(selected.error);
  const entries = selected.entries;
  const via = "PROXY azproxy.contoso.com:8080";
  const patterns = entries.flatMap((entry) => entry.patterns);
  const examples = entries.flatMap((entry) => entry.examples);
  // Half catalog hosts, half ordinary web hosts (the common case in a corporate PAC).
  const others = [
    "www.example.com",
    "intranet.contoso.com",
    "login.live.com.evil.example",
    "a.b.c.d.example.org",
    "cdn.jsdelivr.net",
    "github.com",
  ];
  const hosts = [...examples.slice(0, 24), ...others, ...others, ...others, ...others].slice(0, 48);
  const urls = hosts.map((host) => `https://${host}/`);
  const n = hosts.length;

  const generated = load(renderPac(entries, { via, catalogVersion: CATALOG.version }));
  const naive = load(naivePac(patterns, via));
  const empty = load("function FindProxyForURL(url, host) { return 'DIRECT'; }");
  for (let i = 0; i < n; i++) {
    if ((generated(urls[i]!, hosts[i]!) === via) !== (naive(urls[i]!, hosts[i]!) === via)) {
      throw new Error(`generated and naive PAC disagree on ${hosts[i]}`);
    }
  }

  const rates = {
    generated: measureRate((i) => generated(urls[i % n]!, hosts[i % n]!)),
    naive: measureRate((i) => naive(urls[i % n]!, hosts[i % n]!)),
    empty: measureRate((i) => empty(urls[i % n]!, hosts[i % n]!)),
  };
  const fullUrls = hosts.map((host, i) => `https://${host}/api/v1/items/${i}?sig=abc&api-version=2026-01-01`);
  const match = measureRate((i) => matchUrl(fullUrls[i % n]!, CATALOG));

  return [
    {
      name: "PAC FindProxyForURL: generated (label walk over a suffix object)",
      value: rates.generated,
      unit: "calls/s",
      note: `${patterns.length} patterns`,
    },
    { name: "PAC FindProxyForURL: naive shExpMatch chain", value: rates.naive, unit: "calls/s" },
    { name: "PAC FindProxyForURL: empty function (call overhead)", value: rates.empty, unit: "calls/s" },
    {
      name: "PAC speed-up, generated / shExpMatch chain",
      value: rates.generated / rates.naive,
      unit: "x",
      note: "target >= 20x",
    },
    { name: "matchUrl from a URL string", value: match, unit: "URLs/s", note: "target >= 2,000,000 on one core" },
  ];
}
