// Answers that arrive out of order: a slow search or month must never overwrite a newer one.
// Each request gets a number; only the answer to the newest request made is taken.

export class Newest {
  #asked = 0;

  /** Answers to every request made so far no longer count (the question was taken back). */
  forget(): void {
    this.#asked++;
  }

  /** Runs `request`; its answer (or error) counts only if no newer request was made since.
   * Resolves to `null` for an answer that came too late to matter. */
  async take<T>(request: () => Promise<T>): Promise<{ value: T } | null> {
    const mine = ++this.#asked;
    try {
      const value = await request();
      return mine === this.#asked ? { value } : null;
    } catch (error) {
      if (mine === this.#asked) throw error;
      return null;
    }
  }
}
