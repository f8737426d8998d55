// Words and small helpers for the reminder settings screen.
import type {
  PauseChoice,
  ReminderKind,
  ReminderOverview,
  ReminderRule,
  ReminderSettings,
  Schedule,
  SnoozeChoice,
  Weekday,
} from './bindings';
import { whenWords } from './time';

export const KIND_WORDS: Record<ReminderKind, { title: string }> = {
  quality_time: { title: 'Time together' },
  presence: { title: 'Being present' },
  check_in: { title: 'A moment to check in' },
  custom: { title: 'Your own words' },
  promise: { title: "Something you said you'd do" },
};

/** The kinds a rule on the Reminders screen can be; a promise's reminder is set from the promise. */
export const SCREEN_KINDS = (Object.keys(KIND_WORDS) as ReminderKind[]).filter((kind) => kind !== 'promise');

export const WEEKDAYS: { id: Weekday; short: string }[] = [
  { id: 'Mon', short: 'Mon' },
  { id: 'Tue', short: 'Tue' },
  { id: 'Wed', short: 'Wed' },
  { id: 'Thu', short: 'Thu' },
  { id: 'Fri', short: 'Fri' },
  { id: 'Sat', short: 'Sat' },
  { id: 'Sun', short: 'Sun' },
];

export const PAUSES: { choice: PauseChoice; label: string }[] = [
  { choice: 'hour', label: 'For an hour' },
  { choice: 'until_morning', label: 'Until tomorrow morning' },
  { choice: 'until_resumed', label: 'Until I resume' },
];

export const SNOOZES: { choice: SnoozeChoice; label: string }[] = [
  { choice: 'ten_minutes', label: 'In 10 minutes' },
  { choice: 'hour', label: 'In an hour' },
  { choice: 'evening', label: 'This evening (19:00, or in an hour if that is later)' },
];

/** The overview's instants in words, in the person's locale, as the reminders' zone shows them. */
export function overviewWhen(overview: ReminderOverview, now: Date, locale?: string) {
  const words = (at: string | null) => (at === null ? null : whenWords(at, now, overview.zone, locale));
  const pause = overview.paused;
  return {
    next: words(overview.next),
    paused: pause === null ? null : pause.type === 'until_resumed' ? 'until you resume' : `until ${words(pause.at)}`,
    snoozed: words(overview.snoozed),
    trouble: words(overview.trouble),
  };
}

const CATCH_UP = [
  { minutes: 0, label: 'let it go' },
  { minutes: 15, label: 'show it if up to 15 minutes late' },
  { minutes: 30, label: 'show it if up to 30 minutes late' },
  { minutes: 60, label: 'show it if up to an hour late' },
  { minutes: 180, label: 'show it if up to 3 hours late' },
  { minutes: 1440, label: 'show it whenever Tend is back, the same day' },
];

/** The catch-up choices, including `current` if it was set some other way. */
export function catchUpChoices(current: number): { minutes: number; label: string }[] {
  if (CATCH_UP.some((c) => c.minutes === current)) return CATCH_UP;
  return [...CATCH_UP, { minutes: current, label: `show it if up to ${current} minutes late` }].sort(
    (a, b) => a.minutes - b.minutes,
  );
}

/** A reminder as "Add a reminder" starts it: an evening nudge toward time together. Its id is a
 * temporary one, below every id in `rules` and so unlike any of them, which keeps each rule its
 * own on screen until it is saved; the backend gives any id of 0 or less a real one then. */
export function newRule(rules: readonly ReminderRule[]): ReminderRule {
  return {
    id: Math.min(0, ...rules.map((rule) => rule.id)) - 1,
    kind: 'quality_time',
    schedule: { type: 'times', times: ['19:00'], days: WEEKDAYS.map((d) => d.id) },
    catch_up_minutes: 30,
    enabled: true,
  };
}

/** A fresh schedule of `type` on the same `days`: set times start at 19:00, a window 18:00–21:00. */
export function scheduleOfType(type: 'times' | 'window', days: Weekday[]): Schedule {
  return type === 'times' ? { type, times: ['19:00'], days } : { type, start: '18:00', end: '21:00', days };
}

/** The days a schedule comes on (a promise's one reminder has none of its own). */
export function scheduleDays(schedule: Schedule): Weekday[] {
  return schedule.type === 'once' ? [] : schedule.days;
}

/** `schedule` on `days` instead. */
export function withDays(schedule: Schedule, days: Weekday[]): Schedule {
  return schedule.type === 'once' ? schedule : { ...schedule, days };
}

/** `days` with `day` taken out if it was in, or added at the end if it wasn't. */
export function toggledDays(days: readonly Weekday[], day: Weekday): Weekday[] {
  return days.includes(day) ? days.filter((d) => d !== day) : [...days, day];
}

/** The rules without the one whose id is `id`, in the same order. */
export function withoutRule(rules: readonly ReminderRule[], id: number): ReminderRule[] {
  return rules.filter((rule) => rule.id !== id);
}

/** "19:00:00" (as Rust sends it) → "19:00" (as a time field shows it). */
const hhmm = (time: string) => time.slice(0, 5);

/** The settings as the form edits them: times without seconds, without the scheduler's own
 * state (which the backend sends along and ignores when given back), and without promises'
 * reminders, which are set from each promise (the backend keeps them whatever the form sends). */
export function settingsFromBackend(settings: ReminderSettings): ReminderSettings {
  const { zone, rules, quiet, lines, snooze } = plain(settings);
  const copy: ReminderSettings = { zone, rules: rules.filter((rule) => rule.kind !== 'promise'), quiet, lines, snooze };
  for (const rule of copy.rules) {
    if (rule.schedule.type === 'times') rule.schedule.times = rule.schedule.times.map(hhmm);
    else if (rule.schedule.type === 'window') {
      rule.schedule.start = hhmm(rule.schedule.start);
      rule.schedule.end = hhmm(rule.schedule.end);
    }
  }
  if (copy.quiet) copy.quiet = { start: hhmm(copy.quiet.start), end: hhmm(copy.quiet.end) };
  return copy;
}

/** The draft as the backend takes it: lines without blanks, kinds without lines dropped. */
export function settingsForSaving(draft: ReminderSettings): ReminderSettings {
  const copy = plain(draft);
  const lines: ReminderSettings['lines'] = {};
  for (const [kind, list] of Object.entries(copy.lines)) {
    const kept = (list ?? []).map((l) => l.trim()).filter((l) => l !== '');
    if (kept.length > 0) lines[kind] = kept;
  }
  copy.lines = lines;
  return copy;
}

/** A plain copy of a value that may be a Svelte state proxy. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A time as typed ("7:30", "0730", "19.30", "19:30") as "HH:MM", or `null` if it isn't one. */
export function parseTime(text: string): string | null {
  const match = /^\s*(\d{1,2})(?:[:.h ]?(\d{2}))?\s*$/.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? '0');
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** Every time in the draft, so the form can check them before saving. */
export function draftTimes(draft: ReminderSettings): string[] {
  const times = draft.rules.flatMap((rule) =>
    rule.schedule.type === 'times'
      ? rule.schedule.times
      : rule.schedule.type === 'window'
        ? [rule.schedule.start, rule.schedule.end]
        : [],
  );
  return draft.quiet ? [...times, draft.quiet.start, draft.quiet.end] : times;
}
