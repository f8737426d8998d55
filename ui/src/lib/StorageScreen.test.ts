import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));
vi.mock('@tauri-apps/api/event', () => ({ listen: () => Promise.resolve(() => {}) }));

const { default: StorageScreen } = await import('./StorageScreen.svelte');

afterEach(() => {
  cleanup();
  invoke.mockReset();
});

describe('StorageScreen', () => {
  it('offers both ways back from damage, and says what came back', async () => {
    invoke.mockResolvedValue({ check_ins: 41, entries: 1, unreadable: true });
    const onopened = vi.fn();
    render(StorageScreen, {
      storage: { state: 'needs_recovery', backup: { taken: '2026-11-30T08:00:00Z' } },
      onopened,
    });
    expect(screen.getByRole('button', { name: /Go back to the copy from/ })).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Bring back what can be read' }));
    const said = await screen.findByTestId('recovered');
    expect(invoke).toHaveBeenCalledWith('recover', { how: 'salvage' });
    expect(said.textContent).toBe('Tend brought back 41 check-ins and 1 journal entry.');
    expect(screen.getByText(/some words may be missing/)).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Open Tend' }));
    expect(onopened).toHaveBeenCalledOnce();
  });

  it('offers no backup when there is none, and keeps the choice open when recovering fails', async () => {
    invoke.mockRejectedValue({ kind: 'storage', message: 'The disk is full just now.' });
    render(StorageScreen, { storage: { state: 'needs_recovery', backup: null } });
    expect(screen.queryByRole('button', { name: /Go back to the copy/ })).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Bring back what can be read' }));
    expect(await screen.findByText('The disk is full just now.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Bring back what can be read' })).toBeTruthy();
  });

  it('offers to try again only when trying again can help', async () => {
    const problem = { kind: 'storage' as const, message: 'The folder could not be reached.' };
    render(StorageScreen, { storage: { state: 'unavailable', problem, retry: false } });
    expect(screen.getByTestId('storage-problem').textContent).toBe(problem.message);
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    cleanup();

    invoke.mockResolvedValue({ state: 'open' });
    const onopened = vi.fn();
    render(StorageScreen, { storage: { state: 'unavailable', problem, retry: true }, onopened });
    await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await vi.waitFor(() => expect(onopened).toHaveBeenCalledOnce());
    expect(invoke).toHaveBeenCalledWith('retry_open', undefined);
  });
});
