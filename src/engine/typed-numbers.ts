/**
 * Reads a typed number or range in the notations people actually type: digits with or without
 * thousands separators ("100,000", "100000", "100 000"), digits with a scale word ("10.5
 * million"), English number words ("one hundred thousand"), Korean numerals ("10만", "십만",
 * "7천8백") and a range of any two of these ("30,000 to 50,000", "30000-50000", "3만~5만",
 * "between 30,000 and 50,000"). Pure: no imports, so the bank checker can use it too.
 */

/**
 * A number or an inclusive range, as values; `unit` is "%" for percentages, a singular time unit
 * ("month") for a duration ("1-2 months"), else "".
 */
export interface NumberValue {
  readonly low: number;
  readonly high: number;
  readonly unit: string;
}

const SMALL: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Readonly<Record<string, number>> = {
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
};

const KOREAN_DIGITS: Readonly<Record<string, number>> = {
  영: 0,
  공: 0,
  일: 1,
  이: 2,
  삼: 3,
  사: 4,
  오: 5,
  육: 6,
  칠: 7,
  팔: 8,
  구: 9,
};
const KOREAN_SMALL_UNITS: Readonly<Record<string, number>> = { 십: 10, 백: 100, 천: 1000 };
const KOREAN_BIG_UNITS: Readonly<Record<string, number>> = { 만: 1e4, 억: 1e8, 조: 1e12 };

/** Digits, with thousands separators (comma, space, apostrophe, underscore, thin space) or none. */
const DIGITS = /^(?:\d{1,3}(?:[,  '_]\d{3})+|\d+)(?:\.\d+)?$/u;

/** Counters and words that may follow a number without changing it ("100,000 people", "10만 명"). */
const COUNTERS = /\s*(?:people|persons|north koreans|refugees|명|여 ?명|건|개)$/u;

/**
 * Time units a number may carry ("one to two months"). Singular and plural are the same unit:
 * after a number the plural -s is grammar, not a typo ("one to two month sentences" in the source).
 */
const TIME_UNIT = /\s*\b(second|minute|hour|day|week|month|year)s?$/u;

/** Folds the text a number may be written in: NFKC (full-width digits), lower case, one dash, one space. */
function foldForNumbers(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/[\u301c\uff5e]/g, "~")
    .replace(/\s+/g, " ")
    .trim();
}

/** Reads `text` as one number or one range, or undefined when it is not wholly a number. */
export function parseNumberValue(text: string): NumberValue | undefined {
  let folded = foldForNumbers(text).replace(/[.!?]+$/, "");
  let unit = "";
  const percent = /\s*(?:%|percent|per cent|퍼센트|프로)$/u;
  if (percent.test(folded)) {
    unit = "%";
    folded = folded.replace(percent, "");
  }
  const time = unit === "" ? TIME_UNIT.exec(folded) : null;
  if (time) {
    unit = time[1] as string;
    folded = folded.slice(0, time.index).trim();
  }
  folded = folded.replace(COUNTERS, "").trim();
  // Hyphens inside number words ("twenty-five") are spaces; a hyphen left is a range.
  folded = folded.replace(/([a-z])-([a-z])/g, "$1 $2");
  const between = /^(?:between|from)\s+(.+?)\s+(?:and|to)\s+(.+)$/u.exec(folded);
  const range = between ?? /^(.+?)\s*(?:\bto\b|-|~|에서|부터)\s*(.+?)(?:\s*까지)?$/u.exec(folded);
  if (range) {
    const low = parseSingle(range[1] as string);
    const high = parseSingle(range[2] as string);
    if (low === undefined || high === undefined || low >= high) return undefined;
    return { low, high, unit };
  }
  const value = parseSingle(folded);
  return value === undefined ? undefined : { low: value, high: value, unit };
}

/** Whether two number values are the same number or the same range. */
export function sameNumberValue(a: NumberValue, b: NumberValue): boolean {
  return a.low === b.low && a.high === b.high && a.unit === b.unit;
}

function parseSingle(text: string): number | undefined {
  const t = text.trim().replace(COUNTERS, "").trim();
  if (t.length === 0) return undefined;
  if (DIGITS.test(t)) return Number(t.replace(/[,  '_]/g, ""));
  const scaled = /^(\d+(?:\.\d+)?)\s*(thousand|million|billion|k|m)$/u.exec(t);
  if (scaled) {
    const scale = { k: 1e3, m: 1e6 }[scaled[2] as string] ?? SCALES[scaled[2] as string] ?? 1;
    return round(Number(scaled[1]) * scale);
  }
  if (/^[a-z ]+$/.test(t)) return parseEnglishWords(t);
  if (/^[\d,.\s가-힣]+$/u.test(t)) return parseKorean(t);
  return undefined;
}

/** Avoids 10.5 * 1e6 = 10500000.000000002. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** "one hundred thousand", "a hundred", "two million", "fifty-five" (hyphens already spaces). */
function parseEnglishWords(text: string): number | undefined {
  const words = text.split(" ").filter((w) => w !== "and");
  if (words.length === 0) return undefined;
  let total = 0;
  let group = 0;
  let any = false;
  for (const [i, word] of words.entries()) {
    if ((word === "a" || word === "an") && i === 0) {
      group = 1;
      continue;
    }
    const small = SMALL[word];
    if (small !== undefined) {
      group += small;
      any = true;
    } else if (word === "hundred") {
      group = (group || 1) * 100;
      any = true;
    } else {
      const scale = SCALES[word];
      if (scale === undefined) return undefined;
      total += (group || 1) * scale;
      group = 0;
      any = true;
    }
  }
  return any ? total + group : undefined;
}

/** "10만", "십만", "3만 5천", "7천8백", "1억", "1,000만" (spaces already insignificant). */
function parseKorean(text: string): number | undefined {
  const t = text.replace(/\s+/g, "");
  let total = 0;
  let section = 0;
  let current: number | undefined;
  let any = false;
  let i = 0;
  while (i < t.length) {
    const literal = /^\d+(?:,\d{3})*(?:\.\d+)?/.exec(t.slice(i));
    if (literal) {
      if (current !== undefined) return undefined;
      current = Number(literal[0].replace(/,/g, ""));
      i += literal[0].length;
      any = true;
      continue;
    }
    const ch = t[i] as string;
    const digit = KOREAN_DIGITS[ch];
    const small = KOREAN_SMALL_UNITS[ch];
    const big = KOREAN_BIG_UNITS[ch];
    if (digit !== undefined) {
      if (current !== undefined) return undefined;
      current = digit;
    } else if (small !== undefined) {
      section += (current ?? 1) * small;
      current = undefined;
    } else if (big !== undefined) {
      const multiplier = section + (current ?? 0);
      total += (multiplier === 0 ? 1 : multiplier) * big;
      section = 0;
      current = undefined;
    } else {
      return undefined;
    }
    any = true;
    i += 1;
  }
  return any ? round(total + section + (current ?? 0)) : undefined;
}
