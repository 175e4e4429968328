/**
 * _locales/en and _locales/ja: every visible string exists in both languages with the same
 * placeholders, every message the code asks for exists, and no message is left unused.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { BLOCKING_KINDS } from "../../src/core/observation.js";
import { KIND_TEXT } from "../../src/core/report-i18n.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const locale = (lang: string): Messages =>
  JSON.parse(readFileSync(join(root, "assets", "_locales", lang, "messages.json"), "utf8")) as Messages;
const en = locale("en");
const ja = locale("ja");

/** Every file that can show a message: the manifest and the extension's own sources. */
const sources = [
  readFileSync(join(root, "manifest.json"), "utf8"),
  ...["src/background", "src/popup", "src/options", "src/platform", "src/check", "src/har"].flatMap((dir) =>
    readdirSync(join(root, dir)).map((file) => readFileSync(join(root, dir, file), "utf8")),
  ),
].join("\n");

/** Names asked for literally: data-i18n attributes, __MSG_x__, t("x") and getMessage("x"). */
const asked = new Set(
  [...sources.matchAll(/data-i18n="([^"]+)"|__MSG_(\w+)__|\bt\("(\w+)"|getMessage\("(\w+)"/g)].map(
    (m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? "",
  ),
);

describe("locales", () => {
  test("English and Japanese have the same messages", () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  });

  test.each(Object.keys(en))(
    "%s has the same placeholders in both languages, and a Japanese text of its own",
    (key) => {
      expect(Object.keys(ja[key]?.placeholders ?? {}).sort()).toEqual(Object.keys(en[key]?.placeholders ?? {}).sort());
      for (const placeholder of Object.keys(en[key]?.placeholders ?? {}))
        expect(ja[key]?.message).toContain(`$${placeholder.toUpperCase()}$`);
      expect(ja[key]?.message.trim()).not.toBe("");
    },
  );

  test("every message the code asks for exists", () => {
    expect([...asked].filter((key) => key !== "@@ui_locale" && !(key in en))).toEqual([]);
  });

  // The popup calls a failure kind by the report's label (one vocabulary), so a kind needs no popup message.
  test.each([...BLOCKING_KINDS, "blocked-by-client" as const])(
    "the popup and the reports name %s with the same words, in both languages",
    (kind) => {
      for (const lang of ["en", "ja"] as const) expect(KIND_TEXT[lang][kind].label.trim()).not.toBe("");
      expect(Object.keys(en).filter((key) => key.startsWith("kind_"))).toEqual([]);
    },
  );

  test("no message is unused", () => {
    const used = (key: string) => sources.includes(`"${key}"`) || sources.includes(`__MSG_${key}__`);
    expect(Object.keys(en).filter((key) => !used(key))).toEqual([]);
  });
});
