import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import CheckInForm from './CheckInForm.svelte';
import type { CheckIn, NewCheckIn, Question } from './bindings';
import { checkIn } from './fixtures';
import { QUESTION_ORDER } from './words';

const saved = checkIn(1, { note: 'hello' });
const known = { activities: ['Walk'], feelings: [] };
const describeError = (e: unknown) => e as { kind: 'storage'; message: string };

function form(save: (a: NewCheckIn) => Promise<CheckIn>, questions: Question[] = QUESTION_ORDER, initial?: CheckIn) {
  const onSaved = vi.fn();
  render(CheckInForm, { questions, known, save, onSaved, describeError, initial });
  return onSaved;
}

afterEach(cleanup);

describe('CheckInForm', () => {
  it('saves every answer given and clears the form', async () => {
    const save = vi.fn(async (_: NewCheckIn) => saved);
    const onSaved = form(save);
    await fireEvent.input(screen.getByLabelText('Minutes together'), { target: { value: '40' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Walk' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Fully there' }));
    await fireEvent.click(screen.getByRole('button', { name: 'calm' }));
    const note = screen.getByLabelText('Anything else on your mind?') as HTMLTextAreaElement;
    await fireEvent.input(note, { target: { value: 'We walked by the river' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save check-in' }));
    await vi.waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
    expect(save.mock.calls[0]?.[0]).toMatchObject({
      together_minutes: 40,
      activities: ['Walk'],
      presence: 'fully',
      feelings: ['calm'],
      note: 'We walked by the river',
      unsaid: '',
    });
    expect(note.value).toBe('');
  });

  it('shows only the chosen questions', () => {
    form(vi.fn(), ['feelings', 'note']);
    expect(screen.queryByLabelText('Minutes together')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Fully there' })).toBeNull();
    expect(screen.getByRole('button', { name: 'calm' })).toBeTruthy();
  });

  it('says gently that there is nothing to save, and calls nothing', async () => {
    const save = vi.fn(async () => saved);
    form(save);
    await fireEvent.click(screen.getByRole('button', { name: 'Save check-in' }));
    expect(save).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain("When you're ready");
  });

  it('refuses minutes beyond a day without calling the backend', async () => {
    const save = vi.fn(async () => saved);
    form(save);
    await fireEvent.input(screen.getByLabelText('Minutes together'), { target: { value: '2000' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save check-in' }));
    expect(save).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('0 to 1,440');
  });

  it('keeps every answer when saving does not work out', async () => {
    const save = vi.fn(async () => Promise.reject({ kind: 'storage', message: 'Your text is kept here.' }));
    form(save);
    const note = screen.getByLabelText('Anything else on your mind?') as HTMLTextAreaElement;
    await fireEvent.input(note, { target: { value: 'still here' } });
    await fireEvent.click(screen.getByRole('button', { name: 'calm' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Save check-in' }));
    await vi.waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Your text is kept here.'));
    expect(note.value).toBe('still here');
    expect(screen.getByRole('button', { name: 'calm' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('opens an edit with the saved answers', async () => {
    const initial = checkIn(7, { feelings: ['tender'], presence: 'partly', note: 'before' });
    const save = vi.fn(async (_: NewCheckIn) => ({ ...initial, note: 'after' }));
    form(save, QUESTION_ORDER, initial);
    expect(screen.getByRole('button', { name: 'tender' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'Partly there' }).getAttribute('aria-pressed')).toBe('true');
    const note = screen.getByLabelText('Anything else on your mind?') as HTMLTextAreaElement;
    expect(note.value).toBe('before');
    await fireEvent.input(note, { target: { value: 'after' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await vi.waitFor(() => expect(save).toHaveBeenCalled());
    expect(save.mock.calls[0]?.[0]).toMatchObject({ note: 'after', feelings: ['tender'], presence: 'partly' });
  });
});
