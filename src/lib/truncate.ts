/** Text helpers every layer may use (messages, notices, error parameters). */

/**
 * Shortens text to at most `max` UTF-16 units, cut at a word boundary and marked with "…" when
 * cut. The one helper for every cut (notices, labels, fields): a word is cut only when it alone
 * would leave less than half the room, and a surrogate pair is never split.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = Math.max(0, max - 1);
  let cut = text.slice(0, room);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const atBoundary = /\s/.test(text.charAt(cut.length));
  if (!atBoundary) {
    const lastSpace = cut.search(/\s\S*$/);
    if (lastSpace >= room / 2) cut = cut.slice(0, lastSpace);
  }
  return `${cut.trimEnd()}…`;
}
