import { describe, expect, it } from 'vitest';
import { Newest } from './newest';

function later<T>(value: T): { promise: Promise<T>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<T>((done) => (resolve = () => done(value)));
  return { promise, resolve };
}

describe('Newest', () => {
  it('drops a slow answer that arrives after a newer one', async () => {
    const newest = new Newest();
    const slow = later('wal');
    const fast = later('walk');
    const first = newest.take(() => slow.promise);
    const second = newest.take(() => fast.promise);
    fast.resolve();
    expect(await second).toEqual({ value: 'walk' });
    slow.resolve();
    expect(await first).toBeNull();
  });

  it("ignores a stale request's error and passes on the newest's", async () => {
    const newest = new Newest();
    const stale = newest.take(() => Promise.reject(new Error('old')));
    const fresh = newest.take(() => Promise.reject(new Error('new')));
    expect(await stale).toBeNull();
    await expect(fresh).rejects.toThrow('new');
  });

  it('drops every answer once the question is taken back', async () => {
    const newest = new Newest();
    const slow = later('walk');
    const asked = newest.take(() => slow.promise);
    newest.forget();
    slow.resolve();
    expect(await asked).toBeNull();
  });
});
