import { mount } from 'svelte';
import './styles/tokens.css';
import './styles/base.css';
import App from './App.svelte';
import { api } from './lib/api';

// When the page's script began, for the start-up figures (see `api.ready`).
performance.mark('tend:script');

const target = document.getElementById('app');
if (target) {
  // The store's state chooses the first screen. Locked: only the lock screen is mounted, so
  // nothing of the person's words is asked for or put on this page until it is unlocked (then it
  // reloads). Damaged or not there: a calm screen of its own. Only for reading: Tend, with a
  // banner saying so.
  api
    .storage()
    .catch(() => null)
    .then(async (storage) => {
      if (storage?.state === 'locked') {
        const { default: LockScreen } = await import('./lib/LockScreen.svelte');
        mount(LockScreen, { target });
        void api.ready().catch(() => null);
      } else if (storage?.state === 'needs_recovery' || storage?.state === 'unavailable') {
        const { default: StorageScreen } = await import('./lib/StorageScreen.svelte');
        mount(StorageScreen, { target, props: { storage } });
        void api.ready().catch(() => null);
      } else {
        mount(App, { target, props: { readOnly: storage?.state === 'read_only' } });
      }
    });
}
