/**
 * `hosts --format paloalto`: a URL List external dynamic list (a Domain List only feeds DNS sinkholing).
 * In a URL list `*` stands for one or more whole tokens and `*.x/` does not match `x/`, so each
 * catalog pattern maps to itself; the trailing `/` (which PAN-OS would append anyway) makes an entry
 * cover the host and its paths and nothing longer (`ml.azure.com/` never matches `ml.azure.com.evil`).
 * https://docs.paloaltonetworks.com/network-security/security-policy/administration/objects/external-dynamic-lists/formatting-guidelines-for-an-external-dynamic-list
 */
import type { CatalogEntry } from "../catalog/types.js";
import { commented, headerLines, otherPortLines, splitByPorts, type ExportContext } from "./shared.js";

const NOTES = {
  en: [
    "Use as an External Dynamic List of type URL List (Objects > External Dynamic Lists), in a URL Filtering profile or a Security policy rule.",
    "*.x/ needs a subdomain of x; x/ is listed on its own where the catalog needs x itself. Web traffic (80/443) only.",
  ],
  ja: [
    "種類「URL リスト」の外部動的リスト（Objects > External Dynamic Lists）として、URL フィルタリング プロファイルまたはセキュリティ ポリシー ルールで使用してください。",
    "*.x/ は x のサブドメインにのみ一致します。x 自体が必要な場合はカタログどおり x/ を個別に記載しています。対象は Web 通信（80/443）のみです。",
  ],
} as const;

/** The URL-list entry of one catalog pattern. */
export function paloAltoEntry(pattern: string): string {
  return `${pattern}/`;
}

/**
 * Renders the URL list: header comment lines, then one entry a line.
 * @example renderPaloAlto(entries, { lang: "en", catalogVersion: "2026-12-01", toolVersion: "0.1.0", cloud: "public", selection: "--cloud public" })
 */
export function renderPaloAlto(entries: readonly CatalogEntry[], context: ExportContext): string {
  const { web, other } = splitByPorts(entries);
  const lines = [
    ...commented(headerLines("Palo Alto Networks URL List EDL", context, NOTES[context.lang]), "# "),
    ...commented(otherPortLines(other, context.lang), "# "),
    ...web.map(({ pattern }) => paloAltoEntry(pattern)),
  ];
  return lines.join("\n") + "\n";
}
