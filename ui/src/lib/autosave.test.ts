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
});
