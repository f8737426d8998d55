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
  /** Offers an undo for a deleted check-in; `restored` puts it back where it was shown. */
  deleted: (checkInId: number, restored: (checkIn: import('./bindings').CheckIn) => void) => void;
}

const KEY = Symbol('tend');

export function provideTend(tend: Tend): void {
  setContext(KEY, tend);
}

export function useTend(): Tend {
  return getContext<Tend>(KEY);
}
