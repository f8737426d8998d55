// Locking Tend from the window: every word saved first, then the backend locks and starts the
// page afresh on the lock screen.
import { api } from './api';
import { saveEverything } from './unsaved';

const NOT_SAVED = 'Some words aren’t saved yet, so Tend stayed open. You could try again in a moment.';

/** Locks Tend if a passphrase is set (asked afresh: it may have been set since the page
 * loaded). Nothing can be typed while the words are saved and Tend locks, so no word typed in
 * between is lost to the fresh page. Answers the words to show when Tend stayed open. */
export async function lockTend(): Promise<string | null> {
  const privacy = await api.privacy().catch(() => null);
  if (!privacy?.passphrase) return null;
  document.body.inert = true;
  try {
    if (await saveEverything()) {
      if (await api.lockNow()) return null;
    }
    document.body.inert = false;
    return NOT_SAVED;
  } catch {
    document.body.inert = false;
    return NOT_SAVED;
  }
}
