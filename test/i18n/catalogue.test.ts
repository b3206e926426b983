import type {
  APIApplicationCommandOption,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { UserError } from "../../src/app/errors.ts";
import {
  CATALOGUES,
  LOCALES,
  localeOf,
  MESSAGE_KEYS,
  type MessageKey,
  placeholdersOf,
  t,
  translate,
} from "../../src/i18n/index.ts";

/**
 * What must survive translation untouched: code spans (`/quiz solo`), mentions and timestamps. A
 * code span in Hangul is an example of input in that language (`내일 오후 5시`), added beside the
 * English ones, so it is not compared.
 */
function markupOf(text: string): string[] {
  return [...text.matchAll(/`[^`]*`|<[@#t][^>]*>/g)]
    .map((m) => m[0])
    .filter((markup) => !/\p{Script=Hangul}/u.test(markup))
    .sort();
}

describe("the message catalogue", () => {
  it("has every English key in every language, and no other key (a missing key fails here)", () => {
    for (const locale of LOCALES) {
      expect(Object.keys(CATALOGUES[locale]).sort(), locale).toEqual([...MESSAGE_KEYS].sort());
    }
  });

  it.each(LOCALES)("has no empty message in %s", (locale) => {
    for (const key of MESSAGE_KEYS) {
      expect(CATALOGUES[locale][key].trim(), `${locale} ${key}`).not.toBe("");
    }
  });

  it("gives each message the same placeholders in every language", () => {
    for (const key of MESSAGE_KEYS) {
      const english = [...new Set(placeholdersOf(CATALOGUES.en[key]))].sort();
      for (const locale of LOCALES) {
        expect([...new Set(placeholdersOf(CATALOGUES[locale][key]))].sort(), `${locale} ${key}`).toEqual(
          english,
        );
      }
    }
  });

  it("keeps command names, file paths, mentions and timestamps exactly as in English", () => {
    for (const key of MESSAGE_KEYS) {
      for (const locale of LOCALES) {
        expect(markupOf(CATALOGUES[locale][key]), `${locale} ${key}`).toEqual(markupOf(CATALOGUES.en[key]));
      }
    }
  });

  it("has every Korean message actually in Korean (or made only of its values, such as `{title}: {values}`)", () => {
    const wordsOf = (text: string) => text.replace(/\{\w+(?::[^{}]*)?\}|`[^`]*`|<[@#t][^>]*>/g, "");
    const untranslated = MESSAGE_KEYS.filter((key) => {
      const words = wordsOf(CATALOGUES.ko[key]);
      return !/\p{Script=Hangul}/u.test(words) && /\p{L}/u.test(words);
    });
    expect(untranslated).toEqual([]);
    // The check sees English: a template with an English word and no Hangul is caught.
    expect(/\p{Script=Hangul}/u.test(wordsOf("{title}: {values}"))).toBe(false);
    expect(/\p{L}/u.test(wordsOf("{title}: {values}"))).toBe(false);
    expect(/\p{L}/u.test(wordsOf("Chart {title}"))).toBe(true);
  });

  it("uses no braces except placeholders, so that no text is mistaken for one", () => {
    for (const key of MESSAGE_KEYS) {
      for (const locale of LOCALES) {
        const rest = CATALOGUES[locale][key].replace(/\{\w+(?::[^{}]*)?\}/g, "");
        expect(rest, `${locale} ${key}`).not.toMatch(/[{}]/);
      }
    }
  });
});

describe("t", () => {
  it("fills the parameters of a message in each language", () => {
    expect(t("en", "quiz.questionTitle", { round: 1, total: 3 })).toBe("Question 1 of 3");
    expect(t("ko", "quiz.questionTitle", { round: 1, total: 3 })).toBe("문제 1/3");
    expect(t("en", "board.footer", { page: 1, pages: 3, total: 23 })).toBe("Page 1 of 3 · 23 ranked players");
    expect(t("en", "answer.quizOver")).toBe(
      "This quiz is over. Start a new one with `/quiz solo` or `/quiz channel`.",
    );
  });

  it("inserts values as they are, even ones that look like placeholders or replacement patterns", () => {
    expect(t("en", "error.noTopic", { topic: "{topic} $& $1" })).toBe(
      'There is no topic "{topic} $& $1". Pick one from the list as you type.',
    );
  });

  it("throws on a missing parameter", () => {
    const untyped = t as (locale: string, key: MessageKey, params?: Record<string, unknown>) => string;
    expect(() => untyped("en", "quiz.questionTitle", { round: 1 })).toThrow(/needs the parameter "total"/);
    expect(() => untyped("ko", "quiz.questionTitle")).toThrow(/needs the parameter "round"/);
  });

  it("translates a UserError in the language asked for, with English as its message", () => {
    const error = new UserError("error.noTopic", { topic: "aliens" });
    expect(error.message).toBe('There is no topic "aliens". Pick one from the list as you type.');
    expect(error.in("ko")).toBe(translate("ko", "error.noTopic", { topic: "aliens" }));
    expect(error.in("ko")).toContain('"aliens"');
  });
});

describe("localeOf", () => {
  it("answers Korean clients in Korean and everyone else in English", () => {
    expect(localeOf({ locale: "ko" })).toBe("ko");
    expect(localeOf({ locale: "ko-KR" })).toBe("ko");
    expect(localeOf({ locale: "en-US" })).toBe("en");
    expect(localeOf({ locale: "ja" })).toBe("en");
    expect(localeOf({ locale: null })).toBe("en");
    expect(localeOf({})).toBe("en");
  });
});

type Node = RESTPostAPIChatInputApplicationCommandsJSONBody | APIApplicationCommandOption;

/** Every command, subcommand and option, with a path for messages. */
function* nodes(node: Node, path: string): Generator<[string, Node]> {
  yield [path, node];
  if ("options" in node && node.options) {
    for (const option of node.options) yield* nodes(option, `${path} ${option.name}`);
  }
}

/** Discord's size limit counts the names, descriptions and choice values of a command, per language. */
function textSize(node: Node, locale: "en" | "ko"): number {
  let size =
    node.name.length +
    (locale === "ko" ? (node.description_localizations?.ko ?? node.description) : node.description).length;
  if ("choices" in node && node.choices) {
    for (const c of node.choices)
      size +=
        (locale === "ko" ? (c.name_localizations?.ko ?? c.name) : c.name).length + String(c.value).length;
  }
  if ("options" in node && node.options) for (const o of node.options) size += textSize(o, locale);
  return size;
}

describe("the slash commands", () => {
  it("describe every command, subcommand and option in Korean, and name every choice", () => {
    for (const command of commands) {
      for (const [path, node] of nodes(command.data, `/${command.data.name}`)) {
        const ko = node.description_localizations?.ko ?? "";
        expect(ko, path).toMatch(/\p{Script=Hangul}/u);
        expect(ko.length, path).toBeLessThanOrEqual(100);
        if ("choices" in node && node.choices) {
          for (const c of node.choices)
            expect(c.name_localizations?.ko ?? "", `${path} ${c.value}`).not.toBe("");
        }
      }
    }
  });

  it("keep their names in English (what interactions carry and the replies refer to)", () => {
    for (const command of commands) {
      for (const [path, node] of nodes(command.data, `/${command.data.name}`)) {
        expect(node.name, path).toMatch(/^[-a-z]+$/);
      }
    }
  });

  it("stay within Discord's 4000-character size in each language", () => {
    for (const command of commands) {
      for (const locale of LOCALES) expect(textSize(command.data, locale)).toBeLessThanOrEqual(4000);
    }
  });
});
