/** Ascending timestamps, trimmed from the front in O(1) amortised: the memory of a sliding window. */
export class TimestampLog {
  #times: number[] = [];
  #head = 0;

  push(time: number): void {
    this.#times.push(time);
  }

  /** Forgets entries older than `oldest`. */
  trim(oldest: number): void {
    while (this.#head < this.#times.length && this.#times[this.#head]! < oldest) this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
  }

  get size(): number {
    return this.#times.length - this.#head;
  }

  /** The n-th newest entry (1 = newest). */
  fromEnd(n: number): number | undefined {
    return n <= this.size ? this.#times[this.#times.length - n] : undefined;
  }

  countSince(time: number): number {
    let count = 0;
    for (let index = this.#times.length - 1; index >= this.#head && this.#times[index]! >= time; index--)
      count++;
    return count;
  }
}
