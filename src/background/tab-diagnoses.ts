/**
 * Each studio tab's diagnosis, fed by the worker: an observation or a WebSocket close goes into the
 * tab's state, the badge follows, and an ambiguous failure asks the prober for a follow-up probe.
 */
import type { Catalog } from "../core/catalog/types.js";
import { reduce, reduceSocketClose } from "../core/diagnosis.js";
import { blockedEntryIds, createState } from "../core/diagnosis-state.js";
import { observedClose } from "../core/make-observation.js";
import type { Observation } from "../core/observation.js";
import { parseSocketClose } from "../core/websocket-health.js";
import type { Badges } from "./badge.js";
import type { Checks } from "./check.js";
import type { Prober } from "./prober.js";
import type { Outcome } from "./request-tracker.js";
import type { SerialQueue } from "./serial-queue.js";
import type { SessionStore, TabRecord } from "./session-store.js";
import type { WorkerSettings } from "./worker-settings.js";

export interface TabDiagnosesDeps {
  catalog: Catalog;
  store: SessionStore;
  badges: Badges;
  queue: SerialQueue;
  settings: WorkerSettings;
  checks: Pick<Checks, "noteHost">;
  /** The prober, which itself feeds its outcomes back here (so it is made after this). */
  prober(): Prober;
  /** Epoch milliseconds. */
  now(): number;
}

export class TabDiagnoses {
  constructor(private readonly deps: TabDiagnosesDeps) {}

  /** The tab's session, made (with an empty diagnosis) on first use. */
  sessionOf(tabId: number): TabRecord {
    const record = this.deps.store.touchTab(tabId);
    record.state ??= createState();
    return record;
  }

  /** Feeds one observation to a tab's diagnosis, then updates its badge and asks for probes. */
  observe(tabId: number, observation: Observation): void {
    const { catalog, checks, now } = this.deps;
    const record = this.sessionOf(tabId);
    record.state = reduce(record.state ?? createState(), observation, now(), catalog);
    checks.noteHost(observation.host);
    this.showBadge(tabId);
    this.deps.prober().afterObservation(observation);
  }

  showBadge(tabId: number, force = false): void {
    const { store, settings, queue, badges } = this.deps;
    const record = store.tab(tabId);
    const count = record?.state ? blockedEntryIds(record.state, settings.ranges).length : 0;
    queue.keep(badges.show(tabId, { count, studio: record?.studio === true }, force));
  }

  /** A finished request: a probe's answer goes to the prober, a studio tab's to its diagnosis. */
  handleOutcome(outcome: Outcome | undefined): void {
    if (!outcome) return;
    const { request, observation } = outcome;
    if (request.probeHost) this.deps.prober().finish(request.probeHost, observation);
    else if (this.deps.store.tab(request.tabId)) this.observe(request.tabId, observation);
  }

  /** A WebSocket close reported by a studio tab's content script: only what parseSocketClose accepts. */
  observeSocketClose(tabId: number, close: unknown): void {
    const { store, catalog, now } = this.deps;
    const record = store.tab(tabId);
    if (!record?.studio) return;
    const parsed = parseSocketClose(close, now());
    if (!parsed.ok) return;
    const before = record.state ? blockedEntryIds(record.state).length : 0;
    record.state = reduceSocketClose(record.state ?? createState(), observedClose(parsed.close), catalog);
    store.touchTab(tabId);
    if (blockedEntryIds(record.state).length !== before) this.showBadge(tabId);
  }
}
