import { describe, expect, it } from 'vitest';
import type { ReminderOverview, ReminderSettings } from './bindings';
import {
  catchUpChoices,
  draftTimes,
  newRule,
  overviewWhen,
  parseTime,
  scheduleOfType,
  settingsForSaving,
  settingsFromBackend,
  toggledDays,
  withoutRule,
} from './reminders';

const fromRust: ReminderSettings = {
  zone: null,
  rules: [
    {
      id: 3,
      kind: 'presence',
      schedule: { type: 'window', start: '18:00:00', end: '21:30:00', days: ['Sat', 'Sun'] },
      catch_up_minutes: 45,
      enabled: true,
    },
    { ...newRule([]), id: 4, schedule: { type: 'times', times: ['07:05:00', '19:00:00'], days: ['Mon'] } },
  ],
  quiet: { start: '22:00:00', end: '07:00:00' },
  lines: { presence: ['Phone away?'] },
  snooze: 'evening',
};

describe('reminder settings in the form', () => {
  it('shows times without seconds and leaves the original alone', () => {
    const form = settingsFromBackend(fromRust);
    expect(form.rules[0]?.schedule).toEqual({ type: 'window', start: '18:00', end: '21:30', days: ['Sat', 'Sun'] });
    expect(form.rules[1]?.schedule).toMatchObject({ times: ['07:05', '19:00'] });
    expect(form.quiet).toEqual({ start: '22:00', end: '07:00' });
    expect(fromRust.quiet).toEqual({ start: '22:00:00', end: '07:00:00' });
  });

  it("leaves out promises' reminders, which are set from each promise", () => {
    const once = {
      id: 9,
      kind: 'promise' as const,
      schedule: { type: 'once' as const, at: '2026-12-08T18:00:00', promise: 2 },
      catch_up_minutes: 1440,
      enabled: true,
    };
    const form = settingsFromBackend({ ...fromRust, rules: [...fromRust.rules, once] });
    expect(form.rules.map((rule) => rule.id)).toEqual([3, 4]);
    expect(draftTimes({ ...form, rules: [...form.rules, once] })).not.toContain('2026-12-08T18:00:00');
  });

  it('drops blank lines, and kinds left with none', () => {
    const saved = settingsForSaving({
      ...fromRust,
      lines: { presence: ['  Phone away?  ', '', '   '], custom: ['', ''], check_in: ['A few words?'] },
    });
    expect(saved.lines).toEqual({ presence: ['Phone away?'], check_in: ['A few words?'] });
  });

  it('offers a catch-up set some other way as well as the usual ones', () => {
    expect(catchUpChoices(30).map((c) => c.minutes)).toEqual([0, 15, 30, 60, 180, 1440]);
    expect(catchUpChoices(45).map((c) => c.minutes)).toEqual([0, 15, 30, 45, 60, 180, 1440]);
  });
});

describe('times as typed', () => {
  it('reads the ways people write a time', () => {
    expect(parseTime('19:30')).toBe('19:30');
    expect(parseTime('7:05')).toBe('07:05');
    expect(parseTime('0730')).toBe('07:30');
    expect(parseTime('19.30')).toBe('19:30');
    expect(parseTime(' 9 ')).toBe('09:00');
    expect(parseTime('23:59')).toBe('23:59');
  });

  it('turns down what is not a time', () => {
    for (const text of ['', '24:00', '12:60', 'seven', '7pm', '1:2', '123456']) {
      expect(parseTime(text), text).toBeNull();
    }
  });

  it('finds every time in a draft', () => {
    const times = draftTimes(settingsFromBackend(fromRust));
    expect(times).toEqual(['18:00', '21:30', '07:05', '19:00', '22:00', '07:00']);
  });
});

describe('rules added and removed', () => {
  it('gives every new rule an id of its own, unlike any saved one, for the backend to replace', () => {
    const rules = [...fromRust.rules];
    for (let i = 0; i < 3; i++) rules.push(newRule(rules));
    const ids = rules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(2).every((id) => id <= 0)).toBe(true);
  });

  it('never repeats the id of a new rule still there after another is removed', () => {
    let rules = [newRule([])];
    rules.push(newRule(rules));
    rules.push(newRule(rules));
    rules = withoutRule(rules, rules[1]!.id);
    rules.push(newRule(rules));
    const ids = rules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(3);
  });

  it('removes only the rule asked for and keeps the others in order', () => {
    const first = newRule(fromRust.rules);
    const rules = [first, ...fromRust.rules];
    expect(withoutRule(rules, first.id)).toEqual(fromRust.rules);
    expect(withoutRule(fromRust.rules, 3).map((rule) => rule.id)).toEqual([4]);
    expect(rules).toHaveLength(3);
  });
});

describe('a rule being edited', () => {
  it('switches between set times and a window on the same days', () => {
    expect(scheduleOfType('window', ['Sat'])).toEqual({ type: 'window', start: '18:00', end: '21:00', days: ['Sat'] });
    expect(scheduleOfType('times', ['Sat'])).toEqual({ type: 'times', times: ['19:00'], days: ['Sat'] });
  });

  it('takes a chosen day out and puts an unchosen one in', () => {
    expect(toggledDays(['Mon', 'Wed'], 'Mon')).toEqual(['Wed']);
    expect(toggledDays(['Mon', 'Wed'], 'Sun')).toEqual(['Mon', 'Wed', 'Sun']);
  });
});

describe('the overview in words', () => {
  const overview: ReminderOverview = {
    settings: fromRust,
    zone: 'Europe/London',
    next: '2026-03-02T19:00:00Z',
    next_kinds: ['presence'],
    paused: null,
    snoozed: null,
    trouble: '2026-03-01T08:30:00Z',
    notice: null,
    defaults: [],
  };
  const now = new Date('2026-03-01T12:00:00Z');

  it('says when in the zone the reminders follow', () => {
    expect(overviewWhen(overview, now, 'en-GB')).toEqual({
      next: 'tomorrow at 19:00',
      paused: null,
      snoozed: null,
      trouble: 'today at 08:30',
    });
  });

  it('says how long a pause lasts', () => {
    const until = overviewWhen({ ...overview, paused: { type: 'until', at: '2026-03-01T13:00:00Z' } }, now, 'en-GB');
    expect(until.paused).toBe('until today at 13:00');
    const resumed = overviewWhen({ ...overview, paused: { type: 'until_resumed' } }, now, 'en-GB');
    expect(resumed.paused).toBe('until you resume');
  });
});
