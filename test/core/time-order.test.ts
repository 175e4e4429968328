import { describe, expect, test } from "vitest";
import { TimeOrder } from "../../src/core/time-order.js";

function run(window: number, times: number[]): { out: string[]; late: number } {
  const out: string[] = [];
  const order = new TimeOrder<{ time: number; id: string }>(window, (item) => out.push(item.id));
  times.forEach((time, i) => order.push({ time, id: `${time}:${i}` }));
  order.flush();
  return { out, late: order.late };
}

describe("TimeOrder: items back in time order through a bounded window", () => {
  test("within the window, the order is exactly a stable sort by time", () => {
    const times = [5, 3, 9, 3, 1, 5, 0, 8];
    const sorted = times.map((time, i) => ({ time, id: `${time}:${i}` })).sort((a, b) => a.time - b.time);
    expect(run(100, times)).toEqual({ out: sorted.map((x) => x.id), late: 0 });
  });

  test("equal times keep their arrival order, however many there are", () => {
    expect(run(3, [1, 1, 1, 1, 1, 1]).out).toEqual(["1:0", "1:1", "1:2", "1:3", "1:4", "1:5"]);
  });

  test("an item later than the window is passed on where it comes, and counted", () => {
    // The window holds 2: 10, 11 and 12 come before 1, so 10 is already passed on when 1 arrives.
    expect(run(2, [10, 11, 12, 1])).toEqual({ out: ["10:0", "1:3", "11:1", "12:2"], late: 1 });
  });

  test("what it holds never passes the window: a million items with a window of 10 hold 10", () => {
    let held = 0;
    let most = 0;
    const order = new TimeOrder<{ time: number }>(10, () => held--);
    for (let i = 0; i < 1_000_000; i++) {
      held++;
      most = Math.max(most, held);
      order.push({ time: (i * 7919) % 1000 });
    }
    order.flush();
    expect(most).toBe(11); // the one pushed, before the oldest is passed on
    expect(held).toBe(0);
  });
});
