/**
 * Hostile text for the fuzz tests, from a seeded generator (src/engine/random.ts), so a failure
 * reproduces: each case names its seed and index.
 */
import type { Random } from "../../src/engine/random.ts";

/** Pieces a hostile member would try: pings, markdown, control characters, lookalikes. */
export const HOSTILE_PIECES: readonly string[] = [
  "@everyone",
  "@here",
  "<@&123456789012345678>",
  "<@123456789012345678>",
  "<@!123456789012345678>",
  "<#123456789012345678>",
  "<t:0:R>",
  "<:blob:123456789012345678>",
  "**bold**",
  "__under__",
  "~~strike~~",
  "||spoiler||",
  "```js\nalert(1)\n```",
  "`",
  "> quoted",
  "# Heading",
  "-# small",
  "[a link](https://example.invalid/x)",
  "\\",
  "\u0000",
  "\u0007",
  "\u001b[31mred\u001b[0m",
  "\r\n",
  "\t",
  "\u007f",
  "\u0085",
  "\u2028",
  "\u202e",
  "\u202e\u2066unterminated override",
  "\u2067",
  "\u2069",
  "\u202d",
  "\u00ad",
  "\u2060",
  "a\u200bb",
  "```\nan unclosed fence",
  "```",
  "x".repeat(80),
  "\u200b",
  "\u200d",
  "\ufeff",
  "\ud800",
  "e\u0301",
  "🏳️‍🌈",
  "ｓｔａｔｅ",
  "stаte-dept-2005",
  "ѕtate-dept-2005",
  "state‐dept‐2005",
  "STATE-DEPT-2005",
  " state-dept-2005 ",
  "'; DROP TABLE keyv; --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text a member would type
  "${process.env.DISCORD_TOKEN}",
  "__proto__",
  "constructor",
  "v1:ans:x:0:0",
  "%s%n%x",
  "null",
  "",
  "   ",
];

/** A hostile string of at most `max` characters: a mix of pieces, sometimes padded to the limit. */
export function hostileText(random: Random, max: number): string {
  const pick = () => HOSTILE_PIECES[Math.floor(random() * HOSTILE_PIECES.length)] ?? "";
  const roll = random();
  let text: string;
  if (roll < 0.1) text = "";
  else if (roll < 0.2) text = "x".repeat(max);
  else if (roll < 0.3)
    text = pick()
      .repeat(Math.ceil(max / Math.max(1, pick().length + 1)))
      .slice(0, max);
  else if (roll < 0.4) text = "\n".repeat(Math.min(max, 50)) + pick();
  else {
    const parts = Array.from({ length: 1 + Math.floor(random() * 4) }, pick);
    text = parts.join(random() < 0.5 ? " " : "");
  }
  return [...text].slice(0, max).join("").slice(0, max);
}
