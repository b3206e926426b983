/**
 * Whether a chart PNG has text where its title goes: a chart drawn without its font still has its
 * bars and axes, but no glyph anywhere.
 */
import { PNG } from "pngjs";

/** Where every chart's title is drawn (src/charts/svg.ts's titleBlock: at the margin, 30 px type). */
const TITLE_AREA = { left: 24, top: 20, right: 480, bottom: 64 };

/** The count of dark pixels (ink, not the white background or the palette's colours) in the title area. */
export function darkTitlePixels(png: Buffer): number {
  const image = PNG.sync.read(png);
  let dark = 0;
  for (let y = TITLE_AREA.top; y < Math.min(TITLE_AREA.bottom, image.height); y++) {
    for (let x = TITLE_AREA.left; x < Math.min(TITLE_AREA.right, image.width); x++) {
      const i = (y * image.width + x) * 4;
      const [r = 255, g = 255, b = 255] = [image.data[i], image.data[i + 1], image.data[i + 2]];
      if (0.299 * r + 0.587 * g + 0.114 * b < 96) dark++;
    }
  }
  return dark;
}
