import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { lockTend } = await import('./lock');
const { track } = await import('./unsaved');

function backend(passphrase: boolean, locks = true) {
  invoke.mockImplementation((command: string) => {
    if (command === 'privacy') {
      return Promise.resolve({ passphrase, locked: false, recovered: false, auto_lock_seconds: null });
    }
    if (command === 'lock_now') return Promise.resolve(locks);
    return Promise.resolve(null);
  });
}

beforeEach(() => {
  invoke.mockReset();
  document.body.inert = false;
});

describe('locking from the window', () => {
  it('does nothing without a passphrase', async () => {
    backend(false);
    expect(await lockTend()).toBeNull();
    expect(invoke).not.toHaveBeenCalledWith('lock_now', expect.anything());
    expect(document.body.inert).toBe(false);
  });

  it('saves every word first, and nothing can be typed until the fresh page', async () => {
    backend(true);
    let saved = false;
    const stop = track({
      get dirty() {
        return !saved;
      },
      flush: () => {
        // While the words are being saved, the page takes no new ones.
        expect(document.body.inert).toBe(true);
        saved = true;
        return Promise.resolve();
      },
      discard: () => undefined,
    });
    expect(await lockTend()).toBeNull();
    expect(saved).toBe(true);
    expect(invoke.mock.calls.map((call) => call[0])).toEqual(['privacy', 'lock_now']);
    expect(document.body.inert).toBe(true);
    stop();
  });

  it('stays open, with the words on screen and the page usable, when they cannot be saved', async () => {
    backend(true);
    const stop = track({ dirty: true, flush: () => Promise.resolve(), discard: () => undefined });
    const stayed = await lockTend();
    expect(stayed).toContain('Tend stayed open');
    expect(invoke.mock.calls.map((call) => call[0])).toEqual(['privacy']);
    expect(document.body.inert).toBe(false);
    stop();
  });
});
