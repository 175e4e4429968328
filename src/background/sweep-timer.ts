/**
 * The sweep of requests that never finished: one timer, set for when the oldest in-flight request
 * has waited 15 s (request-tracker.ts), whose sweep runs on the event queue.
 */
import { nextSweepAt, sweep, type Outcome } from "./request-tracker.js";
import type { SerialQueue } from "./serial-queue.js";
import type { SessionStore, Timers } from "./session-store.js";

export interface SweepTimerDeps extends Timers {
  store: SessionStore;
  queue: SerialQueue;
  /** Epoch milliseconds. */
  now(): number;
  /** Where a swept request's outcome goes (the tab's diagnosis or the prober). */
  handleOutcome(outcome: Outcome): void;
}

export class SweepTimer {
  private timer: unknown;

  constructor(private readonly deps: SweepTimerDeps) {}

  /** Sets the timer for the next request due, or clears it when none is in flight. */
  schedule(): void {
    const { store, queue, now } = this.deps;
    const due = nextSweepAt(store);
    if (this.timer !== undefined) this.deps.clearTimeout(this.timer);
    this.timer = undefined;
    if (due === undefined) return;
    this.timer = this.deps.setTimeout(
      () => {
        this.timer = undefined;
        void queue.enqueue(() => this.run());
      },
      Math.max(250, due - now()),
    );
  }

  /** Sweeps the requests due now (call on the event queue), then sets the timer again. */
  run(): void {
    for (const outcome of sweep(this.deps.store, this.deps.now())) this.deps.handleOutcome(outcome);
    this.schedule();
  }
}
