import { describe, expect, test } from "vitest";
import { CATALOG } from "../../src/core/catalog/index.js";
import type { Lang } from "../../src/core/catalog/types.js";
import { createState, type DiagnosisState } from "../../src/core/diagnosis-state.js";
import { reduce } from "../../src/core/diagnosis.js";
import { renderCsv, renderMarkdown, renderText } from "../../src/core/render-report.js";
import { CHECKLIST_TEXT, REPORT_TEXT } from "../../src/core/report-i18n.js";
import type { Report } from "../../src/core/report-schema.js";
import { buildReport } from "../../src/core/report.js";
import { seen, type Seen } from "../fixtures/seen.js";

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const CI = "ci1.westeurope.instances.azureml.ms";

function diagnose(steps: Array<Partial<Seen> & { url: string }>): DiagnosisState {
  let state = createState();
  steps.forEach((step, i) => {
    state = reduce(state, seen({ type: "xmlhttprequest", time: T0 + i * 1000, ...step }), T0, CATALOG);
  });
  return state;
}

/** Studio loaded, the compute instance answered over HTTPS only, Notebooks blocked by DNS: one of each status. */
const BLOCKED = diagnose([
  { url: "https://ml.azure.com/?tid=secret-tenant#/home", type: "main_frame", statusCode: 200 },
  { url: `https://${CI}/api/kernels?token=eyJhbGciOiJIUzI1NiJ9.payload.sig`, statusCode: 200 },
  { url: "https://westeurope.notebooks.azure.net/api/files?sig=SASSIGNATURE", error: "net::ERR_NAME_NOT_RESOLVED" },
]);

/** Studio loaded and the compute instance answered over HTTPS: nothing blocked, much not tried. */
const NOTHING_BLOCKED = diagnose([
  { url: "https://ml.azure.com/?tid=secret-tenant#/home", type: "main_frame", statusCode: 200 },
  { url: `https://${CI}/api/kernels?token=eyJhbGciOiJIUzI1NiJ9.payload.sig`, statusCode: 200 },
]);

function report(
  state: DiagnosisState,
  lang: Lang,
  extra: Partial<Parameters<typeof buildReport>[1]> = {},
  checklist = true,
): Report {
  return buildReport(state, {
    catalog: CATALOG,
    lang,
    now: T0 + 60_000,
    toolVersion: "0.1.0",
    source: "extension",
    studio: true,
    ...(checklist ? { checklistCloud: "public" as const } : {}),
    ...extra,
  });
}

const RENDERERS = { markdown: renderMarkdown, text: renderText };
const cases = Object.entries(RENDERERS).flatMap(([name, render]) =>
  (["en", "ja"] as const).map((lang) => ({ name, lang, render })),
);

/** The lines of the rendered "what was checked" section, without the Markdown list markers. */
function sectionOf(out: string, lang: Lang): string[] {
  const heading = CHECKLIST_TEXT[lang].heading;
  const lines = out.split("\n");
  const start = lines.findIndex((line) => line === `## ${heading}` || line === `${heading}:`);
  if (start < 0) return [];
  const end = lines.findIndex((line, i) => i > start && (line.startsWith("## ") || /^\S.*:$/.test(line)));
  return lines
    .slice(start + 1, end < 0 ? undefined : end)
    .map((line) => line.replace(/^\s*(- )?/, "").trimEnd())
    .filter(Boolean);
}

const NAMES = {
  en: { studio: "Azure Machine Learning studio", notebooks: "Studio Notebooks", arm: "Azure Resource Manager" },
  ja: { studio: "Azure Machine Learning スタジオ", notebooks: "スタジオのノートブック", arm: "Azure Resource Manager" },
};
const COMPUTE = { en: "Compute instance", ja: "コンピューティング インスタンス" };

describe("the Markdown and plain-text reports say what was checked in the tab", () => {
  test.each(cases)(
    "$name ($lang): one line per entry, ✗ blocked, ✓ reached, – not tried yet with how",
    ({ render, lang }) => {
      const r = report(BLOCKED, lang);
      const section = sectionOf(render(r), lang);
      const sep = CHECKLIST_TEXT[lang].hintSeparator;
      expect(section[0]).toBe(CHECKLIST_TEXT[lang].legend);
      // One line per checklist entry, after the legend.
      expect(section.slice(1)).toHaveLength(r.checklist!.length);
      expect(section).toContain(`✗ ${NAMES[lang].notebooks}`);
      expect(section).toContain(`✓ ${NAMES[lang].studio}`);
      const arm = r.checklist!.find((item) => item.entry === "arm")!;
      expect(section).toContain(`– ${NAMES[lang].arm}${sep}${arm.hint}`);
      // The compute instance answered over HTTPS; its WebSocket half was not tried yet.
      const compute = section.find((line) => line.includes(COMPUTE[lang]))!;
      expect(compute).toMatch(/^✓ /);
      expect(compute).toContain(lang === "ja" ? "（WebSocket –）" : " (WebSocket –)");
      expect(compute).toContain(r.checklist!.find((item) => item.entry === "compute-instance")!.hint);
      // Blocked first, then reached, then not tried yet.
      const marks = section.slice(1).map((line) => line[0]);
      expect(marks.join("")).toMatch(/^✗+✓+–+$/);
    },
  );

  test.each(cases)(
    "$name ($lang): with findings, after the details and without the not-the-network line",
    ({ render, lang }) => {
      const out = render(report(BLOCKED, lang));
      const text = REPORT_TEXT[lang];
      const at = (heading: string) => out.search(new RegExp(`^(## )?${heading}:?$`, "m"));
      expect(at(text.details)).toBeGreaterThan(0);
      expect(at(CHECKLIST_TEXT[lang].heading)).toBeGreaterThan(at(text.details));
      expect(at(text.reachable)).toBeGreaterThan(at(CHECKLIST_TEXT[lang].heading));
      expect(out).not.toContain(CHECKLIST_TEXT[lang].notTheNetwork);
    },
  );

  test.each(cases)(
    "$name ($lang): nothing blocked, right after the summary, saying it may not be the network",
    ({ render, lang }) => {
      const out = render(report(NOTHING_BLOCKED, lang));
      const text = REPORT_TEXT[lang];
      const section = sectionOf(out, lang);
      expect(section[0]).toBe(CHECKLIST_TEXT[lang].notTheNetwork);
      expect(section[1]).toBe(CHECKLIST_TEXT[lang].legend);
      expect(section).toContain(`✓ ${NAMES[lang].studio}`);
      expect(section.some((line) => line.startsWith(`– ${NAMES[lang].notebooks}`))).toBe(true);
      expect(section.some((line) => line.startsWith("✗"))).toBe(false);
      const nothing = out.indexOf(text.nothingBlocked);
      const heading = out.indexOf(CHECKLIST_TEXT[lang].heading);
      expect(nothing).toBeGreaterThan(0);
      expect(heading).toBeGreaterThan(nothing);
      // Nothing but blank lines between the summary and the section.
      expect(out.slice(nothing + text.nothingBlocked.length, heading).replace(/## |\s/g, "")).toBe("");
    },
  );

  test.each(cases)("$name ($lang): a HAR's report has no checklist and no such section", ({ render, lang }) => {
    const har = report(BLOCKED, lang, { source: "har" }, false);
    expect(har.checklist).toBeUndefined();
    const out = render(har);
    expect(out).not.toContain(CHECKLIST_TEXT[lang].heading);
    expect(out).not.toContain(CHECKLIST_TEXT[lang].notTheNetwork);
    expect(out).not.toMatch(/^\s*(- )?[✓–] /m);
  });

  test.each(cases)("$name ($lang): no studio traffic, no checklist of what studio never tried", ({ render, lang }) => {
    const out = render(report(createState(), lang, { studio: false }));
    expect(out).not.toContain(CHECKLIST_TEXT[lang].heading);
  });

  test.each(cases)("$name ($lang) with a checklist still carries no query, path or token", ({ render, lang }) => {
    for (const state of [BLOCKED, NOTHING_BLOCKED]) {
      const out = render(report(state, lang));
      expect(out).toContain(CHECKLIST_TEXT[lang].heading);
      for (const secret of ["secret-tenant", "tid=", "#/home", "token", "eyJ", "sig=", "SASSIGNATURE", "/api/"]) {
        expect(out, secret).not.toContain(secret);
      }
    }
  });

  // CSV rows are per entry, host and kind, read by scripts: an entry not tried yet has no host, and
  // the JSON's `checklist` carries it for whoever needs it (docs/report-schema.md).
  test.each(["en", "ja"] as const)("CSV (%s) is the same with or without a checklist", (lang) => {
    const r = report(BLOCKED, lang);
    const { checklist: _checklist, ...without } = r;
    expect(renderCsv(r)).toBe(renderCsv(without));
  });
});
