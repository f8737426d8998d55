import { describe, expect, it } from 'vitest';
import { distinctTags } from './tags';

describe('tags as typed', () => {
  it('keeps each tag once, as first spelled, whatever its case or a leading #', () => {
    expect(distinctTags(' Walks, walks ,#WALKS, 家族')).toEqual(['Walks', '家族']);
  });

  it('takes nothing from commas and spaces alone', () => {
    expect(distinctTags('')).toEqual([]);
    expect(distinctTags(' , ,, # ')).toEqual([]);
  });
});
