import { describe, expect, it } from "vitest";
import { CATALOGUES, LOCALES, MESSAGE_KEYS, plural, pluralCategories, t } from "../../src/i18n/index.ts";

describe("plurals", () => {
  it('has no "(s)" (or any other bracketed plural) in any message of any language', () => {
    const offenders = LOCALES.flatMap((locale) =>
      MESSAGE_KEYS.filter((key) => /\w\((s|es|en)\)/i.test(CATALOGUES[locale][key])).map(
        (key) => `${locale} ${key}`,
      ),
    );
    expect(offenders).toEqual([]);
  });

  it("chooses the form by each language's own rules", () => {
    const forms = { one: "player", other: "players" };
    expect(plural("en", 1, forms)).toBe("player");
    expect(plural("en", 0, forms)).toBe("players");
    expect(plural("en", 2, forms)).toBe("players");
    // Korean has one form: "other", whatever the number.
    expect(pluralCategories("ko")).toEqual(["other"]);
    expect(plural("ko", 1, forms)).toBe("players");
  });

  it("fills plural placeholders in messages", () => {
    expect(t("en", "board.footer", { page: 1, pages: 1, total: 1 })).toBe("Page 1 of 1 · 1 ranked player");
    expect(t("en", "board.footer", { page: 1, pages: 2, total: 23 })).toBe("Page 1 of 2 · 23 ranked players");
    expect(t("en", "quiz.channel.gotItRight", { right: 1, total: 1 })).toBe("1 of 1 player got it right");
    expect(t("en", "quiz.footer.points", { points: 1 })).toBe("+1 point");
    expect(t("ko", "board.footer", { page: 1, pages: 1, total: 1 })).toBe(
      "1/1페이지 · 순위에 오른 참가자 1명",
    );
  });

  it("gives every plural placeholder an other form and only categories its language has", () => {
    for (const locale of LOCALES) {
      const known = new Set(pluralCategories(locale));
      for (const key of MESSAGE_KEYS) {
        for (const match of CATALOGUES[locale][key].matchAll(/\{\w+:([^{}]*)\}/g)) {
          const categories = (match[1] ?? "").split("|").map((part) => part.split("=")[0] ?? "");
          expect(categories, `${locale} ${key}`).toContain("other");
          for (const category of categories)
            expect(known.has(category as Intl.LDMLPluralRule), `${locale} ${key} ${category}`).toBe(true);
        }
      }
    }
  });
});
