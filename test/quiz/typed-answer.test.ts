import { describe, expect, it } from "vitest";
import { editDistance } from "../../src/engine/edit-distance.ts";
import { foldTyped, judgeTyped, type TypedKey, typoAllowance } from "../../src/engine/typed-answer.ts";
import { parseNumberValue } from "../../src/engine/typed-numbers.ts";

/** The verdict kind for each typed answer, so a table reads as the rule it checks. */
function kinds(key: TypedKey, typed: readonly string[]): Record<string, string> {
  return Object.fromEntries(typed.map((t) => [t, judgeTyped(t, key).kind]));
}

// The real question uscri-2004-hiding-in-china, as the bank has it.
const HIDING: TypedKey = { accept: ["100,000"], wrong: ["11,000", "30,000 to 50,000", "7,800"] };

describe("numbers: any common notation, never a typo", () => {
  it("accepts 100,000 written with or without separators, in words, and in Korean", () => {
    const typed = [
      "100,000",
      "100000",
      "100 000",
      "100 000",
      "one hundred thousand",
      "a hundred thousand",
      "100 thousand",
    ];
    const korean = ["10만", "십만", "10만 명", "약 10만", "１００，０００"];
    for (const t of [...typed, ...korean])
      expect(judgeTyped(t, HIDING), t).toEqual({ kind: "exact", accepted: "100,000" });
  });

  it("allows no typo in a number (100,001 and 10,000 are other numbers)", () => {
    expect(kinds(HIDING, ["100,001", "10,000", "1,000,000", "100,0000"])).toEqual({
      "100,001": "wrong",
      "10,000": "wrong",
      "1,000,000": "wrong",
      "100,0000": "wrong",
    });
  });

  it("refuses a wrong option in any notation: 30000-50000 = 3만~5만 = the range option", () => {
    for (const t of [
      "30,000 to 50,000",
      "30000-50000",
      "30,000–50,000",
      "3만~5만",
      "between 30,000 and 50,000",
      "3만에서 5만",
    ]) {
      expect(judgeTyped(t, HIDING), t).toEqual({
        kind: "wrong-option",
        option: "30,000 to 50,000",
        accepted: "100,000",
      });
    }
    expect(judgeTyped("11000", HIDING).kind).toBe("wrong-option");
    expect(judgeTyped("seven thousand eight hundred", HIDING).kind).toBe("wrong-option");
  });

  it("accepts a range answer as its range in any notation, not a number inside it", () => {
    const key: TypedKey = { accept: ["Between 30,000 and 50,000"], wrong: ["100,000", "11,000"] };
    expect(
      kinds(key, ["30,000 to 50,000", "30000-50000", "3만~5만", "30,000 - 50,000", "40,000", "30,000"]),
    ).toEqual({
      "30,000 to 50,000": "exact",
      "30000-50000": "exact",
      "3만~5만": "exact",
      "30,000 - 50,000": "exact",
      "40,000": "wrong",
      "30,000": "wrong",
    });
  });

  it("reads scale words, percentages and Korean numerals", () => {
    expect(parseNumberValue("10.5 million")).toEqual({ low: 10_500_000, high: 10_500_000, unit: "" });
    expect(parseNumberValue("1,050만")).toEqual({ low: 10_500_000, high: 10_500_000, unit: "" });
    expect(parseNumberValue("칠천팔백")).toEqual({ low: 7800, high: 7800, unit: "" });
    expect(parseNumberValue("3만 5천")).toEqual({ low: 35_000, high: 35_000, unit: "" });
    expect(parseNumberValue("twenty-five percent")).toEqual({ low: 25, high: 25, unit: "%" });
    expect(parseNumberValue("25")).toEqual({ low: 25, high: 25, unit: "" });
    // A duration is a number with a time unit, singular or plural alike.
    expect(parseNumberValue("one to two months")).toEqual({ low: 1, high: 2, unit: "month" });
    // Not numbers: words that merely contain one.
    expect(parseNumberValue("one to two months in a labour camp")).toBeUndefined();
    expect(parseNumberValue("Article 32")).toBeUndefined();
    expect(parseNumberValue("일본")).toBeUndefined();
  });
});

// The real question uscri-2004-returnee-sentence: the quote says "one to two month sentences".
const RETURNEE: TypedKey = {
  accept: ["one to two month"],
  wrong: [
    "Six months in a detention centre",
    'Five years of "labor correction"',
    "None; they were released at the border",
  ],
};

describe("durations: a range with a time unit, number words or digits, plural or not", () => {
  it("accepts the range of months in any notation, and the plural as exact (grammar, not a typo)", () => {
    expect(
      kinds(RETURNEE, [
        "1-2 months",
        "one to two months",
        "One to two month",
        "1 to 2 months",
        "between one and two months",
        "1~2 months",
        "about 1-2 months",
      ]),
    ).toEqual({
      "1-2 months": "exact",
      "one to two months": "exact",
      "One to two month": "exact",
      "1 to 2 months": "exact",
      "between one and two months": "exact",
      "1~2 months": "exact",
      "about 1-2 months": "exact",
    });
  });

  it("keeps the unit and the range strict: other units, other ranges, a number inside are wrong", () => {
    expect(
      kinds(RETURNEE, [
        "1-2 years",
        "1-2 weeks",
        "2 months",
        "1-3 months",
        "one to two",
        "six months",
        "5 years",
      ]),
    ).toEqual({
      "1-2 years": "wrong",
      "1-2 weeks": "wrong",
      "2 months": "wrong",
      "1-3 months": "wrong",
      "one to two": "wrong",
      "six months": "wrong",
      "5 years": "wrong",
    });
  });

  it("drops the plural -s of a time unit only after a number, in the text fold too", () => {
    expect(foldTyped("one to two months in forced labor camps")).toBe("1 to 2 month in forced labor camps");
    expect(foldTyped("the months of winter")).toBe("months of winter");
    const key: TypedKey = { accept: ["one to two month sentences"], wrong: [] };
    expect(judgeTyped("1 to 2 months sentences", key).kind).toBe("exact");
  });
});

describe("text: lenient on what typing changes, never a substring", () => {
  it("Red-DiscordBot #331: 'air' is not 'chair' (no substring matching)", () => {
    const key: TypedKey = { accept: ["chair"], wrong: ["table"] };
    expect(kinds(key, ["air", "hair", "chairman", "chair"])).toEqual({
      air: "wrong",
      hair: "near-miss", // one typo in a 5-letter word: the allowance, and not a substring match
      chairman: "wrong",
      chair: "exact",
    });
  });

  it("Red-DiscordBot #2168: punctuation, case, spacing, curly quotes and dashes are ignored", () => {
    const key: TypedKey = {
      accept: ['Five years of "labor correction"'],
      wrong: ["Seven years' imprisonment"],
    };
    for (const t of [
      "five years of labor correction",
      "Five years of “labor correction”",
      "FIVE  YEARS OF LABOR-CORRECTION!",
      "5 years of labor correction",
    ]) {
      expect(judgeTyped(t, key).kind, t).toBe("exact");
    }
    expect(judgeTyped("Seven years imprisonment", key).kind).toBe("wrong-option");
  });

  it("leading articles and hedges are optional on either side", () => {
    const key: TypedKey = { accept: ["About 11,000"], wrong: ["100,000"] };
    expect(kinds(key, ["11,000", "approximately 11000", "roughly eleven thousand", "약 1만 1천"])).toEqual({
      "11,000": "exact",
      "approximately 11000": "exact",
      "roughly eleven thousand": "exact",
      "약 1만 1천": "exact",
    });
    const river: TypedKey = { accept: ["The Philippines"], wrong: ["Laos", "Mongolia"] };
    expect(judgeTyped("philippines", river).kind).toBe("exact");
    expect(judgeTyped("the philipines", river)).toEqual({
      kind: "near-miss",
      accepted: "The Philippines",
      typos: 1,
    });
  });

  it("KMQ #1140: typos in proportion to length, none for 4 characters or fewer", () => {
    expect([3, 4, 5, 8, 9, 15, 16, 40].map(typoAllowance)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    const laos: TypedKey = { accept: ["Laos"], wrong: ["Russia"] };
    expect(judgeTyped("Loas", laos).kind).toBe("wrong");
    const long: TypedKey = { accept: ["Clandestine guides and safe houses"], wrong: ["Brokers"] };
    expect(judgeTyped("clandestine guids and safe housees", long)).toEqual({
      kind: "near-miss",
      accepted: "Clandestine guides and safe houses",
      typos: 2,
    });
    expect(judgeTyped("clandestin guids and saf housees", long).kind).toBe("wrong"); // 4 typos > 3
  });

  it("a swap of two neighbours is one typo (Damerau), not two", () => {
    expect(editDistance("recieve", "receive")).toBe(1);
    expect(editDistance("brokers", "borkers")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    const key: TypedKey = { accept: ["Brokers"], wrong: ["Guards"] };
    expect(judgeTyped("Borkers", key).kind).toBe("near-miss");
  });

  it("a typo never reaches a wrong option: nearer (or as near) a wrong option is that option", () => {
    // Answers differing by one letter: a typo of one is exactly the other.
    const key: TypedKey = { accept: ["Article 33"], wrong: ["Article 32", "Article 31"] };
    expect(judgeTyped("article 32", key).kind).toBe("wrong-option");
    expect(judgeTyped("artcle 32", key).kind).toBe("wrong-option"); // digits differ: never a typo of 33
    expect(judgeTyped("artcle 33", key).kind).toBe("near-miss");
    const months: TypedKey = { accept: ["June and August"], wrong: ["June and July", "May and August"] };
    expect(judgeTyped("June and Juli", months).kind).toBe("wrong"); // no typo in a 4-letter word
    const autumn: TypedKey = { accept: ["September and October"], wrong: ["September and November"] };
    expect(judgeTyped("Septembre and Novembre", autumn).kind).toBe("wrong-option");
    expect(judgeTyped("Septembre and Octobre", autumn).kind).toBe("near-miss");
    expect(judgeTyped("June and Agust", months).kind).toBe("near-miss");
    // A typo never turns one short word into another: "nearly all" is 2 edits from "nearly half"
    // (within 11 characters' allowance), but "half" has 4 letters and allows none (tvedt-2018).
    const share: TypedKey = { accept: ["Nearly half"], wrong: ["Nearly all", "About a tenth"] };
    expect(judgeTyped("nearly alf", share).kind).toBe("wrong"); // a typo of neither: not accepted
    expect(judgeTyped("nearly hal", { accept: ["Nearly half"], wrong: [] }).kind).toBe("wrong");
    expect(judgeTyped("naerly half", share).kind).toBe("near-miss");
  });

  it("digits inside text allow no typo (Article 33 is not Article 38)", () => {
    const key: TypedKey = { accept: ["Article 33"], wrong: ["Article 1"] };
    expect(judgeTyped("Article 38", key).kind).toBe("wrong");
  });

  it("an empty or all-punctuation answer is wrong, never an accident of folding", () => {
    expect(judgeTyped("", HIDING).kind).toBe("wrong");
    expect(judgeTyped("?!", { accept: ["Laos"], wrong: ["Russia"] }).kind).toBe("wrong");
    expect(judgeTyped("the", { accept: ["The Philippines"], wrong: ["Laos"] }).kind).toBe("wrong");
  });
});

describe("Korean: NFC, no spaces, typos judged by jamo", () => {
  const TUMEN: TypedKey = { accept: ["Tumen River", "두만강"], wrong: ["Yalu River", "압록강"] };

  it("compares after NFC without spaces (a decomposed or spaced 두만강 is 두만강)", () => {
    for (const t of ["두만강", "두 만 강", "두만강".normalize("NFD"), "  두만강  "]) {
      expect(judgeTyped(t, TUMEN), t).toEqual({ kind: "exact", accepted: "Tumen River" });
    }
    expect(foldTyped("두 만 강")).toBe("두만강");
  });

  it("one wrong jamo is one typo (두먼강: ㅏ→ㅓ); a wrong syllable is several", () => {
    expect(judgeTyped("두먼강", TUMEN)).toEqual({ kind: "near-miss", accepted: "Tumen River", typos: 1 });
    expect(judgeTyped("두만간", TUMEN).kind).toBe("near-miss"); // ㅇ→ㄴ
    expect(judgeTyped("대동강", TUMEN).kind).toBe("wrong");
    expect(judgeTyped("두만", TUMEN).kind).toBe("wrong"); // a prefix is not the answer
  });

  it("the wrong option in Korean, or a jamo typo of it, is the wrong option", () => {
    expect(judgeTyped("압록강", TUMEN).kind).toBe("wrong-option");
    expect(judgeTyped("압녹강", TUMEN).kind).toBe("wrong-option");
  });
});
