/** What the firewall-product renderers share: the header every export starts with, and the split of patterns by port. */
import { describePorts, portsOfPattern } from "../catalog/ports.js";
import type { CatalogEntry, Lang } from "../catalog/types.js";

export interface ExportContext {
  lang: Lang;
  catalogVersion: string;
  toolVersion: string;
  /** The cloud(s) the selection covers, as `--cloud` names them (`public`, `all`, ...). */
  cloud: string;
  /** The selection flags as the user gave them (`--cloud public --include-compute`). */
  selection: string;
}

/** A pattern an application rule or URL list can carry: web ports only (`Http`/`Https`). */
export interface WebPattern {
  pattern: string;
  /** `Http:80`, `Https:443`, in that order; at least one. */
  protocols: Array<"Http:80" | "Https:443">;
}

/** A pattern with ports a URL-based product cannot express (SMB 445, UDP, the VS Code range): network-rule material. */
export interface OtherPortsPattern {
  pattern: string;
  entry: string;
  ports: string[];
}

const WEB_PORTS: Record<string, "Http:80" | "Https:443"> = { "tcp/80": "Http:80", "tcp/443": "Https:443" };

/** Web patterns (each once, catalog order) and the patterns that need other ports, each with only those other ports. */
export function splitByPorts(entries: readonly CatalogEntry[]): { web: WebPattern[]; other: OtherPortsPattern[] } {
  const web = new Map<string, Set<"Http:80" | "Https:443">>();
  const other: OtherPortsPattern[] = [];
  for (const entry of entries) {
    for (const pattern of entry.patterns) {
      const ports = portsOfPattern(entry, pattern);
      const protocols = ports
        .map((port) => WEB_PORTS[port])
        .filter((p): p is "Http:80" | "Https:443" => p !== undefined);
      if (protocols.length > 0) {
        const set = web.get(pattern) ?? new Set();
        for (const p of protocols) set.add(p);
        web.set(pattern, set);
      }
      const rest = ports.filter((port) => WEB_PORTS[port] === undefined);
      if (rest.length > 0) other.push({ pattern, entry: entry.id, ports: rest });
    }
  }
  const order = ["Http:80", "Https:443"] as const;
  return {
    web: [...web].map(([pattern, set]) => ({ pattern, protocols: order.filter((p) => set.has(p)) })),
    other,
  };
}

const TEXT = {
  en: {
    title: (product: string) => `Azure Machine Learning hosts for ${product}.`,
    made: (catalog: string, tool: string) => `Endpoint catalog ${catalog}, aml-network-doctor ${tool}.`,
    cloud: (cloud: string, selection: string) => `Cloud: ${cloud}. Selection: ${selection}.`,
    otherTitle:
      "Hosts that need ports an application rule or URL list cannot carry (network-rule material, not allowed here):",
    none: "Nothing in this selection needs another port.",
  },
  ja: {
    title: (product: string) => `${product} 向けの Azure Machine Learning ホスト一覧です。`,
    made: (catalog: string, tool: string) => `エンドポイント カタログ ${catalog}、aml-network-doctor ${tool} で生成。`,
    cloud: (cloud: string, selection: string) => `クラウド: ${cloud}。選択: ${selection}。`,
    otherTitle:
      "アプリケーション ルールや URL リストでは扱えないポートが必要なホスト（ネットワーク ルールで別途許可してください。ここでは許可していません）:",
    none: "この選択には、ほかのポートが必要なホストはありません。",
  },
} as const;

/** Header lines (without comment markers): product, catalog and tool version, cloud and selection, then any notes. */
export function headerLines(product: string, context: ExportContext, notes: readonly string[] = []): string[] {
  const text = TEXT[context.lang];
  return [
    text.title(product),
    text.made(context.catalogVersion, context.toolVersion),
    text.cloud(context.cloud, context.selection),
    ...notes,
  ];
}

/** Comment lines (without markers) listing the patterns that need non-web ports, with those ports. */
export function otherPortLines(other: readonly OtherPortsPattern[], lang: Lang): string[] {
  if (other.length === 0) return [TEXT[lang].none];
  return [
    TEXT[lang].otherTitle,
    ...other.map((o) => `  ${o.pattern}  ${describePorts(o.ports, lang, " ")}  (${o.entry})`),
  ];
}

/** Prefixes each line with a comment marker (`# `, `// `); empty lines keep the bare marker. */
export function commented(lines: readonly string[], marker: string): string[] {
  return lines.map((line) => (line === "" ? marker.trimEnd() : `${marker}${line}`));
}
