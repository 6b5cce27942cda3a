/** A binary min-heap ordered by a comparison function. */
export class MinHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly less: (a: T, b: T) => boolean) {}

  /** Returns the number of items held. */
  get size(): number {
    return this.items.length;
  }

  /** Returns the smallest item without removing it. */
  peek(): T | undefined {
    return this.items[0];
  }

  /** Adds an item in O(log n). */
  push(item: T): void {
    this.items.push(item);
    this.siftUp(this.items.length - 1);
  }

  /** Removes and returns the smallest item in O(log n). */
  pop(): T | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (this.items.length > 0 && last !== undefined) {
      this.items[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Keeps only the items `keep` accepts, then restores heap order in O(n). */
  retain(keep: (item: T) => boolean): void {
    const kept = this.items.filter(keep);
    this.items.length = 0;
    this.items.push(...kept);
    for (let i = Math.floor(this.items.length / 2) - 1; i >= 0; i -= 1) this.siftDown(i);
  }

  private siftUp(start: number): void {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.lessAt(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(start: number): void {
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < this.items.length && this.lessAt(left, smallest)) smallest = left;
      if (right < this.items.length && this.lessAt(right, smallest)) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private lessAt(a: number, b: number): boolean {
    return this.less(this.items[a] as T, this.items[b] as T);
  }

  private swap(a: number, b: number): void {
    const tmp = this.items[a] as T;
    this.items[a] = this.items[b] as T;
    this.items[b] = tmp;
  }
}
