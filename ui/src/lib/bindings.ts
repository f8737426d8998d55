// Generated from crates/tend-core by `UPDATE_BINDINGS=1 cargo test -p tend-core`. Do not edit.

export type Weekday = "Mon" | "Tue" | "Wed" | "Thu" | "Fri" | "Sat" | "Sun";

export type Presence = "elsewhere" | "partly" | "fully";

export type NewCheckIn = { 
/**
 * Minutes of time together, 0 to 1,440.
 */
together_minutes: number | null, 
/**
 * What we did: short free-text activities, earlier ones offered as choices.
 */
activities: Array<string>, presence: Presence | null, 
/**
 * Did my partner share something with me?
 */
partner_shared: boolean | null, 
/**
 * What did they ask of me?
 */
partner_asked: string, 
/**
 * Anything I haven't said yet. Private: never shown outside the app.
 */
unsaid: string, 
/**
 * Emotion words, chosen from a list or my own.
 */
feelings: Array<string>, 
/**
 * How my partner seemed.
 */
partner_seemed: string, note: string, };

export type CheckIn = { id: number, 
/**
 * The moment it was written, RFC 3339 at the writer's offset then.
 */
created_at: string, 
/**
 * The day as lived: the local date at the offset it was written in.
 */
local_date: string, 
/**
 * When it was last edited (RFC 3339, UTC), if ever.
 */
updated_at: string | null, together_minutes: number | null, activities: Array<string>, presence: Presence | null, partner_shared: boolean | null, partner_asked: string, unsaid: string, feelings: Array<string>, partner_seemed: string, note: string, };

export type TimelineCursor = { 
/**
 * The stored UTC instant of the last check-in shown.
 */
created_at: string, id: number, };

export type TimelinePage = { check_ins: Array<CheckIn>, 
/**
 * `None` when this page reaches the first check-in ever written.
 */
next: TimelineCursor | null, };

export type CalendarDay = { 
/**
 * The day as lived, `YYYY-MM-DD`.
 */
date: string, check_ins: number, };

export type KnownLabels = { activities: Array<string>, feelings: Array<string>, };

export type LabelUse = { label: string, 
/**
 * How many check-ins mention it.
 */
uses: number, };

export type PatternFactor = "time_together" | "fully_present";

export type PatternOutcome = { "kind": "not_enough_yet" } | { "kind": "nothing_stands_out" } | { "kind": "more_often", feeling: string, };

export type Pattern = { factor: PatternFactor, outcome: PatternOutcome, };

export type Insights = { 
/**
 * Minutes of time together noted this week (Monday to Sunday).
 */
together_this_week: number, 
/**
 * Minutes of time together noted this calendar month.
 */
together_this_month: number, 
/**
 * Activities returned to over the past year, most used first.
 */
activities: Array<LabelUse>, 
/**
 * Feelings noted most often over the past year.
 */
feelings: Array<LabelUse>, patterns: Array<Pattern>, 
/**
 * Check-ins from this day of the month in earlier months; `None` unless turned on.
 */
on_this_day: Array<CheckIn> | null, };

export type Question = "time_together" | "presence" | "listening" | "honesty" | "feelings" | "partner_seemed" | "note";

export type Preferences = { 
/**
 * The questions a check-in shows, in the order shown.
 */
questions: Array<Question>, on_this_day: boolean, 
/**
 * The passphrase has been offered once (set, or "not now"); the offer doesn't come again.
 */
privacy_offered: boolean, 
/**
 * With a passphrase, Tend locks after this many minutes without input in its window.
 */
auto_lock_minutes: number, };

export type EntryDraft = { title: string, body: string, tags: Array<string>, check_in_id: number | null, };

export type JournalEntry = { id: number, 
/**
 * RFC 3339 at the writer's offset then.
 */
created_at: string, 
/**
 * The day as lived when it was begun.
 */
local_date: string, 
/**
 * RFC 3339 at the writer's offset at the last save.
 */
updated_at: string, title: string, 
/**
 * The Markdown as written.
 */
body: string, 
/**
 * The body rendered and sanitised; safe to insert into the page.
 */
body_html: string, tags: Array<string>, check_in_id: number | null, };

export type JournalPage = { entries: Array<JournalEntry>, next: TimelineCursor | null, };

export type SearchQuery = { text: string, 
/**
 * Only journal entries with this tag.
 */
tag: string | null, 
/**
 * Only days as lived from this one on, `YYYY-MM-DD`.
 */
from: string | null, 
/**
 * Only days as lived up to and including this one.
 */
to: string | null, };

export type HitKind = "journal" | "check_in" | "promise" | "disclosure" | "revisit";

export type SnippetPart = { text: string, hit: boolean, };

export type SearchHit = { kind: HitKind, id: number, local_date: string, created_at: string, title: string, tags: Array<string>, snippet: Array<SnippetPart>, };

export type Practice = "own_up" | "give_time" | "take_it_slowly" | "be_gentle" | "something_new" | "be_present" | "listen" | "understand_why" | "make_time";

export type Prompt = { 
/**
 * `tend:<practice>:<n>` for Tend's own, `own:<id>` for the person's.
 */
key: string, text: string, own: boolean, hidden: boolean, };

export type PromptGroup = { practice: Practice, prompts: Array<Prompt>, };

export type ReminderKind = "quality_time" | "presence" | "check_in" | "custom" | "promise";

export type Schedule = { "type": "times", times: Array<string>, days: Array<Weekday>, } | { "type": "window", start: string, end: string, days: Array<Weekday>, } | { "type": "once", at: string, promise: number, };

export type ReminderRule = { 
/**
 * 0 or less for a rule the person just added (the screen gives each new one its own, below
 * every other); Tend gives it an id when the settings are saved.
 */
id: number, kind: ReminderKind, schedule: Schedule, 
/**
 * A missed reminder still comes if it is at most this late; later than that, it is skipped.
 */
catch_up_minutes: number, 
/**
 * Switched off rules are kept but never come.
 */
enabled: boolean, };

export type QuietHours = { start: string, end: string, };

export type SnoozeChoice = "ten_minutes" | "hour" | "evening";

export type Pause = { "type": "until", at: string, } | { "type": "until_resumed" };

export type PauseChoice = "hour" | "until_morning" | "until_resumed";

export type ReminderSettings = { 
/**
 * The IANA zone rules are written in; `None` follows the system's zone.
 */
zone: string | null, rules: Array<ReminderRule>, quiet: QuietHours | null, 
/**
 * The person's own lines per kind; a kind without any uses Tend's.
 */
lines: { [key in string]: Array<string> }, 
/**
 * What "Snooze" on a notification means.
 */
snooze: SnoozeChoice, };

export type KindLines = { kind: ReminderKind, title: string, lines: Array<string>, };

export type ReminderOverview = { settings: ReminderSettings, 
/**
 * The zone reminders follow just now, and the one their times are shown in.
 */
zone: string, 
/**
 * When the next reminder comes, or `None` when nothing is planned.
 */
next: string | null, next_kinds: Array<ReminderKind>, 
/**
 * The pause in force now, if any (an ended one is not shown).
 */
paused: Pause | null, 
/**
 * When a snoozed reminder comes back, if one is snoozed.
 */
snoozed: string | null, 
/**
 * When the last reminder that could not be shown was due, if one could not.
 */
trouble: string | null, 
/**
 * Gentle words about the settings file, when opening it found something unusual.
 */
notice: string | null, defaults: Array<KindLines>, };

export type Privacy = { passphrase: boolean, locked: boolean, 
/**
 * Unlocked with the recovery key: a new passphrase may be set without the old one.
 */
recovered: boolean, 
/**
 * Set only by tests (`TEND_AUTO_LOCK_SECONDS`, read by the shell): the idle time before
 * Tend locks, in place of the person's choice.
 */
auto_lock_seconds: number | null, };

export type ErrorKind = "invalid_input" | "not_found" | "newer_database" | "storage" | "desktop" | "locked" | "needs_recovery" | "read_only" | "not_accepted";

export type CommandError = { kind: ErrorKind, message: string, };

export type Backup = { 
/**
 * When it was taken, RFC 3339 in UTC.
 */
taken: string, };

export type BackupKind = "daily" | "before_migration" | "before_restore";

export type BackupInfo = { 
/**
 * The copy's file name, which is how a restore names it.
 */
id: string, 
/**
 * When it was taken, RFC 3339 in UTC.
 */
taken: string, 
/**
 * Its size on disk, in bytes.
 */
size: number, kind: BackupKind, 
/**
 * Encrypted under a key (its key file is beside it).
 */
encrypted: boolean, };

export type Storage = { "state": "open" } | { "state": "read_only" } | { "state": "locked" } | { "state": "needs_recovery", backup: Backup | null, } | { "state": "unavailable", problem: CommandError, retry: boolean, };

export type Recovery = "salvage" | "newest_backup";

export type Recovered = { check_ins: number, entries: number, 
/**
 * Some of the damaged file could not be read (so a few words may be missing).
 */
unreadable: boolean, };

export type ExportKind = "json" | "markdown" | "age";

export type ImportSource = "tend" | "day_one" | "jrnl";

export type ImportPreview = { 
/**
 * New records, and those this Tend already has (left as they are).
 */
check_ins: number, entries: number, prompts: number, promises: number, disclosures: number, revisits: number, already_here: number, 
/**
 * The first and last day among the new records (YYYY-MM-DD), if any.
 */
first_day: string | null, last_day: string | null, 
/**
 * Whether the file's choices about Tend (preferences, reminder settings) would be taken:
 * only those this Tend hasn't made for itself.
 */
preferences: boolean, };

export type ImportPlan = { source: ImportSource, adds: ImportPreview, zone: string | null, 
/**
 * Whether the file's reminder settings would be taken (this Tend has none of its own).
 */
reminders: boolean, };

export type Imported = { check_ins: number, entries: number, prompts: number, promises: number, disclosures: number, revisits: number, already_here: number, };

export type Backups = { folder: string, 
/**
 * Whether the person chose the folder (else it is inside Tend's own).
 */
chosen: boolean, 
/**
 * Newest first.
 */
backups: Array<BackupInfo>, };

export type PromiseState = "open" | "kept" | "renegotiated" | "let_go";

export type NewPromise = { 
/**
 * What my partner asked of me, in their words. Optional.
 */
asked: string, 
/**
 * What I committed to, in mine.
 */
committed: string, 
/**
 * By when, as YYYY-MM-DD, if there is a "by when".
 */
by_when: string | null, 
/**
 * The check-in it came from, if any.
 */
check_in_id: number | null, };

export type PromiseMove = { 
/**
 * The state to move to, as [`PromiseState::as_str`] spells it; checked here, so an unknown
 * one gets a gentle answer.
 */
to: PromiseState, 
/**
 * What happened, what changed and why. Optional.
 */
note: string, 
/**
 * The new words of the commitment, agreed together: needed when moving to renegotiated,
 * and not read for any other move.
 */
terms: string, };

export type PromiseEvent = { 
/**
 * When, RFC 3339 at the writer's offset then.
 */
at: string, state: PromiseState, note: string, 
/**
 * The terms that held from this event on, when they changed here: the first words when the
 * promise was made, the new ones at a renegotiation.
 */
terms: string | null, };

export type TrustPromise = { id: number, 
/**
 * When it was made, RFC 3339 at the writer's offset then.
 */
created_at: string, 
/**
 * The day as lived when it was made.
 */
local_date: string, 
/**
 * When its words were last fixed (RFC 3339, UTC), if ever.
 */
updated_at: string | null, asked: string, 
/**
 * What I committed to: after a renegotiation, the new terms.
 */
committed: string, by_when: string | null, 
/**
 * The check-in it came from; none once that check-in is gone.
 */
check_in_id: number | null, state: PromiseState, 
/**
 * Oldest first; the first event is the promise being made (open, with no note).
 */
history: Array<PromiseEvent>, };

export type NewDisclosure = { 
/**
 * The day it was told, YYYY-MM-DD; empty for the day it is written.
 */
told_on: string, 
/**
 * What I told my partner.
 */
what: string, 
/**
 * How they took it. Optional.
 */
how_taken: string, 
/**
 * What is still unsaid. Private: never shown outside the app.
 */
still_unsaid: string, };

export type Disclosure = { id: number, 
/**
 * When it was written down, RFC 3339 at the writer's offset then.
 */
created_at: string, 
/**
 * When its words were last fixed (RFC 3339, UTC), if ever.
 */
updated_at: string | null, told_on: string, what: string, how_taken: string, 
/**
 * Private: never shown outside the app.
 */
still_unsaid: string, };

export type NewRevisit = { 
/**
 * The day it came up, YYYY-MM-DD; empty for the day it is written.
 */
happened_on: string, 
/**
 * What my partner needed.
 */
needed: string, 
/**
 * How I responded.
 */
responded: string, 
/**
 * What I'd like to do next time.
 */
next_time: string, };

export type Revisit = { id: number, 
/**
 * When it was written down, RFC 3339 at the writer's offset then.
 */
created_at: string, 
/**
 * When its words were last fixed (RFC 3339, UTC), if ever.
 */
updated_at: string | null, happened_on: string, needed: string, responded: string, next_time: string, };

/** The events the shell sends the window. */
export const EVENTS = {
  open_check_in: "open-check-in",
  quit_requested: "quit-requested",
  reminders_changed: "reminders-changed",
  lock_requested: "lock-requested",
  export_progress: "export-progress",
} as const;

/** The limits the backend holds every value to (characters, or a count). */
export const LIMITS = {
  note: 20000,
  minutes: 1440,
  label: 60,
  labels: 24,
  entry_title: 200,
  entry_body: 1000000,
  tag: 40,
  tags: 20,
  prompt: 500,
  search_text: 500,
  draft: 1048576,
  reminder_line: 200,
  reminder_lines: 30,
  reminder_rules: 24,
  reminder_times: 12,
  catch_up_minutes: 1440,
  passphrase_min: 8,
  passphrase_max: 1024,
} as const;
