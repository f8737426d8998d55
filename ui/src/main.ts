import { mount } from 'svelte';
import './styles/tokens.css';
import './styles/base.css';
import App from './App.svelte';
import { api } from './lib/api';

const target = document.getElementById('app');
if (target) {
  // With a passphrase set and Tend locked, only the lock screen loads: none of the rest of the
  // app (nor any of the person's words) is on this page until it is unlocked.
  api
    .privacy()
    .catch(() => null)
    .then(async (privacy) => {
      if (privacy?.locked) {
        const { default: LockScreen } = await import('./lib/LockScreen.svelte');
        mount(LockScreen, { target });
        void api.ready().catch(() => null);
      } else {
        mount(App, { target });
      }
    });
}
