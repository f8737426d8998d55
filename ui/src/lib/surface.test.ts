// The names and limits the backend owns are spelled once, in the generated bindings: a UI file
// that spells an event name or a backend limit itself fails here, so the two cannot drift.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENTS, LIMITS } from './bindings';

const SRC = join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    const generated = name === 'bindings.ts';
    const test = name.endsWith('.test.ts') || name === 'fixtures.ts';
    return /\.(ts|svelte)$/.test(name) && !generated && !test ? [path] : [];
  });
}

const files = sources(SRC).map((path) => ({ path: path.slice(SRC.length + 1), text: readFileSync(path, 'utf8') }));
const limits = new Set<number>(Object.values(LIMITS));

describe('the UI takes names and limits from the bindings', () => {
  it('reads the UI sources', () => {
    expect(files.some((f) => f.path === 'App.svelte')).toBe(true);
  });

  it('never spells an event name', () => {
    const spelled = files.flatMap(({ path, text }) =>
      Object.values(EVENTS)
        .filter((name) => new RegExp(`['"\`]${name}['"\`]`).test(text))
        .map((name) => `${path}: ${name}`),
    );
    expect(spelled).toEqual([]);
  });

  it('never spells a backend limit in a field or a constant', () => {
    const spelled = files.flatMap(({ path, text }) =>
      [...text.matchAll(/maxlength=["{]?([\d_]+)|_LIMIT\s*=\s*([\d_]+)/g)]
        .map((m) => Number((m[1] ?? m[2] ?? '').replaceAll('_', '')))
        .filter((n) => limits.has(n))
        .map((n) => `${path}: ${n}`),
    );
    expect(spelled).toEqual([]);
  });
});
