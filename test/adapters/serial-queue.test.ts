import { describe, expect, test } from "vitest";
import { SerialQueue } from "../../src/background/serial-queue.js";

/** A promise and the function that resolves it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets timers and I/O callbacks run: more than any number of microtasks. */
const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe("SerialQueue", () => {
  test("work waits for the first link, then runs alone and in order, each piece to its end", async () => {
    const start = deferred();
    const queue = new SerialQueue(start.promise, () => undefined);
    const log: string[] = [];
    const piece = (name: string, pauses: number) => async () => {
      log.push(`${name} start`);
      for (let i = 0; i < pauses; i++) await macrotask();
      log.push(`${name} end`);
    };
    void queue.enqueue(piece("a", 3));
    void queue.enqueue(piece("b", 0));
    const last = queue.enqueue(piece("c", 1));
    await macrotask();
    expect(log).toEqual([]);
    start.resolve();
    await last;
    expect(log).toEqual(["a start", "a end", "b start", "b end", "c start", "c end"]);
  });

  test("a failing piece is reported, its own promise resolves, and the next piece still runs", async () => {
    const errors: unknown[] = [];
    const queue = new SerialQueue(Promise.resolve(), (error) => errors.push(error));
    const ran: string[] = [];
    const failed = queue.enqueue(() => {
      throw new Error("boom");
    });
    const next = queue.enqueue(() => void ran.push("next"));
    await expect(failed).resolves.toBeUndefined();
    await next;
    expect(ran).toEqual(["next"]);
    expect(errors.map((error) => (error as Error).message)).toEqual(["boom"]);
  });

  test("idle waits for kept promises, for work they queue while it waits, and for settle after the last of it", async () => {
    const queue = new SerialQueue(Promise.resolve(), () => undefined);
    const log: string[] = [];
    const probe = deferred();
    // A kept promise (a probe's fetch) that, when it settles, queues more work (its outcome).
    queue.keep(
      probe.promise.then(() => {
        void queue.enqueue(async () => {
          await macrotask();
          log.push("outcome handled");
        });
      }),
    );
    let settled = false;
    let flushes = 0;
    const idle = queue.idle(async () => {
      flushes++;
      log.push("flush");
    });
    void idle.then(() => (settled = true));
    await macrotask();
    expect(settled).toBe(false);
    probe.resolve();
    await idle;
    expect(log.at(-1)).toBe("flush");
    expect(log).toContain("outcome handled");
    expect(log.indexOf("outcome handled")).toBeLessThan(log.lastIndexOf("flush"));
    expect(flushes).toBeGreaterThanOrEqual(1);
  });

  test("idle on an empty queue resolves after one settle", async () => {
    const queue = new SerialQueue(Promise.resolve(), () => undefined);
    let flushes = 0;
    await queue.idle(async () => void flushes++);
    expect(flushes).toBe(1);
  });
});
