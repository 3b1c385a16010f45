/**
 * WCAG 2 colour contrast for #rrggbb colours (browser-safe): the relative luminance, the ratio
 * between two colours, and the text colour that reads on a business's own colour.
 */

const HEX = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i;

/** The page background of each theme: `--background` in app/globals.css (components/ui/tokens.test.ts keeps them equal). */
export const PAGE_BACKGROUNDS = { light: "#fafafa", dark: "#09090b" } as const;

/** Relative luminance (0 black … 1 white) of a #rrggbb colour; throws on anything else. */
export function relativeLuminance(hex: string): number {
  const match = HEX.exec(hex);
  if (!match) throw new Error(`Not a #rrggbb colour: ${hex}`);
  const [r, g, b] = match.slice(1).map((part) => {
    const channel = parseInt(part, 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two colours, from 1 (the same) to 21 (black on white); order does not matter. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** A ratio as people read it: 2.81:1 (rounded down, so a shown 4.5:1 really passes 4.5:1). */
export function formatRatio(ratio: number): string {
  return `${Math.floor(ratio * 100) / 100}:1`;
}

/**
 * Text for a label on a business's colour: white or near-black, whichever contrasts more; on a mid-tone
 * where that is under 4.5:1, pure black or white instead, one of which always reaches 4.58:1.
 */
export function readableTextOn(hex: string): "#ffffff" | "#111827" | "#000000" {
  if (!HEX.test(hex)) return "#ffffff";
  const white = contrastRatio(hex, "#ffffff");
  const nearBlack = contrastRatio(hex, "#111827");
  if (Math.max(white, nearBlack) >= 4.5) return white >= nearBlack ? "#ffffff" : "#111827";
  return white >= contrastRatio(hex, "#000000") ? "#ffffff" : "#000000";
}

/** A business's colour for text on the light scheme's pages when it reaches 4.5:1 there; otherwise none (the text keeps the theme's). */
export function textColourOnLight(hex: string): string | undefined {
  return HEX.test(hex) && contrastRatio(hex, PAGE_BACKGROUNDS.light) >= 4.5 ? hex : undefined;
}
