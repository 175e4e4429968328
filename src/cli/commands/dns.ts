/**
 * `aml-network-doctor dns HOST...`: the private-endpoint DNS checklist as a command. Asks the
 * system's resolver, or `--server` (Node's `dns.promises.Resolver#setServers`, through the
 * resolver factory in `io`), for each host's CNAME chain and addresses.
 */
import { LANGS, type Catalog, type Lang } from "../../core/catalog/types.js";
import {
  checkHosts,
  dnsExitCode,
  renderDnsJson,
  renderDnsMarkdown,
  renderDnsText,
  type DnsResult,
} from "../../core/dns-check.js";
import { HarError, MAX_HAR_BYTES, observationsFromHar } from "../../core/har.js";
import { DEFAULT_RANGES, describeRangeProblem, parsePrivateRanges, type PrivateRanges } from "../../core/ip-ranges.js";
import { matchNormalizedHost, normalizeHost } from "../../core/matcher.js";
import { REPORT_SCHEMA } from "../../core/report-schema.js";
import { oneOf, parseCommandArgs, stringOption } from "../args.js";
import { InputError, UsageError, ioErrorReason, type CliIo } from "../io.js";

export const DNS_HELP = `Usage: aml-network-doctor dns HOST... [options]

For each host: its CNAME chain, its addresses and a verdict (private, public, public-privatelink,
nxdomain, error), with the catalog entry and the DNS zone to forward to Azure DNS. This is the
nslookup checklist of Microsoft's private-endpoint troubleshooting, for every host at once.

  --from FILE                  also check every catalog host in a report (report.json) or a HAR file
  --server ADDR[:PORT]         ask this DNS server instead of the system's ([::1]:53 for IPv6)
  --private-ranges CIDR,...    your organisation's private ranges (default RFC 1918, 100.64.0.0/10, fc00::/7)
  --format text|json|markdown  output format (default text)
  --lang en|ja                 language of the text and markdown (default en)
  -h, --help                   this help

Exit codes: 0 the answers are consistent; 3 a host resolves through a privatelink. name to a public
address, or private-link hosts mix private and public answers; 1 a lookup or the input failed;
2 usage error.

Examples:
  aml-network-doctor dns ml-myws-westeurope-0000.westeurope.notebooks.azure.net
  aml-network-doctor dns --from report.json --server 10.0.0.4 --format markdown --lang ja
`;

/** At most this many hosts a run: a HAR of a long session names hundreds of storage hosts. */
export const MAX_DNS_HOSTS = 200;

type Format = "text" | "json" | "markdown";

const HOST_CHARS = /^[a-z0-9.-]+$/;

/** `ADDR`, `ADDR:PORT`, `[V6]`, `[V6]:PORT` as `setServers` takes them, or a usage error. */
function serverOption(value: string): string {
  const v6 = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(value);
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?$/.exec(value);
  const bare6 = /^[0-9a-fA-F:]+$/.test(value) && value.includes(":") && value.split(":").length > 2;
  const port = v6?.[2] ?? v4?.[2];
  if ((!v6 && !v4 && !bare6) || (port !== undefined && (Number(port) < 1 || Number(port) > 65535))) {
    throw new UsageError(
      `--server must be an IP address with an optional port, such as 10.0.0.4, 127.0.0.1:5353 or [::1]:53 (got ${JSON.stringify(value)})`,
    );
  }
  return value;
}

/** Catalog hosts named in a report (`aml-network-doctor/report@1`) or a HAR file. */
function hostsFrom(text: string, path: string, catalog: Catalog): string[] {
  let root: unknown;
  try {
    root = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    root = undefined;
  }
  const hosts = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value !== "string") return;
    const name = normalizeHost(value);
    if (name && matchNormalizedHost(name, catalog)) hosts.add(name);
  };
  if (root !== null && typeof root === "object" && (root as { schema?: unknown }).schema === REPORT_SCHEMA) {
    const report = root as {
      findings?: Array<{ hosts?: unknown[] }>;
      reachable?: Array<{ hosts?: unknown[] }>;
      network?: { hosts?: Array<{ host?: unknown }> };
    };
    for (const finding of report.findings ?? []) for (const host of finding.hosts ?? []) add(host);
    for (const reachable of report.reachable ?? []) for (const host of reachable.hosts ?? []) add(host);
    for (const host of report.network?.hosts ?? []) add(host.host);
    return [...hosts].sort();
  }
  try {
    for (const observation of observationsFromHar(text).observations) add(observation.host);
  } catch (error) {
    if (error instanceof HarError)
      throw new InputError(`${path} is neither an aml-network-doctor report nor a HAR file: ${error.message}`);
    throw error;
  }
  return [...hosts].sort();
}

export async function runDns(
  argv: readonly string[],
  io: CliIo,
  context: { catalog: Catalog; toolVersion: string },
): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    {
      from: { type: "string" },
      server: { type: "string" },
      "private-ranges": { type: "string" },
      format: { type: "string" },
      lang: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  if (parsed.values.help) {
    io.stdout(DNS_HELP);
    return 0;
  }
  const format = oneOf<Format>("format", stringOption(parsed, "format"), ["text", "json", "markdown"], "text");
  const lang = oneOf<Lang>("lang", stringOption(parsed, "lang"), LANGS, "en");
  const serverText = stringOption(parsed, "server");
  const server = serverText === undefined ? undefined : serverOption(serverText);
  let ranges: PrivateRanges = DEFAULT_RANGES;
  const rangesText = stringOption(parsed, "private-ranges");
  if (rangesText !== undefined) {
    const result = parsePrivateRanges(rangesText);
    if (!result.ok) throw new UsageError(`--private-ranges: ${describeRangeProblem(result.problem, "en")}`);
    ranges = result.value;
  }

  const hosts: string[] = [];
  for (const positional of parsed.positionals) {
    const name = normalizeHost(positional);
    if (!name || !HOST_CHARS.test(name) || !name.includes("."))
      throw new UsageError(`not a host name: ${JSON.stringify(positional)}`);
    if (!hosts.includes(name)) hosts.push(name);
  }
  const from = stringOption(parsed, "from");
  if (from !== undefined) {
    let text: string;
    try {
      if ((await io.fileSize(from)) > MAX_HAR_BYTES) throw new InputError(`${from} is larger than the HAR limit`);
      text = await io.readFile(from);
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(`cannot read ${from}: ${ioErrorReason(error)}`);
    }
    const found = hostsFrom(text, from, context.catalog);
    if (found.length === 0) io.stderr(`aml-network-doctor: ${from} names no Azure ML catalog host.\n`);
    for (const host of found) if (!hosts.includes(host)) hosts.push(host);
  }
  if (hosts.length === 0) {
    if (from !== undefined) return 1;
    throw new UsageError("dns needs at least one host, or --from report.json|studio.har");
  }
  if (hosts.length > MAX_DNS_HOSTS) {
    io.stderr(`aml-network-doctor: checking the first ${MAX_DNS_HOSTS} of ${hosts.length} hosts.\n`);
    hosts.length = MAX_DNS_HOSTS;
  }
  if (!io.resolver) throw new InputError("no DNS resolver available");
  let resolver;
  try {
    resolver = io.resolver(server);
  } catch (error) {
    throw new UsageError(`--server: ${ioErrorReason(error)}`);
  }

  const results: DnsResult[] = await checkHosts(hosts, resolver, ranges, context.catalog);
  io.stdout(
    format === "json"
      ? renderDnsJson(results)
      : format === "markdown"
        ? renderDnsMarkdown(results, lang)
        : renderDnsText(results, lang),
  );
  return dnsExitCode(results);
}
