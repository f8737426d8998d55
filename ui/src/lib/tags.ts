// Journal tags as the editor takes them: typed in one field, separated by commas.

/** The tags typed, each once (the same tag twice is one tag, whatever its case or a leading #),
 * spelled as first typed. */
export function distinctTags(text: string): string[] {
  const seen = new Map<string, string>();
  for (const raw of text.split(',')) {
    const tag = raw.trim();
    const key = tag.replace(/^#/u, '').toLocaleLowerCase();
    if (key !== '' && !seen.has(key)) seen.set(key, tag);
  }
  return [...seen.values()];
}
