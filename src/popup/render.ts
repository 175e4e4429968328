/**
 * The popup's view of a report: a headline in words, a card per blocked entry, and collapsed
 * sections for other failing hosts and working entries. Pure DOM building from a Report and a
 * message lookup, so it renders the same in the popup, the full page and happy-dom tests.
 */
import type { Report, ReportFailure, ReportFinding, ReportUnmatched } from "../core/report-schema.js";
import type { Translate } from "../ui/i18n.js";

type Child = Node | string | null | undefined | false;

/** Creates an element with attributes (a `class`, `id`, `data-*`, …) and children. */
function h(doc: Document, tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const element = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "string" ? doc.createTextNode(child) : child);
  }
  return element;
}

/** A failure kind in words: the UI locale's name for the kind (`kind_*` messages), else the kind itself. */
function kindWords(failure: ReportFailure, t: Translate): string {
  return t(`kind_${failure.kind.replace(/-/g, "_")}`) || failure.kind;
}

function timeOf(iso: string, lang: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleTimeString(lang === "ja" ? "ja-JP" : "en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

function failureItem(doc: Document, failure: ReportFailure, t: Translate, lang: string): HTMLElement {
  const when = timeOf(failure.lastSeen, lang);
  const count = failure.count === 1 ? t("failureCountOne", when) : t("failureCountMany", [String(failure.count), when]);
  return h(
    doc,
    "li",
    { class: "failure", "data-kind": failure.kind },
    h(doc, "strong", {}, kindWords(failure, t)),
    failure.websocket ? h(doc, "span", { class: "tag" }, t("failureWebSocket")) : null,
    failure.pending ? h(doc, "span", { class: "tag pending", "data-pending": "true" }, t("failurePending")) : null,
    // The kind is already in words above; the report's explanation adds how the cause was found, or
    // for sockets that dropped after they opened, how often and after how long.
    (failure.probed || failure.closeCodes !== undefined) && failure.explanation ? h(doc, "p", { class: "explanation" }, failure.explanation) : null,
    h(doc, "p", { class: "meta" }, h(doc, "code", {}, failure.error), ` · ${count}`),
    failure.sample ? h(doc, "p", { class: "meta" }, h(doc, "code", {}, failure.sample)) : null,
  );
}

function field(doc: Document, label: string, ...content: Child[]): HTMLElement[] {
  return [h(doc, "dt", {}, label), h(doc, "dd", {}, ...content)];
}

function codeList(doc: Document, items: readonly string[]): HTMLElement {
  return h(doc, "ul", { class: "codes" }, ...items.map((item) => h(doc, "li", {}, h(doc, "code", {}, item))));
}

function renderFinding(doc: Document, finding: ReportFinding, t: Translate, lang: string): HTMLElement {
  const titleId = `finding-${finding.entry}`;
  return h(
    doc,
    "article",
    { class: "card", "data-entry": finding.entry, "aria-labelledby": titleId },
    h(doc, "h3", { id: titleId }, finding.patterns.join(", "), finding.websocket ? h(doc, "span", { class: "tag" }, t("websocketNeeded")) : null),
    h(
      doc,
      "dl",
      {},
      ...field(doc, t("cardPurpose"), finding.purpose),
      ...(finding.breaks ? field(doc, t("cardBreaks"), finding.breaks) : []),
      ...field(doc, t("cardFailures"), h(doc, "ul", { class: "failures" }, ...finding.failures.map((f) => failureItem(doc, f, t, lang)))),
      ...field(doc, t("cardHostsSeen"), codeList(doc, finding.hosts)),
      ...field(doc, t("cardPorts"), (finding.openPorts ?? finding.ports).join(", ")),
      ...field(doc, t("cardAdvice"), h(doc, "p", { class: "advice" }, finding.advice)),
    ),
  );
}

function hostSection(doc: Document, id: string, summary: string, hint: string | null, items: readonly ReportUnmatched[], t: Translate, lang: string): HTMLElement {
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
        h(doc, "li", { "data-host": item.host }, h(doc, "code", {}, item.host), h(doc, "ul", { class: "failures" }, ...item.failures.map((f) => failureItem(doc, f, t, lang)))),
      ),
    ),
  );
}

const PATH_MESSAGES = { direct: "networkPathDirect", proxy: "networkPathProxy", mixed: "networkPathMixed", unknown: "networkPathUnknown" } as const;

/** The network path in words, whether private endpoints are in use, and each catalog host's address (collapsed). */
function networkSection(doc: Document, report: Report, t: Translate): HTMLElement {
  const network = report.network!;
  const publicCount = new Set(report.findings.flatMap((f) => f.failures.filter((x) => x.kind === "private-dns").map((x) => x.host))).size;
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
        h(doc, "li", { "data-host": host.host, "data-class": host.proxy ? "proxy" : host.class }, h(doc, "code", {}, host.host), " ", h(doc, "code", {}, host.address)),
      ),
    ),
  );
}

/** The report part of the popup: summary, cards and collapsed sections. */
export function renderReport(doc: Document, report: Report, t: Translate): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  const lang = report.lang;
  if (report.studio === false) {
    fragment.append(
      h(doc, "section", { id: "summary", class: "empty", "data-state": "not-studio" }, h(doc, "h2", { id: "headline" }, t("notStudioTitle")), h(doc, "p", {}, t("notStudioHint"))),
    );
    return fragment;
  }
  const count = report.findings.length;
  const headline = count === 0 ? t("headlineNone") : count === 1 ? t("headlineOne") : t("headlineMany", String(count));
  fragment.append(
    h(
      doc,
      "section",
      { id: "summary", class: count === 0 ? "empty" : "blocked", "data-state": count === 0 ? "nothing-blocked" : "blocked" },
      h(doc, "h2", { id: "headline" }, headline),
      h(doc, "p", {}, count === 0 ? t("hintNone") : t("hintBlocked")),
      // The verdict waits for a follow-up probe: say so rather than show a kind that may change.
      report.pendingHosts?.length ? h(doc, "p", { id: "pending", class: "pending" }, t("pendingNote", [String(report.pendingHosts.length), report.pendingHosts.join(", ")])) : null,
    ),
  );
  if (count > 0) {
    fragment.append(h(doc, "section", { id: "findings" }, ...report.findings.map((finding) => renderFinding(doc, finding, t, lang))));
  }
  if (report.unmatched.length > 0) {
    fragment.append(hostSection(doc, "unmatched", t("unmatchedSummary", String(report.unmatched.length)), t("unmatchedHint"), report.unmatched, t, lang));
  }
  const information = report.information ?? [];
  if (information.length > 0) {
    fragment.append(hostSection(doc, "information", t("informationSummary", String(information.length)), null, information, t, lang));
  }
  if (report.network) fragment.append(networkSection(doc, report, t));
  if (report.reachable.length > 0) {
    fragment.append(
      h(
        doc,
        "details",
        { id: "reachable" },
        h(doc, "summary", {}, t("reachableSummary", String(report.reachable.length))),
        h(doc, "ul", { class: "hosts" }, ...report.reachable.map((r) => h(doc, "li", { "data-entry": r.entry }, h(doc, "strong", {}, r.entry), " ", ...r.hosts.map((host) => h(doc, "code", {}, host))))),
      ),
    );
  }
  return fragment;
}
