import { describe, expect, it } from 'vitest';
import { monthGrid, weekdayNames } from './calendar';
import { formatMinutes } from './words';

describe('monthGrid', () => {
  it('lays out November 2026 from Monday', () => {
    const weeks = monthGrid(2026, 11, 1);
    // 1 November 2026 is a Sunday: six blanks first.
    expect(weeks[0]).toEqual([null, null, null, null, null, null, '2026-11-01']);
    expect(weeks.flat().filter(Boolean)).toHaveLength(30);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(weeks[weeks.length - 1]?.[0]).toBe('2026-11-30');
  });

  it('lays out a week starting on Sunday', () => {
    const weeks = monthGrid(2026, 11, 7);
    expect(weeks[0]?.[0]).toBe('2026-11-01');
  });

  it('knows leap years', () => {
    expect(monthGrid(2028, 2, 1).flat().filter(Boolean)).toHaveLength(29);
  });

  it('names weekdays from the first day of the week', () => {
    expect(weekdayNames('en-GB', 1)[0]).toMatch(/^Mon/);
    expect(weekdayNames('en-US', 7)[0]).toMatch(/^Sun/);
  });
});

describe('formatMinutes', () => {
  it('says hours and minutes in words', () => {
    expect(formatMinutes(45, 'en')).toBe('45 minutes');
    expect(formatMinutes(60, 'en')).toBe('1 hour');
    expect(formatMinutes(135, 'en')).toBe('2 hours 15 minutes');
  });
});
