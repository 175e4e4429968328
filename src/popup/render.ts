/**
 * The popup's view of a report. The first screen answers "what is broken and what do I do": a
 * headline and the next step, then one line per blocked entry (its name and how it failed) that
 * folds out into the details. Everything is built from the Report and the core's words for each
 * failure kind (report-i18n), so a new kind needs only its text entries, and the popup, the
 * reports, the CSV and the CLI call a failure by the same name.
 */
import { KIND_TEXT, parenthesized } from "../core/report-i18n.js";
import { checklistLines } from "../ui/checklist-lines.js";
import type { Report, ReportFailure, ReportFinding, ReportUnmatched } from "../core/report-schema.js";
import type { Translate } from "../ui/i18n.js";

/** What the popup shows: a state per situation, each with its own headline and next step. */
export type PopupState = "loading" | "error" | "not-studio" | "nothing-blocked" | "blocked";

type Child = Node | string | null | undefined | false;

/** Creates an element with attributes (a `class`, `id`, `data-*`, …) and children. */
export function h(doc: Document, tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const element = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "string" ? doc.createTextNode(child) : child);
  }
  return element;
}

/**
 * A host name or pattern as code, with a line-break opportunity after each dot: a long name wraps
 * between labels ("…notebooks." / "azure.net"), not in the middle of one. Its text is unchanged.
 */
function hostCode(doc: Document, host: string): HTMLElement {
  const code = h(doc, "code");
  host.split(".").forEach((label, i, labels) => {
    code.append(doc.createTextNode(i < labels.length - 1 ? `${label}.` : label));
    if (i < labels.length - 1) code.append(doc.createElement("wbr"));
  });
  return code;
}

export function stateOf(report: Report): PopupState {
  if (report.studio === false) return "not-studio";
  return report.findings.length > 0 ? "blocked" : "nothing-blocked";
}

/** A failure kind in the report's words (the same label as the Markdown, CSV and CLI). */
function kindLabel(kind: ReportFailure["kind"], lang: Report["lang"]): string {
  return KIND_TEXT[lang][kind]?.label ?? kind;
}

function kindsOf(finding: ReportFinding, lang: Report["lang"]): string {
  const separator = lang === "ja" ? "、" : ", ";
  return [...new Set(finding.failures.map((f) => f.kind))].map((kind) => kindLabel(kind, lang)).join(separator);
}

function timeOf(iso: string, lang: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleTimeString(lang === "ja" ? "ja-JP" : "en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}

function failureItem(doc: Document, failure: ReportFailure, t: Translate, lang: Report["lang"]): HTMLElement {
  const when = timeOf(failure.lastSeen, lang);
  const count = failure.count === 1 ? t("failureCountOne", when) : t("failureCountMany", [String(failure.count), when]);
  return h(
    doc,
    "li",
    { class: "failure", "data-kind": failure.kind },
    h(
      doc,
      "span",
      {},
      failure.probed && failure.explanation && failure.closeCodes === undefined
        ? failure.explanation
        : kindLabel(failure.kind, lang),
    ),
    failure.websocket && failure.kind !== "websocket" ? parenthesized(t("failureWebSocket"), lang) : null,
    failure.pending ? h(doc, "span", { class: "tag pending", "data-pending": "true" }, t("failurePending")) : null,
    // For sockets that dropped after they opened, the report's explanation says how often and after how long.
    failure.closeCodes !== undefined && failure.explanation
      ? h(doc, "p", { class: "explanation" }, failure.explanation)
      : null,
    h(
      doc,
      "p",
      { class: "meta" },
      failure.host ? hostCode(doc, failure.host) : null,
      failure.host ? " · " : null,
      h(doc, "code", {}, failure.error),
      ` · ${count}`,
    ),
  );
}

function field(doc: Document, label: string, ...content: Child[]): HTMLElement[] {
  return [h(doc, "dt", {}, label), h(doc, "dd", {}, ...content)];
}

/** The hosts to name: Microsoft's pattern, and the exact hosts seen under it when they differ. */
function hostsField(doc: Document, finding: ReportFinding, t: Translate): HTMLElement[] {
  const exact = finding.hosts.filter((host) => !finding.patterns.includes(host));
  return field(
    doc,
    t("cardHosts"),
    h(
      doc,
      "ul",
      { class: "codes" },
      ...finding.patterns.map((pattern) =>
        h(doc, "li", {}, hostCode(doc, pattern), " ", h(doc, "span", { class: "meta" }, t("cardPatternNote"))),
      ),
    ),
    exact.length > 0
      ? h(
          doc,
          "ul",
          { class: "codes" },
          ...exact.map((host) =>
            h(doc, "li", {}, hostCode(doc, host), " ", h(doc, "span", { class: "meta" }, t("cardSeenNote"))),
          ),
        )
      : null,
  );
}

/** One blocked entry: a one-line summary (name and how it failed) that folds out into the details. */
export function renderFinding(doc: Document, finding: ReportFinding, t: Translate, lang: Report["lang"]): HTMLElement {
  const ports = finding.openPorts ?? finding.ports;
  // tcp/443 is every entry's port; a card names ports only when they are something else.
  const showPorts = !(ports.length === 1 && ports[0] === "tcp/443");
  return h(
    doc,
    "details",
    { class: "card", "data-entry": finding.entry },
    h(
      doc,
      "summary",
      {},
      h(doc, "span", { class: "name" }, finding.name ?? finding.entry),
      " — ",
      h(doc, "span", { class: "kind" }, kindsOf(finding, lang)),
    ),
    h(
      doc,
      "div",
      { class: "body" },
      h(
        doc,
        "dl",
        {},
        ...(finding.breaks ? field(doc, t("cardBreaks"), finding.breaks) : []),
        ...field(doc, t("cardAdvice"), h(doc, "p", { class: "advice" }, finding.advice)),
        ...hostsField(doc, finding, t),
        ...(showPorts ? field(doc, t("cardPorts"), ports.join(", ")) : []),
        ...field(
          doc,
          t("cardFailures"),
          h(doc, "ul", { class: "failures" }, ...finding.failures.map((f) => failureItem(doc, f, t, lang))),
        ),
        ...field(doc, t("cardPurpose"), finding.purpose),
        ...(finding.reference
          ? field(
              doc,
              t("cardReference"),
              h(doc, "a", { href: finding.reference, target: "_blank", rel: "noopener" }, t("cardReferenceLink")),
            )
          : []),
      ),
    ),
  );
}

function hostSection(
  doc: Document,
  id: string,
  summary: string,
  hint: string | null,
  items: readonly ReportUnmatched[],
  t: Translate,
  lang: Report["lang"],
): HTMLElement {
  return h(
    doc,
    "details",
    { id },
    h(doc, "summary", {}, summary),
    hint ? h(doc, "p", { class: "hint" }, hint) : null,
    h(
      doc,
      "ul",
      { class: "hosts" },
      ...items.map((item) =>
        h(
          doc,
          "li",
          { "data-host": item.host },
          h(doc, "ul", { class: "failures" }, ...item.failures.map((f) => failureItem(doc, f, t, lang))),
        ),
      ),
    ),
  );
}

/** "4 Azure ML endpoints are blocked…" with the number and its counter kept on one line. */
function headlineOf(doc: Document, count: number, t: Translate): HTMLElement {
  const text = count === 0 ? t("headlineNone") : count === 1 ? t("headlineOne") : t("headlineMany", String(count));
  const headline = h(doc, "h2", { id: "headline" });
  // The number and its counter: one CJK character ("4 件"), else one word ("4 Azure"). Japanese has
  // no spaces, so "a word" there would be the rest of the sentence, too wide to stay on one line.
  const match = count > 0 ? new RegExp(`${count}\\s*(?:[\\u3040-\\u30ff\\u4e00-\\u9fff]|\\S+)`).exec(text) : null;
  if (!match) headline.append(text);
  else
    headline.append(
      text.slice(0, match.index),
      h(doc, "span", { class: "nowrap" }, match[0]),
      text.slice(match.index + match[0].length),
    );
  return headline;
}

/** The headline and the one next step of a state. */
export function renderSummary(doc: Document, report: Report, t: Translate): HTMLElement {
  const state = stateOf(report);
  if (state === "not-studio") {
    return h(
      doc,
      "section",
      { id: "summary", "data-state": state },
      h(doc, "h2", { id: "headline" }, t("notStudioTitle")),
      h(doc, "p", {}, t("notStudioHint")),
    );
  }
  const count = report.findings.length;
  return h(
    doc,
    "section",
    { id: "summary", "data-state": state },
    headlineOf(doc, count, t),
    h(doc, "p", { id: "next-step" }, count === 0 ? t("hintNone") : t("hintBlocked")),
    // The verdict waits for a follow-up probe: say so rather than show a kind that may change.
    report.pendingHosts?.length
      ? h(
          doc,
          "p",
          { id: "pending", class: "pending" },
          t("pendingNote", [String(report.pendingHosts.length), report.pendingHosts.join(", ")]),
        )
      : null,
  );
}

/** The summary of a load that failed: what happened and what to do. */
export function renderLoadError(doc: Document, message: string, t: Translate): HTMLElement {
  return h(
    doc,
    "section",
    { id: "summary", "data-state": "error" },
    h(doc, "h2", { id: "headline" }, t("loadFailedTitle")),
    h(doc, "p", {}, t("loadFailed", message)),
  );
}

const PATH_MESSAGES = {
  direct: "networkPathDirect",
  proxy: "networkPathProxy",
  mixed: "networkPathMixed",
  unknown: "networkPathUnknown",
} as const;

/** The network path in words, whether private endpoints are in use, and each catalog host's address (collapsed). */
function networkSection(doc: Document, report: Report, t: Translate): HTMLElement {
  const network = report.network!;
  const publicCount = new Set(
    report.findings.flatMap((f) => f.failures.filter((x) => x.kind === "private-dns").map((x) => x.host)),
  ).size;
  return h(
    doc,
    "details",
    { id: "network", "data-path": network.path, "data-private-endpoints": String(network.privateEndpoints) },
    h(doc, "summary", {}, t("networkHeading")),
    h(doc, "p", {}, t(PATH_MESSAGES[network.path])),
    network.privateEndpoints ? h(doc, "p", {}, t("networkPrivateEndpoints")) : null,
    publicCount > 0 ? h(doc, "p", {}, t("networkPublicCount", String(publicCount))) : null,
    h(
      doc,
      "ul",
      { class: "hosts" },
      ...network.hosts.map((host) =>
        h(
          doc,
          "li",
          { "data-host": host.host, "data-class": host.proxy ? "proxy" : host.class },
          hostCode(doc, host.host),
          " ",
          h(doc, "code", {}, host.address),
        ),
      ),
    ),
  );
}

const CHECK_MARKS = { reached: "✓", blocked: "✗", "not-seen": "–" } as const;

const STATUS_WORDS = {
  reached: "checklistReached",
  blocked: "checklistBlocked",
  "not-seen": "checklistNotSeen",
} as const;

/** The checklist's lines: a mark (its meaning said by the legend, and in words to screen readers), the name, a hint. */
function checklistItems(doc: Document, report: Report, t: Translate): HTMLElement[] {
  return checklistLines(report).map((line) =>
    h(
      doc,
      "li",
      { "data-entry": line.entry, "data-status": line.status },
      h(doc, "span", { class: "mark", "aria-hidden": "true" }, CHECK_MARKS[line.status]),
      " ",
      h(doc, "span", { class: "name" }, line.name),
      h(doc, "span", { class: "sr-only" }, ` ${t(STATUS_WORDS[line.status])}`),
      line.hint ? h(doc, "span", { class: "hint" }, `${t("checklistHintSeparator")}${line.hint}`) : null,
    ),
  );
}

/** Below the first screen's lines: hosts outside the catalog, other extensions' blocks, the network path, and what works. */
export function renderReport(doc: Document, report: Report, t: Translate): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  const lang = report.lang;
  if (stateOf(report) === "not-studio") return fragment;
  if (report.findings.length > 0) {
    fragment.append(
      h(
        doc,
        "section",
        { id: "findings", "aria-label": t("findingsLabel") },
        ...report.findings.map((finding) => renderFinding(doc, finding, t, lang)),
      ),
    );
  } else {
    // Nothing blocked: what was reached, what was not tried yet (and how to try it), so "nothing
    // found" reads neither as "all fine" nor as "not checked".
    fragment.append(
      h(
        doc,
        "section",
        { id: "checklist" },
        h(doc, "h3", {}, t("checklistHeading")),
        h(doc, "p", { id: "not-the-network" }, t("notTheNetwork")),
        h(doc, "p", { class: "hint legend" }, t("checklistLegend")),
        h(doc, "ul", { class: "checklist" }, ...checklistItems(doc, report, t)),
      ),
    );
  }
  if (report.unmatched.length > 0) {
    fragment.append(
      hostSection(
        doc,
        "unmatched",
        t("unmatchedSummary", String(report.unmatched.length)),
        t("unmatchedHint"),
        report.unmatched,
        t,
        lang,
      ),
    );
  }
  const information = report.information ?? [];
  if (information.length > 0) {
    fragment.append(
      hostSection(doc, "information", t("informationSummary", String(information.length)), null, information, t, lang),
    );
  }
  if (report.network) fragment.append(networkSection(doc, report, t));
  if (report.findings.length > 0 && report.reachable.length > 0) {
    fragment.append(
      h(
        doc,
        "details",
        { id: "reachable" },
        h(doc, "summary", {}, t("reachableSummary", String(report.reachable.length))),
        h(
          doc,
          "ul",
          { class: "hosts" },
          ...report.reachable.map((r) => h(doc, "li", { "data-entry": r.entry }, `✓ ${r.name ?? r.entry}`)),
        ),
      ),
    );
  }
  return fragment;
}
