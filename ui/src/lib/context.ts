// What every screen needs, shared once from App instead of passed through each component.
import { getContext, setContext } from 'svelte';
import type { Api } from './api';
import type { KnownLabels, Preferences } from './bindings';

export interface Tend {
  api: Api;
  /** Live: reading a field inside an effect or template tracks it. */
  readonly preferences: Preferences;
  readonly known: KnownLabels;
  setPreferences: (preferences: Preferences) => Promise<void>;
  refreshKnown: () => void;
  /** Offers an undo after a delete: `what` names it ("Check-in"), `undo` brings it back. */
  deleted: (what: string, undo: () => Promise<void>) => void;
  /** Opens the journal on a new entry, saying more about a check-in or answering a prompt. */
  writeAbout: (start: EntryStart) => void;
  /** The new entry the journal should open with, taken once. */
  takeEntryStart: () => EntryStart | null;
  /** Opens the promise ledger on a new promise, from what a check-in says they asked. */
  makePromise: (start: PromiseStart) => void;
  /** The new promise the ledger should open with, taken once. */
  takePromiseStart: () => PromiseStart | null;
  /** Quits Tend once every word is saved (or the person chooses to discard what can't be). */
  quit: () => Promise<void>;
}

export interface EntryStart {
  checkInId?: number;
  prompt?: string;
}

export interface PromiseStart {
  checkInId: number;
  asked: string;
}

const KEY = Symbol('tend');

export function provideTend(tend: Tend): void {
  setContext(KEY, tend);
}

export function useTend(): Tend {
  return getContext<Tend>(KEY);
}
