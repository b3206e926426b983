/**
 * Text for charts: XML escaping, and a width estimate of a string in the bundled font, so that
 * labels can be shortened with an ellipsis before they would overflow. The estimate errs wide
 * (a label may end a little early, never run past its box).
 */

/** Escapes text for an SVG text node or attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) =>
    c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === "&" ? "&amp;" : c === '"' ? "&quot;" : "&apos;",
  );
}

/** Whether a code point is a control, zero-width or bidi-override character (never drawn). */
function isInvisible(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfeff
  );
}

/** Removes what a chart must never draw: control, zero-width and bidi-override characters. */
export function printable(text: string): string {
  let out = "";
  for (const c of text) if (!isInvisible(c.codePointAt(0) ?? 0)) out += c;
  return out;
}

/** The advance of one character, in ems, for Pretendard (a little over the real widths). */
function charWidth(code: number): number {
  if (code === 0x20) return 0.28;
  // Hangul syllables and jamo, CJK, full-width forms and emoji are about one em wide.
  if (
    (code >= 0x1100 && code <= 0x11ff) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7af) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xff00 && code <= 0xffef) ||
    code >= 0x1f000
  )
    return 1.0;
  const c = String.fromCodePoint(code);
  if ("il.,:;'|!`".includes(c)) return 0.3;
  if ('fjrt()[]{}/\\-"'.includes(c)) return 0.42;
  if ("mwMW@%".includes(c)) return 0.92;
  if (c >= "A" && c <= "Z") return 0.7;
  if (c >= "0" && c <= "9") return 0.62;
  return 0.6;
}

/** The estimated width of a string at a font size, in pixels. */
export function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const c of text) ems += charWidth(c.codePointAt(0) ?? 0);
  return ems * fontSize;
}

/** Shortens text with an ellipsis so that it fits `maxWidth` pixels at `fontSize` (cut between code points). */
export function fitText(text: string, fontSize: number, maxWidth: number): string {
  const clean = printable(text).replace(/\s+/g, " ").trim();
  if (textWidth(clean, fontSize) <= maxWidth) return clean;
  const chars = [...clean];
  const ellipsis = textWidth("…", fontSize);
  let width = 0;
  let end = 0;
  while (end < chars.length) {
    const next = width + textWidth(chars[end] ?? "", fontSize);
    if (next + ellipsis > maxWidth) break;
    width = next;
    end++;
  }
  return `${chars.slice(0, end).join("").trimEnd()}…`;
}
