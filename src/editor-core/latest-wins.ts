/**
 * Debounced runs keyed by document: scheduling a key again replaces its
 * pending run, so after a burst of edits only the latest one is analysed.
 */
export class LatestWins {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  schedule(key: string, delayMs: number, run: () => void): void {
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        run();
      }, delayMs),
    );
  }

  /** True while a run for `key` waits: a newer edit arrived, its own run will publish. */
  isPending(key: string): boolean {
    return this.timers.has(key);
  }

  cancel(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
