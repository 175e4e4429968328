/**
 * Items put back in time order through a bounded window, for a reader that must not hold a whole
 * file: a HAR lists entries by start time, but an outcome's time is start plus duration, so a long
 * request comes out of order by the entries that started while it ran. The window holds at most
 * `window` items (a binary heap on time, then arrival); an item later than that is passed on when
 * it comes and counted in `late`.
 * @example
 * const order = new TimeOrder<{ time: number }>(2, (item) => out.push(item.time));
 * [3, 1, 2].forEach((time) => order.push({ time })); order.flush(); // out: [1, 2, 3]
 */
export class TimeOrder<T extends { time: number }> {
  private readonly heap: Array<{ item: T; seq: number }> = [];
  private seq = 0;
  private lastTime = -Infinity;
  /** Items passed on after one with a later time: they arrived more than `window` items late. */
  late = 0;

  constructor(
    private readonly window: number,
    private readonly emit: (item: T) => void,
  ) {}

  push(item: T): void {
    this.heap.push({ item, seq: this.seq++ });
    this.up(this.heap.length - 1);
    if (this.heap.length > this.window) this.pass(this.pop());
  }

  /** Passes on everything still held, in order. */
  flush(): void {
    while (this.heap.length > 0) this.pass(this.pop());
  }

  private pass(item: T): void {
    if (item.time < this.lastTime) this.late++;
    else this.lastTime = item.time;
    this.emit(item);
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a]!;
    const y = this.heap[b]!;
    return x.item.time < y.item.time || (x.item.time === y.item.time && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const x = this.heap[a]!;
    this.heap[a] = this.heap[b]!;
    this.heap[b] = x;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private pop(): T {
    const top = this.heap[0]!.item;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let first = i;
        if (left < this.heap.length && this.before(left, first)) first = left;
        if (right < this.heap.length && this.before(right, first)) first = right;
        if (first === i) break;
        this.swap(i, first);
        i = first;
      }
    }
    return top;
  }
}
