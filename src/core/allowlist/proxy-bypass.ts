/**
 * `hosts --format proxy-bypass`: the `;`-separated list that Windows (ProxyOverride, the Internet
 * Options exceptions box) and Chrome/Edge (`ProxyBypassList`, `--proxy-bypass-list`) both accept.
 * Only the two forms they share are used: `*.x` (any host below x, not x) and a bare host (that host).
 * Windows ignores `.x`, so the leading-dot form Chrome knows is never written.
 * https://chromium.googlesource.com/chromium/src/+/HEAD/net/docs/proxy.md
 */
import type { CatalogEntry } from "../catalog/types.js";
import { commented, headerLines, otherPortLines, splitByPorts, type ExportContext } from "./shared.js";

const NOTES = {
  en: [
    "Paste the last line (no # lines) into the proxy exceptions: Windows ProxyOverride / Internet Options, Chrome and Edge ProxyBypassList.",
    "*.x covers hosts below x but not x; x is listed on its own where the catalog needs it.",
  ],
  ja: [
    "最後の行（# の行は除く）をプロキシの例外に貼り付けてください: Windows の ProxyOverride / インターネット オプション、Chrome と Edge の ProxyBypassList。",
    "*.x は x 配下のホストに一致し、x 自体には一致しません。x 自体が必要な場合はカタログどおり個別に記載しています。",
  ],
} as const;

/**
 * Renders header comment lines, then the list on one line.
 * @example renderProxyBypass(entries, { lang: "en", catalogVersion: "2026-12-01", toolVersion: "0.1.0", cloud: "public", selection: "--cloud public" })
 */
export function renderProxyBypass(entries: readonly CatalogEntry[], context: ExportContext): string {
  const { web, other } = splitByPorts(entries);
  const lines = [
    ...commented(headerLines("Windows / Chrome / Edge proxy bypass list", context, NOTES[context.lang]), "# "),
    ...commented(otherPortLines(other, context.lang), "# "),
    web.map((w) => w.pattern).join(";"),
  ];
  return lines.join("\n") + "\n";
}
