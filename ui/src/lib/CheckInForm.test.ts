import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import CheckInForm from './CheckInForm.svelte';
import type { CheckIn } from './bindings';

const saved: CheckIn = { id: 1, created_at: '2026-11-25T21:00:00.000+00:00', local_date: '2026-11-25', note: 'hello' };

afterEach(cleanup);

describe('CheckInForm', () => {
  it('saves what was typed and clears the box', async () => {
    const save = vi.fn(async () => saved);
    const onSaved = vi.fn();
    render(CheckInForm, { save, onSaved, describeError: () => ({ kind: 'storage', message: '' }) });
    const box = screen.getByLabelText('Your check-in') as HTMLTextAreaElement;
    await fireEvent.input(box, { target: { value: 'We walked by the river' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save check-in' }));
    await vi.waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
    expect(save).toHaveBeenCalledWith('We walked by the river');
    expect(box.value).toBe('');
  });

  it('says gently that there is nothing to save, and calls nothing', async () => {
    const save = vi.fn(async () => saved);
    render(CheckInForm, { save, onSaved: vi.fn(), describeError: () => ({ kind: 'storage', message: '' }) });
    await fireEvent.click(screen.getByRole('button', { name: 'Save check-in' }));
    expect(save).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain("When you're ready");
  });

  it('keeps the text when saving does not work out', async () => {
    const save = vi.fn(async () => Promise.reject({ kind: 'storage', message: 'Your text is kept here.' }));
    render(CheckInForm, { save, onSaved: vi.fn(), describeError: (e) => e as { kind: 'storage'; message: string } });
    const box = screen.getByLabelText('Your check-in') as HTMLTextAreaElement;
    await fireEvent.input(box, { target: { value: 'still here' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save check-in' }));
    await vi.waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Your text is kept here.'));
    expect(box.value).toBe('still here');
  });
});
