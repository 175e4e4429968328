/**
 * The one polling loop of the test harnesses, every 50 ms (expect.poll works only inside a test, not
 * in hooks or harness helpers). Wait for the state a test asserts, never for a fixed time.
 */

const INTERVAL_MS = 50;

/**
 * Calls `probe` until `done` accepts its value or `timeoutMs` has passed; returns the last value
 * either way, so the caller asserts on what it saw. A probe that throws ends the poll with its error.
 */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() <= deadline) {
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
    value = await probe();
  }
  return value;
}

/**
 * Polls `probe` until `done` accepts its value and returns that value. A probe that throws counts as
 * not done; after `timeoutMs` throws with `what`, the last value and the last error.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  let last: T | undefined;
  let failure: unknown;
  const accepted = await pollUntil(
    async () => {
      try {
        last = await probe();
        return done(last);
      } catch (error) {
        failure = error;
        return false;
      }
    },
    (ok) => ok,
    timeoutMs,
  );
  if (accepted) return last as T;
  throw new Error(
    `${what}: not done after ${timeoutMs} ms; last value ${JSON.stringify(last)}${failure ? `, last error ${String(failure)}` : ""}`,
  );
}
