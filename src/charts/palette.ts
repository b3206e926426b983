/**
 * The Okabe-Ito palette (Okabe & Ito, "Color Universal Design"), whose colours stay apart for the
 * common forms of colour blindness. No chart tells anything by colour alone: the right answer also
 * carries a check mark, a hatch and a label, and every bar has its value written beside it.
 */
export const PALETTE = {
  blue: "#0072B2",
  skyBlue: "#56B4E9",
  green: "#009E73",
  orange: "#E69F00",
  vermillion: "#D55E00",
  purple: "#CC79A7",
  yellow: "#F0E442",
  /** Text, axes and grid lines. */
  ink: "#1F2328",
  muted: "#57606A",
  grid: "#D0D7DE",
  background: "#FFFFFF",
} as const;
