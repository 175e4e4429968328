/**
 * An extension page's markup as a test document body: the HTML file of `src/…` without its doctype,
 * `<html>` wrapper and stylesheet links (the DOM test environment loads no CSS).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The inner markup of the page at `path` (relative to the repository root, e.g. `src/popup/popup.html`). */
export function pageMarkup(path: string): string {
  return readFileSync(join(ROOT, path), "utf8")
    .replace(/^<!doctype html>\s*<html[^>]*>/i, "")
    .replace(/<\/html>\s*$/, "")
    .replace(/<link rel="stylesheet"[^>]*>/g, "");
}
