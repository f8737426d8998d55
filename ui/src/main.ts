import { mount } from 'svelte';
import './styles/tokens.css';
import './styles/base.css';
import App from './App.svelte';
import { api } from './lib/api';

// When the page's script began, for the start-up figures (see `api.ready`).
performance.mark('tend:script');

const target = document.getElementById('app');
if (target) {
  // With a passphrase set and Tend locked, only the lock screen is mounted: nothing of the
  // person's words is asked for or put on this page until it is unlocked (then it reloads).
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
