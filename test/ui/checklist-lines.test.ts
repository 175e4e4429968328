import { describe, expect, test } from "vitest";
import type { ReportChecklistItem } from "../../src/core/report-schema.js";
import { checklistLines } from "../../src/ui/checklist-lines.js";

const item = (entry: string, status: ReportChecklistItem["status"], extra: Partial<ReportChecklistItem> = {}) => ({
  entry,
  name: entry.toUpperCase(),
  status,
  ...extra,
});

describe("checklistLines", () => {
  test("blocked first, then reached, then not tried yet; catalog order kept within each", () => {
    const lines = checklistLines({
      reachable: [],
      checklist: [
        item("studio", "reached"),
        item("arm", "not-seen", { hint: "Open Compute." }),
        item("api", "reached"),
        item("notebooks", "blocked"),
        item("storage", "not-seen", { hint: "Open a file." }),
      ],
    });
    expect(lines.map((l) => `${l.status} ${l.entry}`)).toEqual([
      "blocked notebooks",
      "reached studio",
      "reached api",
      "not-seen arm",
      "not-seen storage",
    ]);
    expect(lines.find((l) => l.entry === "storage")?.hint).toBe("Open a file.");
  });

  test("an entry reached over HTTPS counts by its WebSocket: not tried yet, or blocked", () => {
    const lines = checklistLines({
      reachable: [],
      checklist: [
        item("compute-instance", "reached", { websocket: "not-seen", hint: "Open a terminal." }),
        item("compute-instance-usgov", "reached", { websocket: "reached" }),
        item("compute-instance-china", "reached", { websocket: "blocked" }),
      ],
    });
    expect(lines.map((l) => [l.entry, l.status, l.hint])).toEqual([
      ["compute-instance-china", "blocked", undefined],
      ["compute-instance-usgov", "reached", undefined],
      ["compute-instance", "not-seen", "Open a terminal."],
    ]);
  });

  test("of what is left to try, a compute instance reached over HTTPS but not over WebSocket comes first", () => {
    const lines = checklistLines({
      reachable: [],
      checklist: [
        item("arm", "not-seen", { hint: "Open Compute." }),
        item("compute-instance", "reached", { websocket: "not-seen", hint: "Open a terminal." }),
      ],
    });
    expect(lines.map((l) => l.entry)).toEqual(["compute-instance", "arm"]);
  });

  test("a report without a checklist (an older worker) lists its reachable entries as reached", () => {
    expect(
      checklistLines({ reachable: [{ entry: "api", name: "Azure ML service API", hosts: ["x.api.azureml.ms"] }] }),
    ).toEqual([{ entry: "api", name: "Azure ML service API", status: "reached" }]);
  });
});
