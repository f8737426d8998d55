// The words the check-in uses for its questions and answers, in one place.
import type { CheckIn, NewCheckIn, Presence, Question } from './bindings';

export const QUESTION_LABELS: Record<Question, string> = {
  time_together: 'Time together',
  presence: 'How present you felt',
  listening: 'Listening',
  honesty: "Anything you haven't said yet",
  feelings: 'Your feelings',
  partner_seemed: 'How your partner seemed',
  note: 'A note',
};

export const QUESTION_ORDER: Question[] = [
  'time_together',
  'presence',
  'listening',
  'honesty',
  'feelings',
  'partner_seemed',
  'note',
];

export const PRESENCE_WORDS: Record<Presence, string> = {
  elsewhere: 'Mostly elsewhere',
  partly: 'Partly there',
  fully: 'Fully there',
};

/** Feelings offered before the person's own words; written for Tend, in no particular order of worth. */
export const FEELINGS = [
  'calm',
  'hopeful',
  'grateful',
  'close',
  'tender',
  'relieved',
  'steady',
  'content',
  'anxious',
  'ashamed',
  'sad',
  'tired',
  'tense',
  'lonely',
  'frustrated',
  'hurt',
  'overwhelmed',
  'unsure',
  'numb',
  'restless',
];

export const EMPTY_CHECK_IN: NewCheckIn = {
  together_minutes: null,
  activities: [],
  presence: null,
  partner_shared: null,
  partner_asked: '',
  unsaid: '',
  feelings: [],
  partner_seemed: '',
  note: '',
};

/** The answers of a saved check-in, ready to edit. */
export function answersOf(checkIn: CheckIn): NewCheckIn {
  return {
    together_minutes: checkIn.together_minutes,
    activities: [...checkIn.activities],
    presence: checkIn.presence,
    partner_shared: checkIn.partner_shared,
    partner_asked: checkIn.partner_asked,
    unsaid: checkIn.unsaid,
    feelings: [...checkIn.feelings],
    partner_seemed: checkIn.partner_seemed,
    note: checkIn.note,
  };
}

/** Whether anything at all has been answered. */
export function hasAnswers(answers: NewCheckIn): boolean {
  return (
    answers.together_minutes !== null ||
    answers.activities.length > 0 ||
    answers.presence !== null ||
    answers.partner_shared !== null ||
    answers.feelings.length > 0 ||
    [answers.partner_asked, answers.unsaid, answers.partner_seemed, answers.note].some((t) => t.trim() !== '')
  );
}

/** "45 minutes", "2 hours 15 minutes", in the person's locale. */
export function formatMinutes(total: number, locale?: string): string {
  const unit = (value: number, unit: 'hour' | 'minute') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  if (hours === 0) return unit(minutes, 'minute');
  if (minutes === 0) return unit(hours, 'hour');
  return `${unit(hours, 'hour')} ${unit(minutes, 'minute')}`;
}

/** A new check-in being written: its answers, and the minutes field as typed. */
export interface CheckInDraft {
  answers: NewCheckIn;
  minutes: number | string | null;
}

/** `n` and the word for one or many of it: "1 check-in", "3 journal entries". */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
