/**
 * A rendezvous between producers (one per study being pulled) and the one
 * consumer of an async iterator: `put` resolves only when the consumer has
 * taken the value, so producers never run ahead by more than one item each
 * and memory stays bounded by the number of producers.
 */
export class HandOff<T> {
  private readonly waiting: { readonly value: T; readonly taken: (accepted: boolean) => void }[] =
    [];
  private wake: (() => void) | undefined;
  private closed = false;
  private cancelled = false;
  private failure: { readonly error: unknown } | undefined;

  /** Whether the consumer has gone (see {@link cancel}). */
  get isCancelled(): boolean {
    return this.cancelled;
  }

  /** Offers a value; true once the consumer took it, false when the consumer has gone (stop producing). */
  put(value: T): Promise<boolean> {
    if (this.cancelled || this.failure !== undefined) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.waiting.push({ value, taken: resolve });
      this.notify();
    });
  }

  /** No more values: `take` returns undefined once the waiting ones are taken. */
  close(): void {
    this.closed = true;
    this.notify();
  }

  /** Ends the exchange with an error: the next `take` throws it; waiting producers are released. */
  fail(error: unknown): void {
    if (this.failure === undefined) this.failure = { error };
    this.releaseProducers();
    this.notify();
  }

  /** The consumer has gone: waiting and later producers get false. */
  cancel(): void {
    this.cancelled = true;
    this.releaseProducers();
    this.notify();
  }

  /** The next value, or undefined when closed and drained. Throws the error given to `fail`. */
  async take(): Promise<T | undefined> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure.error;
      const next = this.waiting.shift();
      if (next !== undefined) {
        next.taken(true);
        return next.value;
      }
      if (this.closed || this.cancelled) return undefined;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  private releaseProducers(): void {
    for (const entry of this.waiting.splice(0)) entry.taken(false);
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
