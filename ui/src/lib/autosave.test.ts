import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave } from './autosave';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('Autosave', () => {
  it('saves one second after the last change', async () => {
    const save = vi.fn(async () => {});
    const autosave = new Autosave(save);
    autosave.changed();
    await vi.advanceTimersByTimeAsync(999);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('saves at least every 1.5 seconds while changes keep coming', async () => {
    const save = vi.fn(async () => {});
    const autosave = new Autosave(save);
    for (let ms = 0; ms < 10_000; ms += 100) {
      autosave.changed();
      await vi.advanceTimersByTimeAsync(100);
    }
    // Ten seconds of typing, a change every 100 ms: a save every 1.5 s.
    expect(save.mock.calls.length).toBeGreaterThanOrEqual(6);
  });

  it('saves again when something changed during a save', async () => {
    let finish: () => void = () => {};
    const save = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const autosave = new Autosave(save);
    autosave.changed();
    const first = autosave.flush();
    autosave.changed();
    finish();
    await first;
    const second = autosave.flush();
    await vi.advanceTimersByTimeAsync(0);
    finish();
    await second;
    expect(save).toHaveBeenCalledTimes(2);
    expect(autosave.dirty).toBe(false);
  });

  it('keeps a failed save unsaved', async () => {
    const autosave = new Autosave(async () => Promise.reject(new Error('disk')));
    autosave.changed();
    await autosave.flush();
    expect(autosave.dirty).toBe(true);
  });

  it('tries a failed save again until it works, with nothing typed meanwhile', async () => {
    let full = true;
    const save = vi.fn(async () => {
      if (full) throw new Error('disk full');
    });
    const autosave = new Autosave(save);
    autosave.changed();
    await autosave.flush();
    expect(save).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(save).toHaveBeenCalledTimes(2);
    expect(autosave.dirty).toBe(true);
    full = false;
    await vi.advanceTimersByTimeAsync(2000);
    expect(save).toHaveBeenCalledTimes(3);
    expect(autosave.dirty).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(save).toHaveBeenCalledTimes(3);
  });

  it('stops trying once the person discards', async () => {
    const save = vi.fn(async () => Promise.reject(new Error('disk full')));
    const autosave = new Autosave(save);
    autosave.changed();
    await autosave.flush();
    autosave.discard();
    expect(autosave.dirty).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(save).toHaveBeenCalledTimes(1);
  });
});

describe('Autosave, discarded mid-save', () => {
  it('never retries a save that was on its way when the words were discarded', async () => {
    let fail: (e: Error) => void = () => {};
    const save = vi.fn(() => new Promise<void>((_, reject) => (fail = reject)));
    const autosave = new Autosave(save);
    autosave.changed();
    const saving = autosave.flush();
    autosave.discard();
    fail(new Error('disk full'));
    await saving;
    expect(autosave.dirty).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('waits for the next change when a failure is not worth retrying', async () => {
    const save = vi.fn(async () => Promise.reject(new Error('too many tags')));
    const autosave = new Autosave(save, 1000, 1500, undefined, 2000, () => false);
    autosave.changed();
    await autosave.flush();
    expect(autosave.dirty).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(save).toHaveBeenCalledTimes(1);
  });
});

describe('saving everything before the window closes', () => {
  it('answers false while anything is unsaved, and true once it is', async () => {
    const { saveEverything, track, discardEverything } = await import('./unsaved');
    let full = true;
    const journal = new Autosave(async () => {
      if (full) throw new Error('disk full');
    });
    const draft = new Autosave(async () => {});
    const stop = [track(journal), track(draft)];
    journal.changed();
    draft.changed();
    expect(await saveEverything()).toBe(false);
    expect(draft.dirty).toBe(false);
    full = false;
    expect(await saveEverything()).toBe(true);
    journal.changed();
    full = true;
    expect(await saveEverything()).toBe(false);
    discardEverything();
    expect(await saveEverything()).toBe(true);
    stop.forEach((s) => s());
  });
});
