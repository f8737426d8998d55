// The UI's only door to the backend: one typed function per command.
import { invoke as tauriInvoke } from '@tauri-apps/api/core';
import type {
  Backups,
  CalendarDay,
  CheckIn,
  CommandError,
  Disclosure,
  EntryDraft,
  ExportKind,
  ImportPlan,
  Imported,
  Insights,
  JournalEntry,
  JournalPage,
  KnownLabels,
  NewCheckIn,
  NewDisclosure,
  NewPromise,
  NewRevisit,
  PauseChoice,
  Practice,
  Preferences,
  Privacy,
  TrustPromise,
  PromiseMove,
  PromptGroup,
  Recovered,
  Recovery,
  ReminderOverview,
  ReminderSettings,
  Revisit,
  SearchHit,
  SearchQuery,
  Storage,
  TimelineCursor,
  TimelinePage,
} from './bindings';

/** Text with a lone surrogate (half of an emoji, say) can't cross into Rust: Tauri's own JSON
 * parsing refuses it before any command runs. Checked here, so it gets gentle words. */
const halfCharacter: CommandError = {
  kind: 'invalid_input',
  message:
    "Some of the text has a character Tend can't keep (part of an emoji, perhaps), so nothing was sent. Your text is still here — you could retype the last few characters.",
};

/** What a command says when Tauri couldn't read its arguments (a fractional minute count, an
 * impossible date): nothing was changed, and it isn't about storage. */
const unreadable: CommandError = {
  kind: 'invalid_input',
  message:
    "Tend couldn't read what was sent, so nothing was changed. Your text is still here — you could look it over and try again.",
};

function wellFormed(value: unknown): boolean {
  // In a `u` pattern a paired surrogate is one code point above U+FFFF, so only a lone half
  // falls in this range (what `String.prototype.isWellFormed` checks, in ES2022 terms).
  if (typeof value === 'string') return !/[\uD800-\uDFFF]/u.test(value);
  if (Array.isArray(value)) return value.every(wellFormed);
  if (typeof value === 'object' && value !== null) return Object.values(value).every(wellFormed);
  return true;
}

/** Calls a command: arguments checked first, and every rejection a structured error. */
async function invoke<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  if (args && !wellFormed(args)) throw halfCharacter;
  try {
    return await tauriInvoke<T>(command, args);
  } catch (error) {
    if (typeof error === 'string' && error.startsWith('invalid args')) throw unreadable;
    throw error;
  }
}

/** When the first screen's steps happened on the page's clock (`performance.now()`, ms); a mark
 * that is missing is sent as the moment of sending. The shell logs them beside its own clock. */
function startMarks(): { script: number; mounted: number; data: number; drawn: number } {
  const drawn = performance.now();
  const at = (name: string) => performance.getEntriesByName(`tend:${name}`)[0]?.startTime ?? drawn;
  return { script: at('script'), mounted: at('mounted'), data: at('data'), drawn };
}

export const api = {
  saveCheckIn: (checkIn: NewCheckIn) => invoke<CheckIn>('save_check_in', { checkIn }),
  updateCheckIn: (id: number, checkIn: NewCheckIn) => invoke<CheckIn>('update_check_in', { id, checkIn }),
  deleteCheckIn: (id: number) => invoke<void>('delete_check_in', { id }),
  restoreCheckIn: (id: number) => invoke<CheckIn>('restore_check_in', { id }),
  timeline: (after: TimelineCursor | null) => invoke<TimelinePage>('timeline', { after }),
  checkInsOn: (date: string) => invoke<CheckIn[]>('check_ins_on', { date }),
  calendarMonth: (year: number, month: number) => invoke<CalendarDay[]>('calendar_month', { year, month }),
  knownLabels: () => invoke<KnownLabels>('known_labels'),
  insights: () => invoke<Insights>('insights'),
  preferences: () => invoke<Preferences>('preferences'),
  setPreferences: (preferences: Preferences) => invoke<Preferences>('set_preferences', { preferences }),
  saveEntry: (id: number | null, draft: EntryDraft) => invoke<JournalEntry>('save_entry', { id, draft }),
  entry: (id: number) => invoke<JournalEntry>('entry', { id }),
  journal: (after: TimelineCursor | null) => invoke<JournalPage>('journal', { after }),
  deleteEntry: (id: number) => invoke<void>('delete_entry', { id }),
  restoreEntry: (id: number) => invoke<JournalEntry>('restore_entry', { id }),
  journalTags: () => invoke<string[]>('journal_tags'),
  search: (query: SearchQuery) => invoke<SearchHit[]>('search', { query }),
  prompts: () => invoke<PromptGroup[]>('prompts'),
  addPrompt: (practice: Practice, text: string) => invoke<PromptGroup[]>('add_prompt', { practice, text }),
  setPromptHidden: (key: string, hidden: boolean) => invoke<PromptGroup[]>('set_prompt_hidden', { key, hidden }),
  reminders: () => invoke<ReminderOverview>('reminders'),
  setReminders: (settings: ReminderSettings) => invoke<ReminderOverview>('set_reminders', { settings }),
  pauseReminders: (choice: PauseChoice) => invoke<ReminderOverview>('pause_reminders', { choice }),
  resumeReminders: () => invoke<ReminderOverview>('resume_reminders'),
  sendTestReminder: () => invoke<ReminderOverview>('send_test_reminder'),
  place: () => invoke<string | null>('place'),
  rememberPlace: (place: string) => invoke<void>('remember_place', { place }),
  checkInDraft: () => invoke<string | null>('check_in_draft'),
  keepCheckInDraft: (answers: string | null) => invoke<void>('keep_check_in_draft', { answers }),
  autostart: () => invoke<boolean>('autostart'),
  setAutostart: (on: boolean) => invoke<boolean>('set_autostart', { on }),
  quit: () => invoke<void>('quit'),
  ready: () => invoke<void>('ready', { marks: startMarks() }),
  privacy: () => invoke<Privacy>('privacy'),
  setPassphrase: (passphrase: string) => invoke<string>('set_passphrase', { passphrase }),
  unlock: (passphrase: string) => invoke<void>('unlock', { passphrase }),
  unlockWithRecovery: (recoveryKey: string) => invoke<void>('unlock_with_recovery', { recoveryKey }),
  lockNow: () => invoke<boolean>('lock_now'),
  changePassphrase: (current: string | null, passphrase: string) =>
    invoke<void>('change_passphrase', { current, passphrase }),
  removePassphrase: (current: string) => invoke<void>('remove_passphrase', { current }),
  storage: () => invoke<Storage>('storage'),
  retryOpen: () => invoke<Storage>('retry_open'),
  recover: (how: Recovery) => invoke<Recovered>('recover', { how }),
  exportFolder: () => invoke<string>('export_folder'),
  exportData: (kind: ExportKind, folder: string, passphrase: string | null) =>
    invoke<string>('export_data', { kind, folder, passphrase }),
  previewImport: (path: string, passphrase: string | null) =>
    invoke<ImportPlan>('preview_import', { path, passphrase }),
  importData: (path: string, passphrase: string | null) => invoke<Imported>('import_data', { path, passphrase }),
  backups: () => invoke<Backups>('backups'),
  backUpNow: () => invoke<Backups>('back_up_now'),
  setBackupFolder: (folder: string | null) => invoke<Backups>('set_backup_folder', { folder }),
  restoreBackup: (id: string, passphrase: string | null) => invoke<void>('restore_backup', { id, passphrase }),
  promises: () => invoke<TrustPromise[]>('promises'),
  addPromise: (promise: NewPromise) => invoke<TrustPromise>('add_promise', { promise }),
  editPromise: (id: number, promise: NewPromise) => invoke<TrustPromise>('edit_promise', { id, promise }),
  movePromise: (id: number, step: PromiseMove) => invoke<TrustPromise>('move_promise', { id, step }),
  deletePromise: (id: number) => invoke<void>('delete_promise', { id }),
  restorePromise: (id: number) => invoke<TrustPromise>('restore_promise', { id }),
  promiseReminders: () => invoke<[number, string][]>('promise_reminders'),
  setPromiseReminder: (promise: number, at: string | null) =>
    invoke<[number, string][]>('set_promise_reminder', { promise, at }),
  disclosures: () => invoke<Disclosure[]>('disclosures'),
  addDisclosure: (disclosure: NewDisclosure) => invoke<Disclosure>('add_disclosure', { disclosure }),
  editDisclosure: (id: number, disclosure: NewDisclosure) => invoke<Disclosure>('edit_disclosure', { id, disclosure }),
  deleteDisclosure: (id: number) => invoke<void>('delete_disclosure', { id }),
  restoreDisclosure: (id: number) => invoke<Disclosure>('restore_disclosure', { id }),
  revisits: () => invoke<Revisit[]>('revisits'),
  addRevisit: (revisit: NewRevisit) => invoke<Revisit>('add_revisit', { revisit }),
  editRevisit: (id: number, revisit: NewRevisit) => invoke<Revisit>('edit_revisit', { id, revisit }),
  deleteRevisit: (id: number) => invoke<void>('delete_revisit', { id }),
  restoreRevisit: (id: number) => invoke<Revisit>('restore_revisit', { id }),
  trustDraft: () => invoke<string | null>('trust_draft'),
  keepTrustDraft: (words: string | null) => invoke<void>('keep_trust_draft', { words }),
};

export type Api = typeof api;

const fallback: CommandError = {
  kind: 'storage',
  message: "Tend couldn't reach its storage just now. Your text is kept here — you could try again in a moment.",
};

/** Turns whatever a command rejected with into the structured error the backend sends. */
export function asCommandError(error: unknown): CommandError {
  if (typeof error === 'object' && error !== null && 'kind' in error && 'message' in error) {
    const { kind, message } = error as CommandError;
    if (typeof message === 'string') return { kind, message };
  }
  return fallback;
}
