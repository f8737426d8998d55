// The UI's only door to the backend: one typed function per command.
import { invoke } from '@tauri-apps/api/core';
import type { CheckIn, CommandError, NewCheckIn } from './bindings';

export function saveCheckIn(checkIn: NewCheckIn): Promise<CheckIn> {
  return invoke<CheckIn>('save_check_in', { checkIn });
}

export function listCheckIns(): Promise<CheckIn[]> {
  return invoke<CheckIn[]>('list_check_ins');
}

const fallback: CommandError = {
  kind: 'storage',
  message: "Tend couldn't reach its storage just now. Your text is kept here — you could try again in a moment.",
};

/** Turns whatever a command rejected with into the structured error the backend sends. */
export function asCommandError(error: unknown): CommandError {
  if (typeof error === 'object' && error !== null && 'kind' in error && 'message' in error) {
    const { kind, message } = error as CommandError;
    if (typeof message === 'string') return { kind, message };
  }
  return fallback;
}
