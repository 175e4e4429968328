import { describe, expect, test } from "vitest";
import { CATALOG } from "../../src/core/catalog/index.js";
import type { Lang } from "../../src/core/catalog/types.js";
import { buildChecklist } from "../../src/core/checklist.js";
import { reduce } from "../../src/core/diagnosis.js";
import { createState, type DiagnosisState } from "../../src/core/diagnosis-state.js";
import { seen, type Seen } from "../fixtures/seen.js";
import { buildReport, entryName } from "../../src/core/report.js";
import { selectEntries } from "../../src/core/selection.js";
import { studioCloudOf } from "../../src/core/studio.js";

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const CI = "ci1.westeurope.instances.azureml.ms";

function diagnose(steps: Array<Partial<Seen> & { url: string }>): DiagnosisState {
  let state = createState();
  steps.forEach((step, i) => {
    state = reduce(state, seen({ type: "xmlhttprequest", time: T0 + i * 1000, ...step }), T0, CATALOG);
  });
  return state;
}

/** Studio loaded, the API answered, notebooks refused, the compute instance answered over HTTPS only. */
const STATE = diagnose([
  { url: "https://ml.azure.com/", type: "main_frame", statusCode: 200 },
  { url: "https://westeurope.api.azureml.ms/history", statusCode: 200 },
  { url: "https://ml-ws-westeurope.westeurope.notebooks.azure.net/x", error: "net::ERR_CONNECTION_REFUSED" },
  { url: `https://${CI}/api/status`, statusCode: 200 },
]);

function checklist(state: DiagnosisState, lang: Lang = "en") {
  const report = buildReport(state, {
    catalog: CATALOG,
    lang,
    now: T0 + 60_000,
    toolVersion: "0.1.0",
    studio: true,
    source: "extension",
    checklistCloud: "public",
  });
  return report.checklist!;
}

const statusOf = (items: ReturnType<typeof checklist>, entry: string) => items.find((i) => i.entry === entry);

describe("the checklist of a studio tab", () => {
  const items = checklist(STATE);

  test("lists every required browser entry of the cloud, in catalog order", () => {
    const required = selectEntries(CATALOG, { cloud: "public" });
    if (!required.ok) throw new Error(required.error);
    expect(items.map((i) => i.entry)).toEqual(required.entries.filter((e) => e.required).map((e) => e.id));
  });

  test("reached, blocked and not seen come from what the tab saw, not from a fixed list", () => {
    expect(statusOf(items, "studio")?.status).toBe("reached");
    expect(statusOf(items, "api")?.status).toBe("reached");
    expect(statusOf(items, "notebooks")?.status).toBe("blocked");
    expect(statusOf(items, "storage")?.status).toBe("not-seen");
    expect(statusOf(items, "entra-id")?.status).toBe("not-seen");
    // An empty session: nothing reached, nothing blocked.
    expect(new Set(checklist(createState()).map((i) => i.status))).toEqual(new Set(["not-seen"]));
  });

  test("a not-seen entry says what to do in studio to use it; a reached or blocked one does not", () => {
    expect(statusOf(items, "storage")?.hint).toBe("Open a file in Notebooks, or preview a data asset.");
    expect(statusOf(items, "api")?.hint).toBeUndefined();
    expect(statusOf(items, "notebooks")?.hint).toBeUndefined();
    for (const item of items.filter((i) => i.status === "not-seen")) expect(item.hint, item.entry).toBeTruthy();
  });

  test("a compute instance reached over HTTPS only is not checked for WebSocket: open a terminal", () => {
    const ci = statusOf(items, "compute-instance")!;
    expect(ci).toMatchObject({
      status: "reached",
      websocket: "not-seen",
      name: "Compute instance",
    });
    expect(ci.hint).toContain("open a terminal");
    const withSocket = checklist(
      diagnose([
        { url: `https://${CI}/api/status`, statusCode: 200 },
        { url: `wss://${CI}/api/kernels/k/channels`, type: "websocket", statusCode: 101 },
      ]),
    );
    expect(statusOf(withSocket, "compute-instance")).toMatchObject({ status: "reached", websocket: "reached" });
    expect(statusOf(withSocket, "compute-instance")?.hint).toBeUndefined();
    const refused = checklist(
      diagnose([{ url: `wss://${CI}/api/kernels/k/channels`, type: "websocket", statusCode: 403 }]),
    );
    expect(statusOf(refused, "compute-instance")).toMatchObject({ status: "blocked", websocket: "blocked" });
  });

  test("names are people's words in both languages, never an id or a cut-off purpose", () => {
    const ja = checklist(STATE, "ja");
    for (const item of [...items, ...ja]) {
      expect(item.name).not.toBe(item.entry);
      expect(item.name).not.toMatch(/^(Scripts|Azure China)$/);
    }
    expect(statusOf(ja, "compute-instance")?.name).toBe("コンピューティング インスタンス");
    expect(statusOf(ja, "storage")?.hint).toBe("ノートブックでファイルを開くか、データ資産をプレビューしてください。");
    // Japanese hints are Japanese sentences, not English left untranslated.
    for (const item of ja) if (item.hint) expect(item.hint, item.entry).toMatch(/[ぁ-んァ-ヶ一-龯]/);
  });

  test("optional entries appear once studio used them", () => {
    expect(statusOf(items, "vscode-web")).toBeUndefined();
    const used = checklist(diagnose([{ url: "https://vscode.dev/", statusCode: 200 }]));
    expect(statusOf(used, "vscode-web")?.status).toBe("reached");
  });

  test.each([
    ["ml.azure.com", "public"],
    ["ml.azure.us", "usgov"],
    ["studio.ml.azure.cn", "china"],
    ["westeurope.ml.azure.com", "public"],
    ["example.com", undefined],
  ] as const)("studio on %s is the %s cloud", (host, cloud) => {
    expect(studioCloudOf(CATALOG, host)).toBe(cloud);
  });

  test("each cloud's checklist names its own entries, by the names the cards and reports use", () => {
    for (const cloud of ["usgov", "china"] as const) {
      const list = buildChecklist(createState(), { catalog: CATALOG, cloud, lang: "ja", blocked: [] });
      for (const item of list) {
        expect(item.name).toBe(
          entryName(
            CATALOG.entries.find((e) => e.id === item.entry)!,
            "ja",
          ),
        );
      }
      expect(list.find((i) => i.entry === `studio-${cloud}`)?.hint).toBe(
        "このタブでスタジオを再読み込みしてください。",
      );
      expect(list.some((i) => i.entry === "studio")).toBe(false);
    }
  });

  test("the lines of one cloud's list can be told apart: no two share a name", () => {
    for (const cloud of ["public", "usgov", "china"] as const) {
      const names = buildChecklist(createState(), { catalog: CATALOG, cloud, lang: "en", blocked: [] }).map(
        (i) => i.name,
      );
      expect(new Set(names).size, cloud).toBe(names.length);
    }
  });

  test("a report without a cloud for it (a HAR) has no checklist", () => {
    const report = buildReport(STATE, { catalog: CATALOG, lang: "en", now: T0, toolVersion: "0.1.0", source: "har" });
    expect(report.checklist).toBeUndefined();
  });
});
