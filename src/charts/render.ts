/**
 * Rasterises chart SVGs to PNG with resvg (Rust, prebuilt for each platform as an npm package: no
 * compiler, no download at install time). Only the bundled font is used, never the machine's, so a
 * chart looks the same everywhere and Hangul always renders. Rendering runs on libuv's thread
 * pool (`renderAsync`), so drawing a chart does not hold up the event loop that answers clicks.
 */
import { fileURLToPath } from "node:url";
import { renderAsync } from "@resvg/resvg-js";
import type { Chart } from "./charts.ts";
import { FONT_FAMILY } from "./svg.ts";

/** The bundled font: Pretendard Regular (SIL Open Font License 1.1), Latin and all of Hangul. */
export const FONT_FILE = fileURLToPath(new URL("../../assets/fonts/Pretendard-Regular.otf", import.meta.url));

/** A chart drawn as PNG, ready to attach. */
export interface RenderedChart {
  readonly name: string;
  readonly description: string;
  readonly png: Buffer;
}

/** Draws a chart to PNG (what the bot calls; tests and CHARTS=off swap it). */
export type ChartRenderer = (chart: Chart) => Promise<RenderedChart>;

/** Rasterises one chart's SVG to PNG with the bundled font only. */
export const renderChart: ChartRenderer = async (chart) => {
  const image = await renderAsync(chart.svg, {
    font: { loadSystemFonts: false, fontFiles: [FONT_FILE], defaultFontFamily: FONT_FAMILY },
    shapeRendering: 2,
    textRendering: 1,
  });
  return { name: chart.name, description: chart.description, png: image.asPng() };
};
