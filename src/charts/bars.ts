/**
 * A horizontal bar chart: one row per category (a label on the left, a bar, its value written at
 * the bar's end), a value axis with ticks below, and a title on each axis. Horizontal bars leave
 * room for long labels (answer options, source titles, player names), shortened with an ellipsis.
 */
import { PALETTE } from "./palette.ts";
import { CHART_SIZE, document, line, MARGIN, rect, text, titleBlock } from "./svg.ts";
import { fitText, textWidth } from "./text.ts";

/** One bar. `marked` draws it as the highlighted one (the right answer): hatched, with a check mark. */
export interface BarRow {
  readonly label: string;
  readonly value: number;
  /** What is written at the end of the bar ("7", "43%", "1,250"). */
  readonly valueText: string;
  readonly marked?: boolean | undefined;
}

/** Everything a bar chart shows. */
export interface BarChartSpec {
  readonly title: string;
  readonly subtitle?: string | undefined;
  /** The category axis title (left, vertical). */
  readonly categoryAxis: string;
  /** The value axis title (below the ticks). */
  readonly valueAxis: string;
  readonly rows: readonly BarRow[];
  /** The values the ticks are drawn at; the last one is the axis's end. */
  readonly ticks: readonly number[];
  readonly tickText: (value: number) => string;
  readonly color?: string | undefined;
  /** Shown top right when a row is marked: what the mark means ("✓ right answer"). */
  readonly markLegend?: string | undefined;
  /** A note under the last row, such as "…and 3 more". */
  readonly footnote?: string | undefined;
}

/** The hatch drawn over a marked bar, so it differs by more than colour. */
const HATCH_ID = "hatch";
const HATCH = `<pattern id="${HATCH_ID}" patternUnits="userSpaceOnUse" width="12" height="12" patternTransform="rotate(45)"><rect width="12" height="12" fill="${PALETTE.green}"/><rect width="5" height="12" fill="#006B4F"/></pattern>`;

/** The colours a marked bar is drawn with (its hatch), for tests that sample pixels. */
export const MARKED_COLORS = [PALETTE.green, "#006B4F"] as const;

/** The height of a bar chart: CHART_SIZE for up to 6 rows, taller (to 600 px) for more, so text stays readable. */
export function barChartHeight(rows: number): number {
  return Math.min(600, CHART_SIZE.height + Math.max(0, rows - 6) * 38);
}

/**
 * A bar chart as an SVG document, CHART_SIZE wide. Labels go beside the bars when they fit there,
 * else (for up to 7 rows) on their own line above each bar, across the whole width.
 */
export function barChartSvg(spec: BarChartSpec): string {
  const { width } = CHART_SIZE;
  const height = barChartHeight(spec.rows.length);
  const head = titleBlock(spec.title, spec.subtitle, spec.markLegend ? width - 250 : width);
  const parts = [head.svg];
  const color = spec.color ?? PALETTE.blue;
  if (spec.markLegend && spec.rows.some((r) => r.marked)) {
    const legend = fitText(spec.markLegend, 20, 190);
    const x = width - MARGIN - textWidth(legend, 20);
    parts.push(
      rect(x - 32, MARGIN + 10, 24, 24, `url(#${HATCH_ID})`),
      text(x, MARGIN + 29, legend, { size: 20 }),
    );
  }

  const top = head.bottom + 8;
  const axisY = height - MARGIN - 58;
  const bottom = spec.footnote ? axisY - 26 : axisY;
  const n = Math.max(1, spec.rows.length);
  const rowHeight = (bottom - top) / n;
  const labelOf = (r: BarRow) => (r.marked ? `✓ ${r.label}` : r.label);
  const besideSize = Math.max(14, Math.min(22, Math.floor(rowHeight * 0.6)));
  const labelLeft = MARGIN + 30;
  const besideRight = labelLeft + Math.round(width * 0.33);
  const fitsBeside = spec.rows.every((r) => textWidth(labelOf(r), besideSize) <= besideRight - labelLeft);
  const above = !fitsBeside && n <= 7;
  const labelSize = above ? Math.max(16, Math.min(21, Math.floor(rowHeight * 0.36))) : besideSize;
  const barHeight = above ? Math.min(30, rowHeight * 0.4) : Math.min(46, rowHeight * 0.72);
  const labelRight = above ? labelLeft : besideRight;
  const barLeft = above ? labelLeft + 6 : labelRight + 14;
  const valueRoom = Math.max(...spec.rows.map((r) => textWidth(r.valueText, labelSize)), 30) + 16;
  const barRight = width - MARGIN - valueRoom;
  const end = spec.ticks.at(-1) ?? 1;
  const scale = (v: number) => barLeft + ((barRight - barLeft) * Math.max(0, Math.min(v, end))) / (end || 1);

  // Grid and ticks first, so the bars are drawn over them.
  for (const tick of spec.ticks) {
    const x = scale(tick);
    parts.push(line(x, top, x, axisY, PALETTE.grid));
    parts.push(text(x, axisY + 24, spec.tickText(tick), { size: 18, anchor: "middle", fill: PALETTE.muted }));
  }
  parts.push(line(barLeft, axisY, barRight, axisY, PALETTE.muted, 2));
  parts.push(line(barLeft, top, barLeft, axisY, PALETTE.muted, 2));
  parts.push(
    text((barLeft + barRight) / 2, height - MARGIN - 4, spec.valueAxis, { size: 20, anchor: "middle" }),
  );
  const midY = (top + axisY) / 2;
  parts.push(
    text(MARGIN + 14, midY, fitText(spec.categoryAxis, 20, axisY - top), {
      size: 20,
      anchor: "middle",
      rotate: -90,
    }),
  );

  spec.rows.forEach((row, i) => {
    const x2 = scale(row.value);
    const fill = row.marked ? `url(#${HATCH_ID})` : color;
    if (above) {
      const labelY = top + rowHeight * i + labelSize + 4;
      const barY = labelY + 8;
      parts.push(
        text(labelLeft + 10, labelY, fitText(labelOf(row), labelSize, width - MARGIN - labelLeft - 10), {
          size: labelSize,
        }),
      );
      parts.push(rect(barLeft, barY, x2 - barLeft, barHeight, fill));
      parts.push(text(x2 + 8, barY + barHeight / 2 + labelSize * 0.36, row.valueText, { size: labelSize }));
      return;
    }
    const centre = top + rowHeight * (i + 0.5);
    parts.push(
      text(labelRight, centre + labelSize * 0.36, fitText(labelOf(row), labelSize, labelRight - labelLeft), {
        size: labelSize,
        anchor: "end",
      }),
    );
    parts.push(rect(barLeft, centre - barHeight / 2, x2 - barLeft, barHeight, fill));
    parts.push(text(x2 + 8, centre + labelSize * 0.36, row.valueText, { size: labelSize }));
  });
  if (spec.footnote) {
    const x = above ? width - MARGIN : labelRight;
    parts.push(
      text(x, axisY - 8, fitText(spec.footnote, 18, 300), { size: 18, anchor: "end", fill: PALETTE.muted }),
    );
  }
  return document(width, height, parts.join(""), HATCH);
}
