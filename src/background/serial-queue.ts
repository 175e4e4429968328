/**
 * The worker's event queue: every event's work runs alone and in arrival order, after the stored
 * sessions are read back (the queue's first link), so a handler never sees half-loaded state or
 * another handler's half-done change. Work that may run beside the queue (a probe's fetch, a badge
 * write) is kept with `keep`, so `idle` can wait for it too.
 */
export class SerialQueue {
  private chain: Promise<void>;
  private readonly kept = new Set<Promise<unknown>>();

  /**
   * @param first what every queued piece of work waits for (the worker's start-up)
   * @param onError where a failed piece of work is reported; the queue goes on with the next one
   */
  constructor(
    first: Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {
    this.chain = first;
  }

  /** Runs `work` after everything queued before it; resolves when it is done (never rejects). */
  enqueue(work: () => void | Promise<void>): Promise<void> {
    this.chain = this.chain.then(work).catch((error: unknown) => {
      this.onError(error);
    });
    return this.chain;
  }

  /** Keeps a promise that runs beside the queue until it settles (its rejection is `idle`'s to see). */
  keep(promise: Promise<unknown>): void {
    this.kept.add(promise);
    void promise.finally(() => this.kept.delete(promise));
  }

  /**
   * Resolves when the queue is empty and every kept promise has settled, `settle` included (the
   * worker writes its storage there); work queued or kept meanwhile is waited for as well.
   */
  async idle(settle: () => Promise<void> = async () => undefined): Promise<void> {
    for (;;) {
      const pending = this.chain;
      await pending;
      await Promise.all([...this.kept]);
      await settle();
      if (pending === this.chain && this.kept.size === 0) return;
    }
  }
}
