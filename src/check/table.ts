/** check.html's result: the summary above the table and one table row per checked host. */
import { CHECK_TEXT, describeOutcome } from "../core/check-report.js";
import { REPORT_TEXT } from "../core/report-i18n.js";
import type { Report } from "../core/report-schema.js";

/** Shows a check's summary and its table. */
export function showCheckResult(doc: Document, report: Report): void {
  const summary = doc.querySelector<HTMLElement>("#summary");
  summary?.replaceChildren(...renderCheckSummary(doc, report));
  summary?.classList.toggle("blocked", report.findings.length > 0);
  renderCheckTable(doc, report);
}

/** The heading (how many entries are blocked) and the line counting blocked, reachable and unchecked hosts. */
function renderCheckSummary(doc: Document, report: Report): [HTMLElement, HTMLElement] {
  const heading = doc.createElement("h2");
  heading.textContent =
    report.findings.length > 0
      ? REPORT_TEXT[report.lang].title(report.findings.length)
      : REPORT_TEXT[report.lang].titleNone;
  const line = doc.createElement("p");
  const checks = report.checks ?? [];
  const blocked = checks.filter((c) => c.outcome !== "reachable" && c.outcome !== "not-checked").length;
  const reachable = checks.filter((c) => c.outcome === "reachable").length;
  line.textContent = CHECK_TEXT[report.lang].summary(blocked, reachable, checks.length - blocked - reachable);
  return [heading, line];
}

/** One row per checked host (entry, host, channel, outcome, time, address), headed in the report's language. */
function renderCheckTable(doc: Document, shown: Report): void {
  const $ = <T extends Element>(selector: string) => doc.querySelector<T>(selector);
  const text = CHECK_TEXT[shown.lang];
  const c = text.columns;
  const head = $<HTMLTableSectionElement>("#checks thead");
  const body = $<HTMLTableSectionElement>("#checks tbody");
  if (!head || !body) return;
  const headRow = doc.createElement("tr");
  for (const label of [c.entry, c.host, c.channel, c.outcome, c.ms, c.address]) {
    const th = doc.createElement("th");
    th.textContent = label;
    headRow.append(th);
  }
  head.replaceChildren(headRow);
  const rows = (shown.checks ?? []).map((check) => {
    const tr = doc.createElement("tr");
    tr.dataset.entry = check.entry;
    tr.dataset.host = check.host;
    tr.dataset.websocket = String(check.websocket);
    tr.dataset.outcome = check.outcome;
    if (check.outcome !== "reachable" && check.outcome !== "not-checked") tr.className = "blocked";
    const cell = (value: string | Node, className?: string) => {
      const td = doc.createElement("td");
      if (className) td.className = className;
      td.append(value);
      tr.append(td);
      return td;
    };
    const code = (value: string) => {
      const element = doc.createElement("code");
      element.textContent = value;
      return element;
    };
    cell(code(check.entry));
    cell(code(check.host));
    cell(text.channel[check.websocket ? "websocket" : "https"], "channel");
    const outcome = cell(describeOutcome(check, shown.lang), "outcome");
    if (check.error && check.outcome !== "not-checked") {
      outcome.append(" ");
      outcome.append(code(check.error));
    }
    cell(check.outcome === "not-checked" ? "" : `${check.ms} ms`, "ms");
    cell(check.address ?? "", "address");
    return tr;
  });
  body.replaceChildren(...rows);
}
