// Dates and times in the person's own locale and time zone.
import type { CheckIn } from './bindings';

export interface DayGroup {
  /** The day as lived, `YYYY-MM-DD`. */
  date: string;
  heading: string;
  checkIns: CheckIn[];
}

function isoDate(d: Date): string {
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

/** "Today", "Yesterday", or a weekday with its date, for a `YYYY-MM-DD` day. */
export function dayHeading(date: string, now: Date, locale?: string): string {
  const today = isoDate(now);
  const yesterday = isoDate(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1));
  if (date === today) return 'Today';
  if (date === yesterday) return 'Yesterday';
  const [y, m, d] = date.split('-').map(Number);
  const local = new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: local.getFullYear() === now.getFullYear() ? undefined : 'numeric',
  }).format(local);
}

/** The time of day a check-in was written, as the clock showed then. */
export function timeOfDay(createdAt: string, locale?: string): string {
  // created_at carries the writer's offset; show the wall time they saw.
  const match = /T(\d{2}):(\d{2})/.exec(createdAt);
  if (!match) return '';
  const wall = new Date(2000, 0, 1, Number(match[1]), Number(match[2]));
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(wall);
}

/** Groups check-ins (newest first) by the day they were lived in, keeping their order. */
export function groupByDay(checkIns: CheckIn[], now: Date, locale?: string): DayGroup[] {
  const groups: DayGroup[] = [];
  for (const checkIn of checkIns) {
    const last = groups[groups.length - 1];
    if (last && last.date === checkIn.local_date) {
      last.checkIns.push(checkIn);
    } else {
      groups.push({
        date: checkIn.local_date,
        heading: dayHeading(checkIn.local_date, now, locale),
        checkIns: [checkIn],
      });
    }
  }
  return groups;
}

/** A greeting for the time of day. */
export function greeting(now: Date): string {
  const h = now.getHours();
  if (h < 5) return 'Hello, night owl';
  if (h < 12) return 'Good morning';
  if (h < 18) return 'Good afternoon';
  return 'Good evening';
}

/** Sorts check-ins newest first by the instant they were written (ties: the later id first). */
export function newestFirst(checkIns: CheckIn[]): CheckIn[] {
  return [...checkIns].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id);
}

/** `YYYY-MM-DD` of a local date. */
export function isoDay(d: Date): string {
  return isoDate(d);
}

/** The calendar date of `instant` in `zone`, as a day number (days since 1970-01-01). */
function dayNumber(instant: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(instant)
    .reduce<Record<string, number>>((all, part) => ({ ...all, [part.type]: Number(part.value) }), {});
  return Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1) / 86_400_000;
}

/**
 * An instant in words, relative to `now`, as the clock in `zone` shows it, in the person's
 * locale: "today at 19:00", "tomorrow at 08:00", "Thursday at 19:00" within a week, else
 * "3 December at 19:00".
 */
export function whenWords(at: string, now: Date, zone: string, locale?: string): string {
  const instant = new Date(at);
  const time = new Intl.DateTimeFormat(locale, { timeZone: zone, timeStyle: 'short' }).format(instant);
  const days = dayNumber(instant, zone) - dayNumber(now, zone);
  if (days === 0) return `today at ${time}`;
  if (days === 1) return `tomorrow at ${time}`;
  const day =
    days > 1 && days < 7
      ? new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: 'long' }).format(instant)
      : new Intl.DateTimeFormat(locale, { timeZone: zone, day: 'numeric', month: 'long' }).format(instant);
  return `${day} at ${time}`;
}
