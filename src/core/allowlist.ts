/** The allow-list of catalog hosts in the formats IT pastes into firewalls, proxies and tickets. */
import { portsOfPattern, portsOfPatterns } from "./catalog/ports.js";
import type { CatalogEntry, Lang } from "./catalog/types.js";
import { renderAzureFirewall } from "./allowlist/azure-firewall.js";
import { renderBicep } from "./allowlist/bicep.js";
import { renderPaloAlto } from "./allowlist/paloalto.js";
import { renderProxyBypass } from "./allowlist/proxy-bypass.js";
import type { ExportContext } from "./allowlist/shared.js";
import { renderTerraform } from "./allowlist/terraform.js";
import { renderZscaler } from "./allowlist/zscaler.js";
import { csvRow } from "./csv.js";
import { TOOL_NAME } from "./report-schema.js";

export const ALLOWLIST_FORMATS = [
  "text",
  "csv",
  "json",
  "markdown",
  "squid",
  "azure-firewall",
  "bicep",
  "terraform",
  "paloalto",
  "zscaler",
  "proxy-bypass",
] as const;
export type AllowlistFormat = (typeof ALLOWLIST_FORMATS)[number];

export interface AllowlistOptions {
  format: AllowlistFormat;
  lang: Lang;
  catalogVersion: string;
  toolVersion: string;
  /** The cloud(s) covered, for the firewall-product headers; the entries' clouds when absent. */
  cloud?: string;
  /** The selection flags, for the firewall-product headers. */
  selection?: string;
}

/** The firewall-product renderers, one file each under allowlist/. */
const PRODUCT_RENDERERS = {
  "azure-firewall": renderAzureFirewall,
  bicep: renderBicep,
  terraform: renderTerraform,
  paloalto: renderPaloAlto,
  zscaler: renderZscaler,
  "proxy-bypass": renderProxyBypass,
} as const;

const LABELS = {
  en: {
    title: "Hosts Azure Machine Learning needs",
    intro: (n: number, version: string) =>
      `${n} catalog entries, endpoint catalog ${version}. Allow outbound traffic to each pattern on the ports shown; entries marked WebSocket must also pass WebSocket upgrades (wss://).`,
    head: ["Pattern", "Ports", "WebSocket", "Entry", "Needed", "Purpose"],
    yes: "yes",
    no: "no",
    required: "required",
    wildcardNote: "`*.x` means any host name ending in `.x` (one or more labels), not `x` itself.",
  },
  ja: {
    title: "Azure Machine Learning が使用するホスト",
    intro: (n: number, version: string) =>
      `カタログの ${n} 件のエントリ (エンドポイント カタログ ${version})。各パターンについて、記載のポート宛ての送信方向の通信を許可してください。WebSocket 欄が「必須」のエントリは、WebSocket (wss://) のアップグレードも通す必要があります。`,
    head: ["パターン", "ポート", "WebSocket", "エントリ", "要否", "用途"],
    yes: "必須",
    no: "不要",
    required: "必須",
    wildcardNote: "`*.x` は `.x` で終わる任意のホスト名 (1 つ以上のラベル) を表し、`x` 自体は含みません。",
  },
} as const;

function needed(entry: CatalogEntry, lang: Lang): string {
  return entry.required ? LABELS[lang].required : (entry.optional?.[lang] ?? "");
}

/** Squid dstdomain values: `.x` for `*.x` (which Squid also applies to x), with names another value covers dropped, since Squid warns on overlaps. */
function squidDomains(entries: readonly CatalogEntry[]): string[] {
  const values = [
    ...new Set(entries.flatMap((entry) => entry.patterns.map((p) => (p.startsWith("*.") ? p.slice(1) : p)))),
  ];
  const wildcards = values.filter((v) => v.startsWith("."));
  return values.filter((value) => {
    const name = value.startsWith(".") ? value.slice(1) : value;
    return !wildcards.some((w) => w !== value && (name === w.slice(1) || name.endsWith(w)));
  });
}

/**
 * Renders the allow-list of the given entries.
 * @example renderAllowlist(entries, { format: "squid", lang: "en", catalogVersion: "2026-05-07", toolVersion: "0.1.0" })
 */
export function renderAllowlist(entries: readonly CatalogEntry[], options: AllowlistOptions): string {
  if (Object.hasOwn(PRODUCT_RENDERERS, options.format)) {
    const cloud = options.cloud ?? [...new Set(entries.flatMap((entry) => entry.clouds))].join(",");
    const context: ExportContext = {
      lang: options.lang,
      catalogVersion: options.catalogVersion,
      toolVersion: options.toolVersion,
      cloud,
      selection: options.selection ?? `--cloud ${cloud}`,
    };
    return PRODUCT_RENDERERS[options.format as keyof typeof PRODUCT_RENDERERS](entries, context);
  }
  const labels = LABELS[options.lang];
  // Ports belong to the pattern: an allow-list never asks for 445 on blob storage or 8787 on *.instances.azureml.net.
  const rows = entries.flatMap((entry) =>
    entry.patterns.map((pattern) => ({ entry, pattern, ports: portsOfPattern(entry, pattern) })),
  );
  switch (options.format) {
    case "text":
      return [...new Set(rows.map((row) => row.pattern))].join("\n") + "\n";
    case "squid": {
      const header = [
        `# Azure Machine Learning hosts, endpoint catalog ${options.catalogVersion} (aml-network-doctor ${options.toolVersion}).`,
        "# Squid's .example.com also matches example.com itself; names already covered by a wildcard are left out.",
        "# Use with: http_access allow azureml  (WebSocket hosts need CONNECT to port 443 allowed as well).",
      ];
      return [...header, ...squidDomains(entries).map((d) => `acl azureml dstdomain ${d}`)].join("\n") + "\n";
    }
    case "csv": {
      const head = ["pattern", "ports", "websocket", "entry", "needed", "purpose", "clouds", "needed_by"];
      const lines = rows.map(({ entry, pattern, ports }) =>
        csvRow([
          pattern,
          ports.join(" "),
          entry.websocket ? "yes" : "no",
          entry.id,
          needed(entry, options.lang),
          entry.purpose[options.lang],
          entry.clouds.join(" "),
          entry.neededBy.join(" "),
        ]),
      );
      return [csvRow(head), ...lines].join("\r\n") + "\r\n";
    }
    case "json": {
      const list = {
        catalogVersion: options.catalogVersion,
        tool: { name: TOOL_NAME, version: options.toolVersion },
        lang: options.lang,
        entries: entries.map((entry) => ({
          id: entry.id,
          patterns: entry.patterns,
          ports: portsOfPatterns(entry),
          patternPorts: Object.fromEntries(entry.patterns.map((pattern) => [pattern, portsOfPattern(entry, pattern)])),
          websocket: entry.websocket,
          required: entry.required,
          ...(entry.optional ? { optional: entry.optional[options.lang] } : {}),
          clouds: entry.clouds,
          neededBy: entry.neededBy,
          legacy: entry.legacy,
          purpose: entry.purpose[options.lang],
          breaks: entry.breaks[options.lang],
          sources: entry.sources,
        })),
      };
      return JSON.stringify(list, null, 2) + "\n";
    }
    case "markdown": {
      const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");
      const lines = [
        `## ${labels.title}`,
        "",
        labels.intro(entries.length, options.catalogVersion),
        "",
        `| ${labels.head.join(" | ")} |`,
        `|${labels.head.map(() => "---").join("|")}|`,
        ...rows.map(
          ({ entry, pattern, ports }) =>
            `| \`${pattern}\` | ${ports.join(", ")} | ${entry.websocket ? labels.yes : labels.no} | ${entry.id} | ${cell(needed(entry, options.lang))} | ${cell(entry.purpose[options.lang])} |`,
        ),
        "",
        labels.wildcardNote,
      ];
      return lines.join("\n") + "\n";
    }
    default:
      throw new Error(`no renderer for ${options.format}`);
  }
}
