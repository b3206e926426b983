/**
 * The numbers a text states, as values, so that a Korean translation can be held to the numbers
 * of its English original whatever the notation: "100,000" = "100000" = "10만" = "십만";
 * "30,000 to 50,000" = "3만~5만" = "3~5만"; "1951" = "1951년"; "50%" = "50퍼센트"; "section 301"
 * = "제301조"; "ten" = "10"; "31 January" = "1월 31일". Digits inside a word count too ("P1",
 * "FY2004", "301(b)(1)"), so every digit a reader sees is held to the original.
 */

/** English number words two to twenty. "one" and "zero" are left out: "no one", "one of the" are not figures. */
const ENGLISH_WORDS = new Map<string, number>(
  "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"
    .split(" ")
    .map((word, i) => [word, i + 2] as const),
);

/** Ordinals from third ("a third country" is 제3국); "first" and "second" read as 첫, 두 번째 in Korean. */
const ENGLISH_ORDINALS = new Map<string, number>(
  "third fourth fifth sixth seventh eighth ninth tenth".split(" ").map((word, i) => [word, i + 3] as const),
);

/** Tens, which also start a compound ("sixty thousand"). */
const ENGLISH_TENS = new Map<string, number>(
  "thirty forty fifty sixty seventy eighty ninety".split(" ").map((word, i) => [word, (i + 3) * 10] as const),
);

const ENGLISH_SCALES = new Map<string, number>([
  ["hundred", 1e2],
  ["thousand", 1e3],
  ["million", 1e6],
  ["billion", 1e9],
]);

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** A number with optional thousands groups and decimals: "100,000", "10.5", "1951". */
const DIGITS = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;

const digitValue = (text: string): number => Number(text.replaceAll(",", ""));

/** Rounded so that 10.5 * 1e6 and 10500000 compare equal. */
const canonical = (value: number): number => Math.round(value * 1000) / 1000;

/** The numbers an English text states, each once. */
export function englishNumbers(text: string): Set<number> {
  const found = new Set<number>();
  const pattern = new RegExp(
    String.raw`(?<![\d.,])(${DIGITS})(?:\s+(thousand|million|billion)\b)?|\b([A-Za-z]+)\b`,
    "g",
  );
  for (const match of text.matchAll(pattern)) {
    const [, digits, scale, word] = match;
    if (digits !== undefined) {
      found.add(canonical(digitValue(digits) * (scale ? (ENGLISH_SCALES.get(scale) ?? 1) : 1)));
      continue;
    }
    const lower = (word ?? "").toLowerCase();
    const named = ENGLISH_WORDS.get(lower) ?? ENGLISH_TENS.get(lower) ?? ENGLISH_ORDINALS.get(lower);
    if (named === undefined) continue;
    // "six thousand", "sixty thousand", "six hundred": the word and its scale are one number.
    const after = /^\s+(hundred|thousand|million|billion)\b/i.exec(
      text.slice((match.index ?? 0) + lower.length),
    );
    found.add(after ? named * (ENGLISH_SCALES.get((after[1] ?? "").toLowerCase()) ?? 1) : named);
  }
  // A month written as a name beside a day or year ("31 January", "May 2004") is a number in Korean ("1월").
  const names = MONTHS.map((m) => `${m[0]?.toUpperCase()}${m.slice(1)}`).join("|");
  const monthPattern = new RegExp(String.raw`\b(${names})\b(?=\s+\d)|(?<=\d\s+)(${names})\b`, "g");
  // Any other capitalised month name ("In July", "in June and August") is one too; "May" only
  // beside a number, since it is also a verb.
  const standalone = new RegExp(String.raw`\b(${names.replace("May|", "")})\b`, "g");
  for (const match of text.matchAll(standalone))
    found.add(MONTHS.indexOf((match[1] ?? "").toLowerCase()) + 1);
  for (const match of text.matchAll(monthPattern)) {
    found.add(MONTHS.indexOf((match[1] ?? match[2] ?? "").toLowerCase()) + 1);
  }
  return found;
}

/** Korean units, largest first; "천만" and "백만" are units of their own ("2천만"). */
const KOREAN_UNITS: readonly (readonly [string, number])[] = [
  ["억", 1e8],
  ["천만", 1e7],
  ["백만", 1e6],
  ["만", 1e4],
  ["천", 1e3],
];
const UNIT = KOREAN_UNITS.map(([unit]) => unit).join("|");

/** Sino-Korean numerals written out ("십만", "삼천"): digit and power characters. */
const SINO_DIGITS = new Map([...("일이삼사오육칠팔구" as string)].map((c, i) => [c, i + 1] as const));
const SINO_POWERS = new Map<string, number>([
  ["십", 10],
  ["백", 100],
  ["천", 1000],
]);
const SINO_BIG = new Map<string, number>([
  ["만", 1e4],
  ["억", 1e8],
]);

/** The value of a written-out Sino-Korean numeral such as "십만" or "삼만 오천", or undefined. */
function sinoValue(word: string): number | undefined {
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const c of word) {
    const d = SINO_DIGITS.get(c);
    if (d !== undefined) {
      digit = d;
      continue;
    }
    const power = SINO_POWERS.get(c);
    if (power !== undefined) {
      section += (digit || 1) * power;
      digit = 0;
      continue;
    }
    const big = SINO_BIG.get(c);
    if (big === undefined) return undefined;
    total += (section + digit || 1) * big;
    section = 0;
    digit = 0;
  }
  return total + section + digit;
}

/**
 * Native Korean counts before a counter ("다섯 명", "두 가지"): the translation of "five
 * people". Only before a counter, since 세, 네 and 두 are also ordinary words.
 */
const NATIVE = new Map<string, number>([
  ["두", 2],
  ["세", 3],
  ["네", 4],
  ["다섯", 5],
  ["여섯", 6],
  ["일곱", 7],
  ["여덟", 8],
  ["아홉", 9],
  ["열", 10],
]);
const COUNTERS = "명|가지|개|곳|번|차례|해|나라|사람|건|개국";

/** The numbers a Korean text states, each once, whatever the notation. */
export function koreanNumbers(korean: string): Set<number> {
  const found = new Set<number>();
  // Digits after a Latin letter are part of a code ("P3", "FY2004"): "P3만" is "P3 only", not 30,000.
  const text = korean.replace(/(?<=[A-Za-z])\d+/g, (digits) => {
    found.add(Number(digits));
    return " ";
  });
  // A number with its units: "10만", "1만 1,000", "2천만", "1,195", "1951년" (the 년 is not a unit).
  const group = String.raw`(?:${DIGITS})\s?(?:${UNIT})?`;
  const compound = new RegExp(
    String.raw`(?<![\d.,])((?:${DIGITS})(?:${UNIT})?(?:\s?(?:${DIGITS})(?:${UNIT})?)*)(?:\s*[~∼〜\-–]\s*(${group}))?`,
    "g",
  );
  for (const match of text.matchAll(compound)) {
    const first = compoundValue(match[1] ?? "");
    const second = match[2] === undefined ? undefined : compoundValue(match[2].replace(/\s/g, ""));
    if (first === undefined) {
      // Parts that do not descend ("1995 1999") are separate numbers.
      for (const part of (match[0] ?? "").matchAll(new RegExp(DIGITS, "g"))) found.add(digitValue(part[0]));
      continue;
    }
    if (second !== undefined) {
      found.add(canonical(second.value));
      // "3~5만": the unit of the second number applies to a bare first one.
      found.add(canonical(first.unit === 1 && second.unit > 1 ? first.value * second.unit : first.value));
    } else {
      found.add(canonical(first.value));
    }
  }
  // Written-out numerals: a whole word of them with a power ("십만", "삼천"), a counter or particle may follow.
  const sino =
    /(?<![가-힣\d])([일이삼사오육칠팔구십백천만억]{2,})(?=[명건년개의이가을를은는도과와에\s.,)]|$)/gu;
  for (const match of text.matchAll(sino)) {
    const word = match[1] ?? "";
    if (![...word].some((c) => SINO_POWERS.has(c) || SINO_BIG.has(c))) continue;
    const value = sinoValue(word);
    if (value !== undefined) found.add(value);
  }
  const native = new RegExp(`(?<![가-힣])(${[...NATIVE.keys()].join("|")})\\s?(?=${COUNTERS})`, "g");
  for (const match of text.matchAll(native)) {
    const value = NATIVE.get(match[1] ?? "");
    if (value !== undefined) found.add(value);
  }
  return found;
}

/** "1만 1,000" -> 11000 (unit 1); "5만" -> 50000 (unit 10000); the unit of its last part. */
function compoundValue(text: string): { value: number; unit: number } | undefined {
  const part = new RegExp(`(${DIGITS})(${UNIT})?`, "g");
  let value = 0;
  let lastUnit = Number.POSITIVE_INFINITY;
  let unit = 1;
  for (const match of text.matchAll(part)) {
    const size = KOREAN_UNITS.find(([name]) => name === match[2])?.[1] ?? 1;
    // Parts must descend ("1만 1,000"); otherwise the caller reads them as separate numbers.
    if (size >= lastUnit) return undefined;
    value += digitValue(match[1] ?? "0") * size;
    lastUnit = size;
    unit = size;
  }
  return lastUnit === Number.POSITIVE_INFINITY ? undefined : { value, unit };
}

/** Numbers of the English the Korean lacks, and numbers of the Korean the English lacks. */
export function numberDrift(english: string, korean: string): { missing: number[]; extra: number[] } {
  const en = englishNumbers(english);
  const ko = koreanNumbers(korean);
  // "one", "a year", "once": English leaves a 1 unwritten ("one" is not read as a figure above,
  // since "no one" is not one) that Korean writes ("1년", "1~2개월", "1명"); it is forgiven then.
  const saysOne = /\b(one|once|a (year|month|week|day|decade|hundred|thousand))\b/i.test(english);
  return {
    missing: [...en].filter((n) => !ko.has(n)),
    extra: [...ko].filter((n) => !en.has(n) && !(n === 1 && saysOne)),
  };
}
