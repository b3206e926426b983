/**
 * The Korean interface as a reader meets it: every template filled with values that end in a
 * vowel and in a consonant, with no particle that fits only one of them; one register (해요체);
 * command descriptions in one style; the glossary's terms.
 */
import { describe, expect, it } from "vitest";
import { CATALOGUES, MESSAGE_KEYS, type MessageKey, placeholdersOf, t } from "../../src/i18n/index.ts";

/**
 * Values a placeholder really takes, in pairs: one ends in a vowel sound, one in a consonant
 * (사과/수박; 1995 "천구백구십오" / 100,000 "십만"; Seoul "서울" / Japan "재팬"; an id read
 * "…투" / one read "…프로토콜"). Whatever particle a template hard-codes is wrong for one of each.
 */
const VALUES = [
  "사과",
  "수박",
  "1995",
  "100,000",
  "Seoul",
  "Japan",
  "`seymour-2005-famine-began`",
  "`state-dept-2005-border-protocol`",
];

/** Marks where a filled value ends, so that what follows it can be read. */
const END = "\u0002";

/** What may close a value before its particle: quotes, a code span, bold. */
const CLOSERS = /^["'`」』*~]*/;

/**
 * A particle whose form depends on the sound before it (은/는, 이/가, 을/를, 과/와, 으로/로,
 * 이라는/라는, 이에요/예요, 이나/나 …), also written as a fallback (`을(를)`, `(으)로`), ending a
 * word. Invariant particles (의, 에, 에서, 도, 만, 처럼, 까지) fit every value and are not listed.
 */
const PARTICLE =
  /^(?:\((?:으|이|은|는|을|를|과|와)\))?(?:이라는|라는|이라고|라고|이라서|라서|이란|란|이랑|랑|이나|나|이며|며|이든지|든지|이에요|예요|이었|였|이야|야|이여|여|으로서|로서|으로써|로써|으로|로|은|는|이|가|을|를|과|와|아)(?:\((?:은|는|이|가|을|를|과|와|으로|로)\))?(?=$|[\s.,!?;:)\]"'」』…·~-]|어요|어|습)/;

/** The particle hard-coded after a filled value in a text, with its context; undefined if none. */
function particleAfterValue(filled: string): string | undefined {
  for (const [i, ch] of [...filled].entries()) {
    if (ch !== END) continue;
    const after = [...filled].slice(i + 1).join("");
    const rest = after.slice(CLOSERS.exec(after)?.[0].length ?? 0);
    const particle = PARTICLE.exec(rest);
    if (particle) return `…${after.slice(0, 16)}`;
  }
  return undefined;
}

/** A Korean template with every placeholder given `value` (and its end marked). */
function fillKorean(key: MessageKey, value: string): string {
  const params = Object.fromEntries(
    placeholdersOf(CATALOGUES.en[key]).map((name) => [name, `${value}${END}`]),
  );
  return (t as (locale: "ko", key: MessageKey, params: Record<string, string>) => string)("ko", key, params);
}

describe("particles after placeholders", () => {
  it("finds the particles the review found (so that the check below can fail)", () => {
    const bad = [
      '"{name}"라는 세트가 없어요',
      "`{id}`는 반려된 문제예요",
      '"{name}"(으)로 바꿨어요',
      '"{typed}"을(를) 읽을 수 없어요',
      "{questions}와 같아요",
      "제어 문자 {char}가 들어 있어요",
      "{understood}라는 시각",
      "{language}로 진행돼요",
      "`/set add set:{name}`으로 추가해요",
      "{zone}이에요.",
    ];
    for (const template of bad) {
      const filled = template.replace(/\{\w+\}/g, `수박${END}`);
      expect(particleAfterValue(filled), template).toBeDefined();
    }
    const fine = [
      '"{name}" 세트가 없어요',
      "마감 시각({understood})은 이미 지났어요",
      "없는 출처예요: {source}",
      "`{id}` 문제는 반려됐어요",
      "{zone}에는 없어요",
      "{count}개는 이미 있어요",
      "{title}의 답",
    ];
    for (const template of fine) {
      const filled = template.replace(/\{\w+\}/g, `수박${END}`);
      expect(particleAfterValue(filled), template).toBeUndefined();
    }
  });

  it("has no Korean template that hard-codes a particle after a value, whatever the value ends in", () => {
    const templated = MESSAGE_KEYS.filter((key) => placeholdersOf(CATALOGUES.en[key]).length > 0);
    expect(templated.length).toBeGreaterThan(100);
    const offenders: string[] = [];
    for (const key of templated) {
      for (const value of VALUES) {
        const filled = fillKorean(key, value);
        expect(filled, key).toContain(END);
        const found = particleAfterValue(filled);
        if (found) offenders.push(`${key} (${value}): ${found}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe("one register", () => {
  it("ends every Korean sentence in 해요체, never 합쇼체 (…합니다, …습니다, …하십시오)", () => {
    const formal = MESSAGE_KEYS.filter((key) => /니다(?=$|[\s.,!?)])|니까\?|십시오/.test(CATALOGUES.ko[key]));
    expect(formal).toEqual([]);
  });

  it("describes commands and options with a noun phrase or …하기, as Discord lists them side by side", () => {
    const sentences = MESSAGE_KEYS.filter(
      (key) => key.startsWith("cmd.") && /(요|니다)(?=$|[\s.,!?)])/.test(CATALOGUES.ko[key]),
    );
    expect(sentences).toEqual([]);
  });
});

describe("the glossary in the interface", () => {
  /** Words the interface no longer uses, with the term it uses instead. */
  const retired: Record<string, string> = {
    탈북민:
      "북한 난민 (탈북민 is for people resettled in South Korea; the sources are about refugees in China)",
    성적부: "성적 기록",
    지각: "늦은 제출",
    거절: "반려",
    비활성화: "사용 중지",
    "서버 관리 권한": "'서버 관리하기' 권한 (Discord's Korean name for Manage Server)",
    "참조 번호": "오류 코드",
    절별: "섹션별",
  };

  it("uses none of the retired words", () => {
    const found = MESSAGE_KEYS.flatMap((key) =>
      Object.keys(retired)
        .filter((word) => CATALOGUES.ko[key].includes(word))
        .map((word) => `${key}: ${word} -> ${retired[word]}`),
    );
    expect(found).toEqual([]);
  });

  /** Where the English says a glossary term, the Korean says its rendering. */
  const terms: { english: RegExp; korean: string; keys?: (key: MessageKey) => boolean }[] = [
    { english: /north korean refugees/i, korean: "북한 난민" },
    { english: /grade book/i, korean: "성적 기록" },
    { english: /\bassignments?\b/i, korean: "과제" },
    { english: /\battempts?\b/i, korean: "응시" },
    { english: /\breject(ed)?\b/i, korean: "반려" },
    // "late" of work handed in after the due time (not "too late" for a closed question).
    {
      english: /\blate\b/i,
      korean: "늦은 제출",
      keys: (key) => key.startsWith("lessons.") || key.startsWith("cmd."),
    },
    { english: /\bManage Server\b/, korean: "'서버 관리하기'" },
  ];

  it.each(terms)("renders $english as $korean", ({ english, korean, keys }) => {
    const applicable = MESSAGE_KEYS.filter(
      (key) => english.test(CATALOGUES.en[key]) && (keys?.(key) ?? true),
    );
    expect(applicable.length).toBeGreaterThan(0);
    const missing = applicable.filter((key) => !CATALOGUES.ko[key].includes(korean));
    expect(missing).toEqual([]);
  });
});
