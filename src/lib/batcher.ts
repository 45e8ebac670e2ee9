/**
 * Group commit for asynchronous work: calls that arrive while a batch is being processed wait and
 * are processed together as the next batch. Under load the batches grow by themselves (many requests
 * share one database transaction or query); when idle, a call is processed at once, alone, so nothing
 * waits for a timer.
 */

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface BatcherOptions {
  /** The most items one batch takes; the rest wait for the next. */
  maxBatchSize: number;
  /** Batches processed at the same time. */
  concurrency?: number;
}

/**
 * `process` gets the waiting items and settles each one: the result at the same index answers that
 * item's call. When `process` itself throws, every item of the batch fails with that error.
 */
export class Batcher<Item, Result> {
  readonly #process: (items: Item[]) => Promise<Settled<Result>[]>;
  readonly #maxBatchSize: number;
  readonly #concurrency: number;
  #queue: { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  #running = 0;
  #scheduled = false;
  #idle: (() => void)[] = [];

  constructor(process: (items: Item[]) => Promise<Settled<Result>[]>, options: BatcherOptions) {
    this.#process = process;
    this.#maxBatchSize = options.maxBatchSize;
    this.#concurrency = options.concurrency ?? 1;
  }

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#schedule();
    });
  }

  /** Resolves when nothing waits and nothing runs (for a graceful shutdown). */
  drained(): Promise<void> {
    if (this.#queue.length === 0 && this.#running === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #schedule(): void {
    if (this.#scheduled || this.#running >= this.#concurrency || this.#queue.length === 0) return;
    this.#scheduled = true;
    // Calls made in the same turn of the event loop (e.g. requests parsed from one read) join in.
    setImmediate(() => {
      this.#scheduled = false;
      this.#runNext();
    });
  }

  #runNext(): void {
    if (this.#running >= this.#concurrency || this.#queue.length === 0) return;
    const batch = this.#queue.splice(0, this.#maxBatchSize);
    this.#running++;
    this.#process(batch.map((entry) => entry.item))
      .then(
        (results) => {
          batch.forEach((entry, index) => {
            const result = results[index];
            if (!result) entry.reject(new Error("The batch gave no result for this item."));
            else if (result.ok) entry.resolve(result.value);
            else entry.reject(result.error);
          });
        },
        (error: unknown) => {
          for (const entry of batch) entry.reject(error);
        },
      )
      .finally(() => {
        this.#running--;
        if (this.#queue.length > 0) this.#runNext();
        // More may wait than one batch takes while others run: keep every free slot busy.
        this.#schedule();
        if (this.#queue.length === 0 && this.#running === 0) {
          for (const resolve of this.#idle.splice(0)) resolve();
        }
      });
  }
}
