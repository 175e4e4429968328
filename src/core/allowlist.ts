/** The allow-list of catalog hosts in the formats IT pastes into firewalls, proxies and tickets. */
import { describePorts, portNote, portsOfPattern, portsOfPatterns } from "./catalog/ports.js";
import type { CatalogEntry, Lang } from "./catalog/types.js";
import { renderAzureFirewall } from "./allowlist/azure-firewall.js";
import { renderBicep } from "./allowlist/bicep.js";
import { renderPaloAlto } from "./allowlist/paloalto.js";
import { renderProxyBypass } from "./allowlist/proxy-bypass.js";
import type { ExportContext } from "./allowlist/shared.js";
import { renderTerraform } from "./allowlist/terraform.js";
import { renderZscaler } from "./allowlist/zscaler.js";
import { csvRow } from "./csv.js";
import { isHostOrSubdomain } from "./host-name.js";
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
    head: ["Pattern", "Ports", "WebSocket", "Entry", "Name", "Needed", "Purpose"],
    yes: "yes",
    no: "no",
    required: "required",
    wildcardNote: "`*.x` means any host name ending in `.x` (one or more labels), not `x` itself.",
    conditional: "conditional",
    legacy: "legacy",
    conditionalComment: (id: string, when: string) => `# conditional (${id}): ${when}`,
    legacyComment: (id: string, when: string) => `# legacy (${id}): ${when}`,
    requiredComment: "# required from here on",
    tableHead: ["Entry", "Name", "Needed", "Pattern", "Ports", "WebSocket", "Purpose"],
  },
  ja: {
    title: "Azure Machine Learning が使用するホスト",
    intro: (n: number, version: string) =>
      `カタログの ${n} 件のエントリ（エンドポイント カタログ ${version}）。各パターンについて、記載のポート宛ての送信方向の通信を許可してください。WebSocket 欄が「必須」のエントリは、WebSocket（wss://）のアップグレードも通す必要があります。`,
    head: ["パターン", "ポート", "WebSocket", "エントリ", "名前", "要否", "用途"],
    yes: "必須",
    no: "不要",
    required: "必須",
    wildcardNote: "`*.x` は `.x` で終わる任意のホスト名（1 つ以上のラベル）を表し、`x` 自体は含みません。",
    conditional: "条件付き",
    legacy: "旧エントリ",
    conditionalComment: (id: string, when: string) => `# 条件付き（${id}）: ${when}`,
    legacyComment: (id: string, when: string) => `# 旧エントリ（${id}）: ${when}`,
    requiredComment: "# ここから下は必須",
    tableHead: ["エントリ", "名前", "要否", "パターン", "ポート", "WebSocket", "用途"],
  },
} as const;

/** `tcp/445: file shares from compute only`, for a port with a caveat. */
function noteOf(port: string, lang: Lang): string[] {
  const note = portNote(port, lang);
  return note === undefined ? [] : [`${port}: ${note}`];
}

/** `portNotes: { "tcp/445": "file shares from compute only" }` for an entry with such a port; nothing otherwise. */
function portNotesOf(entry: CatalogEntry, lang: Lang): { portNotes?: Record<string, string> } {
  const notes = portsOfPatterns(entry).flatMap((port) => {
    const note = portNote(port, lang);
    return note === undefined ? [] : [[port, note] as const];
  });
  return notes.length > 0 ? { portNotes: Object.fromEntries(notes) } : {};
}

function needed(entry: CatalogEntry, lang: Lang): string {
  return entry.required ? LABELS[lang].required : (entry.optional?.[lang] ?? "");
}

/**
 * Each entry's lines in catalog order, a conditional entry's after `# conditional (id): when …` (a
 * legacy one's, named only with `--entries`, after `# legacy (id): …`), and
 * the first required entry after a conditional one after `# required from here on`, so an admin sees
 * which lines are needed only in some workspaces. Required entries alone get no comment at all: the
 * plain one-value-a-line format of `--required-only`.
 */
function withStatusComments(
  entries: readonly CatalogEntry[],
  valuesOf: (entry: CatalogEntry) => readonly string[],
  lang: Lang,
): string[] {
  const labels = LABELS[lang];
  const lines: string[] = [];
  let afterConditional = false;
  for (const entry of entries) {
    const values = valuesOf(entry);
    if (values.length === 0) continue;
    if (!entry.required || entry.legacy) {
      const when = entry.optional?.[lang] ?? labels.conditional;
      lines.push(entry.legacy ? labels.legacyComment(entry.id, when) : labels.conditionalComment(entry.id, when));
      afterConditional = true;
    } else if (afterConditional) {
      lines.push(labels.requiredComment);
      afterConditional = false;
    }
    lines.push(...values);
  }
  return lines;
}

/** Squid dstdomain values: `.x` for `*.x` (which Squid also applies to x), with names another value covers dropped, since Squid warns on overlaps. */
function squidDomains(entries: readonly CatalogEntry[]): string[] {
  const values = [
    ...new Set(entries.flatMap((entry) => entry.patterns.map((p) => (p.startsWith("*.") ? p.slice(1) : p)))),
  ];
  const wildcards = values.filter((v) => v.startsWith("."));
  return values.filter((value) => {
    const name = value.startsWith(".") ? value.slice(1) : value;
    return !wildcards.some((w) => w !== value && isHostOrSubdomain(name, w.slice(1)));
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
    case "text": {
      const seen = new Set<string>();
      const fresh = (entry: CatalogEntry) => entry.patterns.filter((p) => !seen.has(p) && seen.add(p));
      return withStatusComments(entries, fresh, options.lang).join("\n") + "\n";
    }
    case "squid": {
      const header = [
        `# Azure Machine Learning hosts, endpoint catalog ${options.catalogVersion} (aml-network-doctor ${options.toolVersion}).`,
        "# Squid's .example.com also matches example.com itself; names already covered by a wildcard are left out.",
        "# Use with: http_access allow azureml  (WebSocket hosts need CONNECT to port 443 allowed as well).",
      ];
      const kept = new Set(squidDomains(entries));
      const aclLines = (entry: CatalogEntry) =>
        entry.patterns
          .map((p) => (p.startsWith("*.") ? p.slice(1) : p))
          .filter((d) => kept.delete(d))
          .map((d) => `acl azureml dstdomain ${d}`);
      return [...header, ...withStatusComments(entries, aclLines, options.lang)].join("\n") + "\n";
    }
    case "csv": {
      const head = [
        "pattern",
        "ports",
        "websocket",
        "entry",
        "needed",
        "purpose",
        "clouds",
        "needed_by",
        "port_notes",
        "name",
      ];
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
          ports.flatMap((port) => noteOf(port, options.lang)).join("; "),
          entry.name[options.lang],
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
          name: entry.name[options.lang],
          patterns: entry.patterns,
          ports: portsOfPatterns(entry),
          ...portNotesOf(entry, options.lang),
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
            `| \`${pattern}\` | ${describePorts(ports, options.lang, ", ")} | ${entry.websocket ? labels.yes : labels.no} | ${entry.id} | ${cell(entry.name[options.lang])} | ${cell(needed(entry, options.lang))} | ${cell(entry.purpose[options.lang])} |`,
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

/** A table for a terminal: one row per pattern, the entry, its name, status and purpose only on its first row. */
export interface AllowlistTable {
  head: string[];
  rows: string[][];
}

/**
 * The allow-list as rows grouped by entry: the entry's id, name, "required" or "conditional" and
 * its purpose on its first row, the condition on the next, ports with their caveats on every row.
 * The CLI pads it to terminal columns.
 * @example allowlistTable(entries, "ja").rows[0] // ["studio", "Azure Machine Learning スタジオ", "必須", "ml.azure.com", "tcp/443", "不要", "Azure Machine Learning スタジオ本体 (Web UI)"]
 */
export function allowlistTable(entries: readonly CatalogEntry[], lang: Lang): AllowlistTable {
  const labels = LABELS[lang];
  const rows: string[][] = [];
  for (const entry of entries) {
    const notes = [entry.purpose[lang], ...(entry.required ? [] : [entry.optional?.[lang] ?? ""])];
    const count = Math.max(entry.patterns.length, notes.length);
    for (let i = 0; i < count; i++) {
      const pattern = entry.patterns[i];
      rows.push([
        i === 0 ? entry.id : "",
        i === 0 ? entry.name[lang] : "",
        i === 0 ? (entry.legacy ? labels.legacy : entry.required ? labels.required : labels.conditional) : "",
        pattern ?? "",
        pattern === undefined ? "" : describePorts(portsOfPattern(entry, pattern), lang, " "),
        pattern === undefined ? "" : entry.websocket ? labels.yes : labels.no,
        notes[i] ?? "",
      ]);
    }
  }
  return { head: [...labels.tableHead], rows };
}
