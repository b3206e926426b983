/**
 * A column chart over time: one column per period (a week), its value written above it, the
 * periods along the bottom, a value axis with ticks on the left, and a title on each axis.
 */
import { PALETTE } from "./palette.ts";
import { CHART_SIZE, document, line, MARGIN, rect, text, titleBlock } from "./svg.ts";
import { fitText, textWidth } from "./text.ts";

/** One column. */
export interface Column {
  readonly label: string;
  readonly value: number;
  readonly valueText: string;
  /** A shorter form of the value ("12K"), written when valueText does not fit above the column. */
  readonly shortText?: string | undefined;
}

/** Everything a column chart shows. */
export interface ColumnChartSpec {
  readonly title: string;
  readonly subtitle?: string | undefined;
  /** The axis along the bottom (the periods). */
  readonly categoryAxis: string;
  /** The vertical value axis. */
  readonly valueAxis: string;
  readonly columns: readonly Column[];
  readonly ticks: readonly number[];
  readonly tickText: (value: number) => string;
  readonly color?: string | undefined;
}

/** A column chart as an SVG document of CHART_SIZE. */
export function columnChartSvg(spec: ColumnChartSpec): string {
  const { width, height } = CHART_SIZE;
  const head = titleBlock(spec.title, spec.subtitle, width);
  const parts = [head.svg];
  const color = spec.color ?? PALETTE.orange;
  const top = head.bottom + 30;
  const axisY = height - MARGIN - 62;
  const left = MARGIN + 100;
  const right = width - MARGIN;
  const end = spec.ticks.at(-1) ?? 1;
  const scale = (v: number) => axisY - ((axisY - top) * Math.max(0, Math.min(v, end))) / (end || 1);

  for (const tick of spec.ticks) {
    const y = scale(tick);
    parts.push(line(left, y, right, y, PALETTE.grid));
    parts.push(text(left - 10, y + 7, spec.tickText(tick), { size: 18, anchor: "end", fill: PALETTE.muted }));
  }
  parts.push(
    line(left, axisY, right, axisY, PALETTE.muted, 2),
    line(left, top, left, axisY, PALETTE.muted, 2),
  );
  parts.push(
    text((left + right) / 2, height - MARGIN - 4, spec.categoryAxis, { size: 20, anchor: "middle" }),
  );
  parts.push(
    text(MARGIN + 14, (top + axisY) / 2, fitText(spec.valueAxis, 20, axisY - top), {
      size: 20,
      anchor: "middle",
      rotate: -90,
    }),
  );

  const n = Math.max(1, spec.columns.length);
  const slot = (right - left) / n;
  const columnWidth = Math.min(70, slot * 0.66);
  spec.columns.forEach((column, i) => {
    const centre = left + slot * (i + 0.5);
    const y = scale(column.value);
    parts.push(rect(centre - columnWidth / 2, y, columnWidth, axisY - y, color));
    const value =
      textWidth(column.valueText, 20) <= slot - 4 ? column.valueText : (column.shortText ?? column.valueText);
    parts.push(text(centre, y - 8, fitText(value, 20, slot), { size: 20, anchor: "middle" }));
    parts.push(
      text(centre, axisY + 26, fitText(column.label, 18, slot - 4), {
        size: 18,
        anchor: "middle",
        fill: PALETTE.ink,
      }),
    );
  });
  return document(width, height, parts.join(""));
}
