// When words being written are saved: at most `idleMs` after the last keystroke, and at least
// every `everyMs` while typing goes on, one save at a time, never losing a change made during
// a save. A save that doesn't work out is tried again `retryMs` later, for as long as it
// takes, while the words stay on screen. Times are injected so the rules can be tested
// without a real clock.

export interface AutosaveTimers {
  set: (fn: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

const realTimers: AutosaveTimers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class Autosave {
  #idle: unknown = null;
  #every: unknown = null;
  #retry: unknown = null;
  #dirty = false;
  #saving: Promise<void> | null = null;
  /** Bumped by `discard`: a save already on its way when the words were discarded (or handed
   * to another editor) must not bring them back by retrying. */
  #generation = 0;

  constructor(
    private save: () => Promise<void>,
    private idleMs = 1000,
    private everyMs = 1500,
    private timers: AutosaveTimers = realTimers,
    private retryMs = 2000,
    /** Which failures are worth trying again unchanged (a full disk is; words too long are not:
     * they wait for the person's next change). */
    private retryIf: (error: unknown) => boolean = () => true,
  ) {}

  /** Something changed: a save is due soon. */
  changed(): void {
    this.#dirty = true;
    if (this.#idle !== null) this.timers.clear(this.#idle);
    this.#idle = this.timers.set(() => void this.flush(), this.idleMs);
    this.#every ??= this.timers.set(() => void this.flush(), this.everyMs);
  }

  /** Saves now if anything is unsaved (on blur, leaving, closing); resolves when saved. */
  async flush(): Promise<void> {
    if (this.#idle !== null) this.timers.clear(this.#idle);
    if (this.#every !== null) this.timers.clear(this.#every);
    this.#idle = this.#every = null;
    while (this.#saving) await this.#saving;
    if (!this.#dirty) return;
    this.#dirty = false;
    const generation = this.#generation;
    this.#saving = this.save().catch((error: unknown) => {
      if (generation !== this.#generation) return;
      // The caller shows what went wrong; the change is still unsaved, and tried again soon.
      this.#dirty = true;
      if (!this.retryIf(error)) return;
      this.#retry ??= this.timers.set(() => {
        this.#retry = null;
        void this.flush();
      }, this.retryMs);
    });
    await this.#saving;
    this.#saving = null;
  }

  /** Forgets what is unsaved (the person chose to discard it) and stops trying. */
  discard(): void {
    for (const handle of [this.#idle, this.#every, this.#retry]) if (handle !== null) this.timers.clear(handle);
    this.#idle = this.#every = this.#retry = null;
    this.#dirty = false;
    this.#generation++;
  }

  get dirty(): boolean {
    return this.#dirty;
  }
}

/** How a form's draft is kept as it is typed: soon after the last keystroke, often while typing
 * goes on, and tried again while storage is away (a full disk, say). */
export function draftAutosave(save: () => Promise<void>, retryIf: (error: unknown) => boolean): Autosave {
  return new Autosave(save, 400, 1500, undefined, 2000, retryIf);
}
