import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { MARKED_COLORS } from "../../src/charts/bars.ts";
import {
  accuracyChart,
  type Chart,
  leaderboardCard,
  picksChart,
  weeklyPointsChart,
} from "../../src/charts/charts.ts";
import { PALETTE } from "../../src/charts/palette.ts";
import { renderChart } from "../../src/charts/render.ts";
import { fitText, textWidth } from "../../src/charts/text.ts";
import type { Locale } from "../../src/i18n/index.ts";

async function draw(chart: Chart): Promise<PNG> {
  const { png } = await renderChart(chart);
  return PNG.sync.read(png);
}

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Whether the pixel at (x, y) is (nearly) one of the colours. */
function isAny(png: PNG, x: number, y: number, colours: readonly [number, number, number][]): boolean {
  const i = (y * png.width + x) * 4;
  const [r, g, b] = [png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0];
  return colours.some(([cr, cg, cb]) => Math.abs(r - cr) + Math.abs(g - cg) + Math.abs(b - cb) < 24);
}

/**
 * The bars of a colour, in drawing order (top to bottom for horizontal bars, left to right for
 * columns), each as its length in pixels: found by sampling every pixel, not from the layout.
 * (Text is drawn in ink, so a line through a bar meets the bar's colour only in the bar.)
 */
function bars(png: PNG, hexes: readonly string[], direction: "horizontal" | "vertical", from = 0): number[] {
  const colours = hexes.map(rgb);
  const [outer, inner] = direction === "horizontal" ? [png.height, png.width] : [png.width, png.height];
  const found: number[] = [];
  let current = 0;
  for (let a = from; a < outer; a++) {
    // The extent of the colour along this line (a hatch's blended edges are inside it).
    let first = -1;
    let last = -1;
    for (let b = 0; b < inner; b++) {
      const [x, y] = direction === "horizontal" ? [b, a] : [a, b];
      if (isAny(png, x, y, colours)) {
        if (first < 0) first = b;
        last = b;
      }
    }
    const count = first < 0 ? 0 : last - first + 1;
    if (count > 3) current = Math.max(current, count);
    else if (current > 0) {
      found.push(current);
      current = 0;
    }
  }
  if (current > 0) found.push(current);
  return found;
}

/** Pixels that are not the white background: a blank image has none. */
function inked(png: PNG): number {
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) if ((png.data[i] ?? 255) < 200) n++;
  return n;
}

/** Asserts lengths are in the proportion of the values (within 2 px of the expected length). */
function expectProportional(lengths: number[], values: number[], full: number, fullLength: number) {
  expect(lengths).toHaveLength(values.length);
  for (const [i, v] of values.entries()) {
    expect(Math.abs((lengths[i] ?? 0) - (v / full) * fullLength)).toBeLessThanOrEqual(2);
  }
}

const LOCALES: Locale[] = ["en", "ko"];

describe.each(LOCALES)("charts in %s", (locale) => {
  it("the picks chart: 800x450, the bars in the order and proportion of the picks, the right one hatched", async () => {
    const options = [
      { option: "30,000 to 50,000", picks: 4, right: false },
      { option: locale === "ko" ? "십만 명" : "100,000", picks: 10, right: true },
      { option: "11,000", picks: 2, right: false },
      { option: "7,800", picks: 5, right: false },
    ];
    const png = await draw(picksChart({ question: "About how many?", options }, locale));
    expect([png.width, png.height]).toEqual([800, 450]);
    expect(inked(png)).toBeGreaterThan(5_000);
    // The wrong options' bars (sky blue), top to bottom: 4, 2, 5, with the axis ending at 10.
    const plain = bars(png, [PALETTE.skyBlue], "horizontal");
    const hatched = bars(png, MARKED_COLORS, "horizontal", 80);
    expect(hatched).toHaveLength(1);
    const full = hatched[0] ?? 0;
    expectProportional(plain, [4, 2, 5], 10, full);
  });

  it("accuracy per source: weakest first, 0% drawn as no bar and 100% as a full one", async () => {
    const rows = [
      { label: "Background on North Korean Refugees", correct: 3, answered: 4 },
      { label: locale === "ko" ? "미국 난민 위원회 보고서" : "USCRI 2004", correct: 0, answered: 5 },
      { label: "Seymour", correct: 6, answered: 6 },
      { label: "Tvedt", correct: 1, answered: 4 },
    ];
    const png = await draw(accuracyChart("player-sources", rows, locale));
    expect([png.width, png.height]).toEqual([800, 450]);
    // Sorted weakest first: 0% (no bar), 25%, 75%, 100%.
    const lengths = bars(png, [PALETTE.blue], "horizontal");
    expect(lengths).toHaveLength(3);
    const full = lengths[2] ?? 0;
    expectProportional(lengths, [0.25, 0.75, 1], 1, full);
  });

  it("class accuracy per question: most missed first, at most ten bars, taller for more rows", async () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({
      label: `Question ${i + 1}`,
      correct: 12 - i,
      answered: 12,
    }));
    const png = await draw(accuracyChart("class-questions", rows, locale));
    expect(png.height).toBeGreaterThan(450);
    const lengths = bars(png, [PALETTE.vermillion], "horizontal");
    expect(lengths).toHaveLength(10);
    for (let i = 1; i < lengths.length; i++) expect(lengths[i] ?? 0).toBeGreaterThan(lengths[i - 1] ?? 0);
  });

  it("points per week: one column per week, oldest first, in proportion", async () => {
    const weeks = [10, 0, 40, 20].map((points, i) => ({ week: `2026-W${45 + i}`, points }));
    const png = await draw(weeklyPointsChart(weeks, locale));
    expect([png.width, png.height]).toEqual([800, 450]);
    const heights = bars(png, [PALETTE.orange], "vertical");
    expect(heights).toHaveLength(3);
    expectProportional(heights, [10, 40, 20], 40, heights[1] ?? 0);
  });

  it("the leaderboard card: ten players in rank order, a 40-character name shortened", async () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({
      rank: i + 1,
      name:
        i === 0 ? "Aleksandra Konstantinopolska-Wiśniewska" : `${locale === "ko" ? "참가자" : "player"}${i}`,
      points: 1000 - i * 90,
    }));
    const png = await draw(leaderboardCard({ period: "all-time", rows, total: 500 }, locale));
    expect(png.width).toBe(800);
    const lengths = bars(png, [PALETTE.green], "horizontal");
    expect(lengths).toHaveLength(10);
    const full = lengths[0] ?? 0;
    // The axis ends at 1,000 here, the top player's points.
    expectProportional(
      lengths,
      rows.map((r) => r.points),
      1000,
      full,
    );
  });
});

describe("chart text", () => {
  it("shortens long labels with an ellipsis to fit, Latin and Hangul alike, and keeps short ones", () => {
    const long = "Aleksandra Konstantinopolska-Wiśniewska, a forty-character name";
    const fitted = fitText(long, 20, 200);
    expect(fitted.endsWith("…")).toBe(true);
    expect(textWidth(fitted, 20)).toBeLessThanOrEqual(200);
    const hangul = fitText("가나다라마바사아자차카타파하".repeat(3), 20, 200);
    expect(hangul.endsWith("…")).toBe(true);
    expect(textWidth(hangul, 20)).toBeLessThanOrEqual(200);
    expect(fitText("jonas", 20, 200)).toBe("jonas");
  });

  it("never draws control or bidi-override characters from a name", () => {
    expect(fitText("\u202eevil\u0007name", 20, 500)).toBe("evilname");
  });
});
