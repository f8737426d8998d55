// The screens after the first: each is loaded the first time it is opened, so the first
// screen (the check-in) loads only what it shows.
import type { Component } from 'svelte';

export type LaterView = 'history' | 'journal' | 'trust' | 'insights' | 'reminders' | 'privacy' | 'data';
export type Screen = Component<{ now: Date }>;

const loaders: Record<LaterView, () => Promise<{ default: Screen }>> = {
  history: () => import('./HistoryView.svelte'),
  journal: () => import('./JournalView.svelte'),
  trust: () => import('./TrustView.svelte'),
  insights: () => import('./InsightsView.svelte'),
  reminders: () => import('./RemindersView.svelte'),
  privacy: () => import('./PrivacyView.svelte'),
  data: () => import('./DataView.svelte'),
};

const loading = new Map<LaterView, Promise<Screen>>();

/** The screen for `view`, loaded once; a load that fails is tried again next time. */
export function loadScreen(view: LaterView): Promise<Screen> {
  let screen = loading.get(view);
  if (!screen) {
    screen = loaders[view]().then((module) => module.default);
    screen.catch(() => loading.delete(view));
    loading.set(view, screen);
  }
  return screen;
}
