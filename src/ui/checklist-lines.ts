/**
 * The popup's checklist lines from a report: one status per entry as a reader takes it (an entry
 * that needs WebSocket counts as checked only once its WebSocket was), grouped so the eye meets
 * what is blocked, then what works, then what is left to try with the hint of how.
 */
import type { Report, ReportChecklistStatus } from "../core/report-schema.js";

export interface ChecklistLine {
  entry: string;
  name: string;
  status: ReportChecklistStatus;
  hint?: string;
}

const GROUP_ORDER: Record<ReportChecklistStatus, number> = { blocked: 0, reached: 1, "not-seen": 2 };

interface Ranked extends ChecklistLine {
  /** Reached over HTTPS, WebSocket not tried: the commonest gap behind a proxy, so first of its group. */
  halfChecked: boolean;
}

/** The lines of the report's `checklist` (or, for a report without one, its reachable entries), grouped by status, catalog order within. */
export function checklistLines(report: Pick<Report, "checklist" | "reachable">): ChecklistLine[] {
  const items =
    report.checklist ??
    report.reachable.map((r) => ({ entry: r.entry, name: r.name ?? r.entry, status: "reached" as const }));
  const lines = items.map((item): Ranked => {
    // Reached over HTTPS, WebSocket not tried: a terminal may still fail, so it is not checked yet.
    const websocket = "websocket" in item ? item.websocket : undefined;
    const status = item.status === "reached" && websocket !== undefined ? websocket : item.status;
    const line: Ranked = {
      entry: item.entry,
      name: item.name,
      status,
      halfChecked: item.status === "reached" && websocket === "not-seen",
    };
    if ("hint" in item && item.hint) line.hint = item.hint;
    return line;
  });
  // Array.prototype.sort is stable: catalog order is kept within a group.
  lines.sort((a, b) => GROUP_ORDER[a.status] - GROUP_ORDER[b.status] || Number(b.halfChecked) - Number(a.halfChecked));
  return lines.map(({ halfChecked: _halfChecked, ...line }) => line);
}
