/** Text as an analyst groups it: zero-width characters out, runs of white space one space, trimmed. */
export function readableText(s: string): string {
  return s.replace(/[\u200b-\u200d\u2060\ufeff]/gu, '').replace(/\s+/gu, ' ').trim();
}
