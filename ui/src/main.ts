import { mount } from 'svelte';
import './styles/tokens.css';
import './styles/base.css';
import App from './App.svelte';

// When the page's script began, for the start-up figures (see `api.ready`).
performance.mark('tend:script');

const target = document.getElementById('app');
if (target) {
  mount(App, { target });
}
