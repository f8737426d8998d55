// A .svelte.test.ts file, so the rules can be $state as the screen's draft is.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import ReminderRules from './ReminderRules.svelte';
import type { ReminderRule } from './bindings';
import { newRule } from './reminders';

afterEach(cleanup);

const saved: ReminderRule[] = [
  { ...newRule([]), id: 1, kind: 'presence' },
  { ...newRule([]), id: 2, kind: 'check_in' },
];

function kinds(): string[] {
  return screen
    .getAllByTestId('rule')
    .map((rule) => (rule.querySelector('select[name=kind]') as HTMLSelectElement).value);
}

describe('ReminderRules', () => {
  it('keeps each rule its own editor when the first of three is removed', async () => {
    const rules = $state([...saved, { ...newRule(saved), kind: 'custom' as const }]);
    render(ReminderRules, { rules });
    const [, second, third] = screen.getAllByTestId('rule');
    await fireEvent.click(screen.getAllByRole('button', { name: 'Remove' })[0]!);
    const left = screen.getAllByTestId('rule');
    expect(left).toHaveLength(2);
    expect(left[0]).toBe(second);
    expect(left[1]).toBe(third);
    expect(kinds()).toEqual(['check_in', 'custom']);
  });

  it('adds new rules one after another, each with an editor of its own', async () => {
    const rules = $state([...saved]);
    render(ReminderRules, { rules });
    const before = screen.getAllByTestId('rule');
    await fireEvent.click(screen.getByRole('button', { name: 'Add a reminder' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Add a reminder' }));
    const after = screen.getAllByTestId('rule');
    expect(after).toHaveLength(4);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toBe(before[1]);
    expect(new Set(after).size).toBe(4);
    expect(kinds()).toEqual(['presence', 'check_in', 'quality_time', 'quality_time']);
  });
});
