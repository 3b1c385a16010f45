import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contrastRatio, formatRatio, PAGE_BACKGROUNDS } from "@/lib/contrast";

/** The colour tokens of app/globals.css, for the light scheme (`:root`) and the dark one (the media query). */
function readTokens() {
  const css = readFileSync(path.join(import.meta.dirname, "../../app/globals.css"), "utf8");
  const darkStart = css.indexOf("@media (prefers-color-scheme: dark)");
  const themeStart = css.indexOf("@theme inline");
  expect(darkStart).toBeGreaterThan(0);
  expect(themeStart).toBeGreaterThan(darkStart);
  const parse = (block: string) => Object.fromEntries([...block.matchAll(/--([a-z0-9-]+):\s*(#[0-9a-f]{6})\b/gi)].map((match) => [match[1]!, match[2]!]));
  return { light: parse(css.slice(css.indexOf(":root {"), darkStart)), dark: parse(css.slice(darkStart, themeStart)) };
}

const BODY = 7;
const TEXT = 4.5;
const NON_TEXT = 3;
const SURFACES = ["background", "surface", "surface-muted"];

/** [foreground, background, least ratio]: every pair a component draws; a `#` value is a literal colour. */
const PAIRS: [string, string, number][] = [
  ...SURFACES.flatMap((surface): [string, string, number][] => [
    ["fg", surface, BODY],
    ["fg-muted", surface, TEXT],
    // Links and accent-coloured labels, in either token.
    ["accent", surface, TEXT],
    ["accent-fg", surface, TEXT],
    ["danger-fg", surface, TEXT],
    ["success-fg", surface, TEXT],
    ["warning-fg", surface, TEXT],
    ["focus", surface, NON_TEXT],
    ["border-strong", surface, NON_TEXT],
  ]),
  // Selected rows and options, proposal cards.
  ["fg", "accent-soft", BODY],
  ["accent", "accent-soft", TEXT],
  ["accent-fg", "accent-soft", TEXT],
  // Primary and danger buttons, the member's own chat bubble.
  ["on-accent", "accent", TEXT],
  ["on-accent", "accent-hover", TEXT],
  ["#ffffff", "danger", TEXT],
  ["#ffffff", "danger-hover", TEXT],
  // Badges (components/ui/badge.tsx): text on its tint.
  ["fg-muted", "surface-muted", TEXT],
  ["danger-fg", "danger-soft", TEXT],
  ["success-fg", "success-soft", TEXT],
  ["warning-fg", "warning-soft", TEXT],
  // Chart bars and lines on their card.
  ...["chart-1", "chart-2", "chart-3", "chart-4", "chart-muted", "chart-danger"].map((chart): [string, string, number] => [chart, "surface", NON_TEXT]),
];

describe("colour tokens", () => {
  const tokens = readTokens();

  it.each(["light", "dark"] as const)("meet WCAG AA in the %s scheme", (scheme) => {
    const values = tokens[scheme];
    const failures = PAIRS.flatMap(([foreground, background, least]) => {
      const fg = foreground.startsWith("#") ? foreground : values[foreground];
      const bg = values[background];
      if (!fg || !bg) return [`${foreground} on ${background}: no such token`];
      const ratio = contrastRatio(fg, bg);
      return ratio >= least ? [] : [`${foreground} (${fg}) on ${background} (${bg}): ${formatRatio(ratio)}, needs ${least}:1`];
    });
    expect(failures).toEqual([]);
  });

  it("define the same tokens in both schemes, and the page backgrounds the assistant's colour is checked against", () => {
    expect(Object.keys(tokens.dark).sort()).toEqual(Object.keys(tokens.light).sort());
    expect(tokens.light.background).toBe(PAGE_BACKGROUNDS.light);
    expect(tokens.dark.background).toBe(PAGE_BACKGROUNDS.dark);
  });
});
