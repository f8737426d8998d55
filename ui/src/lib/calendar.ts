// The shape of a month on screen, in the person's locale (which day a week starts on).

/** The first day of the week for a locale: 1 = Monday … 7 = Sunday. */
export function firstDayOfWeek(locale?: string): number {
  try {
    const loc = new Intl.Locale(locale ?? navigator.language) as Intl.Locale & {
      getWeekInfo?: () => { firstDay: number };
      weekInfo?: { firstDay: number };
    };
    return loc.getWeekInfo?.().firstDay ?? loc.weekInfo?.firstDay ?? 1;
  } catch {
    return 1;
  }
}

/** Weeks of `YYYY-MM-DD` days (null before the 1st and after the last). */
export function monthGrid(year: number, month: number, firstDay = firstDayOfWeek()): (string | null)[][] {
  const days = new Date(year, month, 0).getDate();
  // getDay: 0 = Sunday; convert to 1 = Monday … 7 = Sunday.
  const weekdayOfFirst = new Date(year, month - 1, 1).getDay() || 7;
  const lead = (weekdayOfFirst - firstDay + 7) % 7;
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let d = 1; d <= days; d++) {
    cells.push(`${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  }
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** Short weekday names starting at the locale's first day of the week. */
export function weekdayNames(locale?: string, firstDay = firstDayOfWeek(locale)): string[] {
  const format = new Intl.DateTimeFormat(locale, { weekday: 'short' });
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => format.format(new Date(2024, 0, ((firstDay - 1 + i) % 7) + 1)));
}
