import { describe, expect, it } from 'vitest';
import type { CheckIn } from './bindings';
import { checkIn } from './fixtures';
import { dayHeading, groupByDay, timeOfDay, whenWords } from './time';

const at = (id: number, local_date: string, created_at: string): CheckIn => ({
  ...checkIn(id),
  local_date,
  created_at,
});

describe('day headings', () => {
  const now = new Date(2026, 10, 25, 21, 0);
  it('names today and yesterday', () => {
    expect(dayHeading('2026-11-25', now, 'en-GB')).toBe('Today');
    expect(dayHeading('2026-11-24', now, 'en-GB')).toBe('Yesterday');
  });
  it('spells out older days in the locale, with the year only when it differs', () => {
    const thisYear = dayHeading('2026-11-20', now, 'en-GB');
    expect(thisYear).toMatch(/^Friday,? 20 November$/);
    expect(dayHeading('2025-03-02', now, 'en-GB')).toMatch(/^Sunday,? 2 March 2025$/);
    expect(dayHeading('2026-11-20', now, 'de-DE')).toMatch(/^Freitag, 20\. November$/);
  });
});

describe('grouping by the day as lived', () => {
  it('keeps order and groups by local_date, not the UTC date', () => {
    const now = new Date(2026, 10, 25, 12, 0);
    // Written at 00:30 on the 25th at +14:00, which is the 24th in UTC.
    const list = [
      at(3, '2026-11-25', '2026-11-25T00:30:00.000+14:00'),
      at(2, '2026-11-24', '2026-11-24T22:00:00.000+01:00'),
      at(1, '2026-11-24', '2026-11-24T08:00:00.000+01:00'),
    ];
    const groups = groupByDay(list, now, 'en-GB');
    expect(groups.map((g) => [g.heading, g.checkIns.map((c) => c.id)])).toEqual([
      ['Today', [3]],
      ['Yesterday', [2, 1]],
    ]);
  });
  it('shows the wall-clock time the writer saw', () => {
    // 00:30 at +14:00 is 10:30 the day before in UTC; the writer saw half past midnight.
    expect(timeOfDay('2026-11-25T00:30:00.000+14:00', 'en-GB')).toMatch(/^0?0:30$/);
    expect(timeOfDay('2026-11-25T21:05:00.000-05:00', 'en-US')).toMatch(/^9:05\sPM$/);
  });
});

describe('an instant in words', () => {
  const now = new Date('2026-11-26T09:00:00Z'); // Thursday, 10:00 in Berlin
  const words = (at: string, zone = 'Europe/Berlin') => whenWords(at, now, zone, 'en-GB');
  it('names today, tomorrow, a weekday within a week, else the date, as the zone shows it', () => {
    expect(words('2026-11-26T18:00:00Z')).toBe('today at 19:00');
    expect(words('2026-11-27T07:00:00Z')).toBe('tomorrow at 08:00');
    expect(words('2026-11-30T18:00:00Z')).toBe('Monday at 19:00');
    expect(words('2026-12-03T18:00:00Z')).toBe('3 December at 19:00');
  });
  it('counts days in the zone of the reminders, not the machine', () => {
    // 23:30 on the 26th in New York is already the 27th in UTC.
    expect(words('2026-11-27T04:30:00Z', 'America/New_York')).toBe('today at 23:30');
    expect(words('2026-11-26T23:30:00Z', 'Asia/Kolkata')).toBe('tomorrow at 05:00');
  });
  it('follows the locale for the clock', () => {
    expect(whenWords('2026-11-26T18:00:00Z', now, 'Europe/Berlin', 'en-US')).toBe('today at 7:00 PM');
  });
});
