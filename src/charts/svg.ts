/** SVG building blocks shared by the charts: the canvas, a title block, text, ticks. */
import { PALETTE } from "./palette.ts";
import { escapeXml, fitText } from "./text.ts";

/** The size every chart is drawn at: Discord shows it at about half that, 400-550 px wide. */
export const CHART_SIZE = { width: 800, height: 450 } as const;

/** The one font family the charts use: the bundled Pretendard (Latin and Hangul). */
export const FONT_FAMILY = "Pretendard";

/** Outer margin, in pixels. */
export const MARGIN = 24;

/** Text options: size in px, anchor, colour. */
export interface TextStyle {
  readonly size: number;
  readonly anchor?: "start" | "middle" | "end";
  readonly fill?: string;
  readonly rotate?: number;
}

/** A text element, escaped. */
export function text(x: number, y: number, content: string, style: TextStyle): string {
  const transform = style.rotate ? ` transform="rotate(${style.rotate} ${x} ${y})"` : "";
  return `<text x="${fmt(x)}" y="${fmt(y)}" font-size="${style.size}" text-anchor="${style.anchor ?? "start"}" fill="${style.fill ?? PALETTE.ink}"${transform}>${escapeXml(content)}</text>`;
}

/** A rectangle. */
export function rect(x: number, y: number, width: number, height: number, fill: string, extra = ""): string {
  return `<rect x="${fmt(x)}" y="${fmt(y)}" width="${fmt(Math.max(0, width))}" height="${fmt(Math.max(0, height))}" fill="${fill}"${extra ? ` ${extra}` : ""}/>`;
}

/** A line. */
export function line(x1: number, y1: number, x2: number, y2: number, stroke: string, width = 1): string {
  return `<line x1="${fmt(x1)}" y1="${fmt(y1)}" x2="${fmt(x2)}" y2="${fmt(y2)}" stroke="${stroke}" stroke-width="${width}"/>`;
}

/** Numbers in SVG attributes: at most one decimal. */
function fmt(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** The title and subtitle of a chart; returns the SVG and the y where the plot may start. */
export function titleBlock(
  title: string,
  subtitle: string | undefined,
  width: number,
): { svg: string; bottom: number } {
  const room = width - 2 * MARGIN;
  const parts = [text(MARGIN, MARGIN + 28, fitText(title, 30, room), { size: 30 })];
  if (subtitle)
    parts.push(text(MARGIN, MARGIN + 60, fitText(subtitle, 20, room), { size: 20, fill: PALETTE.muted }));
  return { svg: parts.join(""), bottom: MARGIN + (subtitle ? 78 : 46) };
}

/** Wraps chart parts into a complete SVG document on a white background. */
export function document(width: number, height: number, body: string, defs = ""): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">${defs ? `<defs>${defs}</defs>` : ""}${rect(0, 0, width, height, PALETTE.background)}${body}</svg>`;
}

/** Round tick values from 0 to at least `max` (a whole number): steps of 1, 2 or 5 times a power of ten. */
export function niceTicks(max: number): number[] {
  const top = max > 0 ? max : 1;
  const raw = top / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  // Counts and points are whole numbers: a step is never below 1.
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => top / s <= 5) ?? 10 * power);
  const ticks: number[] = [];
  for (let v = 0; v < top + step / 2; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  if ((ticks.at(-1) ?? 0) < top) ticks.push((ticks.at(-1) ?? 0) + step);
  return ticks.length >= 2 ? ticks : [0, Math.max(1, step)];
}
