import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { api, asCommandError } = await import('./api');

beforeEach(() => {
  invoke.mockReset();
});

describe('the command door', () => {
  it('refuses text with half a character before sending it, gently', async () => {
    const broken = `A walk by the river ${'\uD83C'}`;
    const error = await api.saveEntry(null, { title: '', body: broken, tags: [], check_in_id: null }).catch((e) => e);
    expect(invoke).not.toHaveBeenCalled();
    expect(asCommandError(error).kind).toBe('invalid_input');
    expect(asCommandError(error).message).toContain('nothing was sent');
  });

  it('sends whole emoji and every script as they are', async () => {
    invoke.mockResolvedValue([]);
    await api.search({ text: 'walk 🌿 散步 😊', tag: null, from: null, to: null });
    expect(invoke).toHaveBeenCalledTimes(1);
  });

  it('turns arguments Tauri could not read into invalid input, not storage', async () => {
    invoke.mockImplementation(() => {
      throw 'invalid args `checkIn` for command `save_check_in`: invalid type: floating point';
    });
    const error = await api.checkInsOn('2026-02-30').catch((e: unknown) => e);
    expect(asCommandError(error).kind).toBe('invalid_input');
    expect(asCommandError(error).message).not.toContain('storage');
  });
});
