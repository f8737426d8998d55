// Everything with words not yet saved, in one place, so closing the window can save them all
// first and, if that doesn't work out, keep the window open and let the person choose.

export interface Unsaved {
  /** Whether words are waiting to be saved (a save is due, or the last one didn't work out). */
  readonly dirty: boolean;
  /** Saves now what is waiting; resolves when the attempt is over, saved or not. */
  flush(): Promise<void>;
  /** Forgets what is waiting and stops trying: only when the person chooses it. */
  discard(): void;
}

const open = new Set<Unsaved>();

/** Keeps track of `unsaved` until the returned function is called. */
export function track(unsaved: Unsaved): () => void {
  open.add(unsaved);
  return () => open.delete(unsaved);
}

/** Saves everything waiting; true when nothing is left unsaved. */
export async function saveEverything(): Promise<boolean> {
  await Promise.all([...open].map((u) => u.flush()));
  return ![...open].some((u) => u.dirty);
}

/** The person chose to close without what couldn't be saved. */
export function discardEverything(): void {
  for (const u of open) u.discard();
  open.clear();
}

/** A journal entry whose editor closed while its words were still unsaved: it goes on trying
 * in the background, and the journal reopens it so the words are back on screen. */
export interface StrandedEntry {
  readonly id: number | null;
  readonly title: string;
  readonly body: string;
  readonly tags: string;
  readonly checkInId: number | null;
  /** Stops the closed editor's own tries: the reopened editor takes over. */
  takeOver(): void;
}

export const stranded: { entry: StrandedEntry | null } = { entry: null };
