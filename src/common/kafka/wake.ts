/** A loop's wake-up call: `poke()` ends the current wait at once, or marks the next pass as woken. */
export class Wake {
  #woken = false;
  #wake: (() => void) | null = null;

  /** Poked since the last `reset()`. */
  get woken(): boolean {
    return this.#woken;
  }

  reset(): void {
    this.#woken = false;
  }

  poke(): void {
    this.#woken = true;
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  /** Resolves after `timeoutMs` or at the next `poke()`. */
  wait(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = null;
        resolve();
      }, timeoutMs);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
