/** Ports per pattern: an entry's `ports`, unless `patternPorts` gives the pattern its own list. */
import type { CatalogEntry, Lang, Localized } from "./types.js";

/** Protocol first, then the low end of the range: `tcp/80`, `tcp/443`, `tcp/8704-8710`, `udp/5831`. */
function comparePorts(a: string, b: string): number {
  const [protoA = "", rangeA = ""] = a.split("/");
  const [protoB = "", rangeB = ""] = b.split("/");
  if (protoA !== protoB) return protoA < protoB ? -1 : 1;
  return parseInt(rangeA, 10) - parseInt(rangeB, 10) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The ports Microsoft lists for one pattern of the entry. */
export function portsOfPattern(entry: CatalogEntry, pattern: string): string[] {
  const own =
    entry.patternPorts !== undefined && Object.hasOwn(entry.patternPorts, pattern)
      ? entry.patternPorts[pattern]
      : undefined;
  return [...(own ?? entry.ports)];
}

/** The ports of several patterns of the entry (all of them when none is given), each once, in a fixed order. */
export function portsOfPatterns(entry: CatalogEntry, patterns: readonly string[] = entry.patterns): string[] {
  const ports = new Set<string>();
  for (const pattern of patterns) for (const port of portsOfPattern(entry, pattern)) ports.add(port);
  return [...ports].sort(comparePorts);
}

/**
 * What an admin must know before opening a port. SMB (tcp/445) is listed only for
 * `*.file.core.*`, and only because compute instances mount the workspace file share; browsers
 * reach the same hosts on 443, and many corporate policies forbid outbound SMB:
 * https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall
 */
const PORT_NOTES: Readonly<Record<string, Localized>> = {
  "tcp/445": {
    en: "file shares from compute only",
    ja: "コンピューティングからのファイル共有のみ",
  },
};

/** The caveat of a port, if it has one. */
export function portNote(port: string, lang: Lang): string | undefined {
  return Object.hasOwn(PORT_NOTES, port) ? PORT_NOTES[port]![lang] : undefined;
}

/**
 * Ports for a reader, each with its caveat: `tcp/443, tcp/445 (file shares from compute only)`.
 * @example describePorts(["tcp/443", "tcp/445"], "en", ", ")
 */
export function describePorts(ports: readonly string[], lang: Lang, separator: string): string {
  return ports
    .map((port) => {
      const note = portNote(port, lang);
      return note === undefined ? port : lang === "ja" ? `${port}（${note}）` : `${port} (${note})`;
    })
    .join(separator);
}
