/**
 * `hosts --format zscaler`: URLs for a ZIA custom URL category. Zscaler has no `*`: a leading dot
 * (`.x`) matches x and its subdomains, a bare name only itself. `.x` therefore also admits the apex
 * x of a catalog `*.x`, the one thing broader than the catalog the product forces (the header says so).
 * https://help.zscaler.com/zia/url-format-guidelines
 */
import type { CatalogEntry } from "../catalog/types.js";
import { commented, headerLines, otherPortLines, splitByPorts, type ExportContext } from "./shared.js";

const NOTES = {
  en: [
    "Paste the lines that do not start with # into a custom URL category (Administration > URL Categories).",
    "A leading dot matches the name itself and its subdomains: .x also admits x, since ZIA has no subdomain-only form.",
  ],
  ja: [
    "# で始まらない行を、カスタム URL カテゴリ（Administration > URL Categories）に貼り付けてください。",
    "先頭がドットのエントリは、その名前自体とサブドメインに一致します。ZIA にはサブドメインだけを指定する書式がないため、.x は x 自体も許可します。",
  ],
} as const;

/** The category URLs of the patterns: `.x` for `*.x`, bare names kept unless a `.name` entry already covers them. */
export function zscalerUrls(patterns: readonly string[]): string[] {
  const urls = [...new Set(patterns.map((p) => (p.startsWith("*.") ? p.slice(1) : p)))];
  const dotted = new Set(urls.filter((u) => u.startsWith(".")));
  return urls.filter((u) => u.startsWith(".") || !dotted.has(`.${u}`));
}

/**
 * Renders the category list: header comment lines, then one URL a line.
 * @example renderZscaler(entries, { lang: "en", catalogVersion: "2026-12-01", toolVersion: "0.1.0", cloud: "public", selection: "--cloud public" })
 */
export function renderZscaler(entries: readonly CatalogEntry[], context: ExportContext): string {
  const { web, other } = splitByPorts(entries);
  const lines = [
    ...commented(headerLines("Zscaler ZIA custom URL category", context, NOTES[context.lang]), "# "),
    ...commented(otherPortLines(other, context.lang), "# "),
    ...zscalerUrls(web.map((w) => w.pattern)),
  ];
  return lines.join("\n") + "\n";
}
