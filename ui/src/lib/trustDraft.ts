// What is being written on the Promises & talks screen, form by form, kept in the database as
// it is typed (one draft, a JSON document of the forms), so that switching tabs or screens,
// locking, closing the window or a crash loses no word. A form's words leave the draft once
// they are saved, or when the form is emptied.
import { asCommandError, type Api } from './api';
import { draftAutosave, type Autosave } from './autosave';
import { track } from './unsaved';

type Forms = Record<string, unknown>;

const session: { forms: Forms | null; autosave: Autosave | null; api: Api | null } = {
  forms: null,
  autosave: null,
  api: null,
};

function autosave(api: Api): Autosave {
  session.api = api;
  if (!session.autosave) {
    session.autosave = draftAutosave(
      async () => {
        const forms = session.forms ?? {};
        const words = Object.keys(forms).length > 0 ? JSON.stringify(forms) : null;
        await (session.api ?? api).keepTrustDraft(words);
      },
      (error) => asCommandError(error).kind === 'storage',
    );
    // Closing the window or locking saves these words first, wherever the person is.
    track(session.autosave);
  }
  return session.autosave;
}

/** The words kept for `form`, if any; the draft is read from the database once per window. */
export async function keptWords<T>(api: Api, form: string): Promise<T | null> {
  if (session.forms === null) {
    try {
      const kept = await api.trustDraft();
      session.forms = kept ? (JSON.parse(kept) as Forms) : {};
    } catch {
      // Unread, the kept draft stays as it is in the database, and is asked for again next time.
      return null;
    }
  }
  return (session.forms[form] as T | undefined) ?? null;
}

/** Keeps `words` as `form`'s, or forgets them (`null`: saved, or the form emptied). */
export function keepWords(api: Api, form: string, words: unknown): void {
  const forms = (session.forms ??= {});
  if (words === null) {
    if (!(form in forms)) return;
    delete forms[form];
  } else {
    forms[form] = words;
  }
  autosave(api).changed();
}

/** Whether every text in `words` is blank, so there is nothing to keep. */
export function blankWords(words: Record<string, unknown>): boolean {
  return Object.values(words).every((value) => typeof value !== 'string' || value.trim() === '');
}
