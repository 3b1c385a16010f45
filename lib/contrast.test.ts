import { describe, expect, it } from "vitest";
import { botColorProblem } from "@/lib/business/schemas";
import { contrastRatio, formatRatio, PAGE_BACKGROUNDS, readableTextOn, relativeLuminance } from "./contrast";

describe("contrast", () => {
  it("measures luminance and ratios as WCAG does", () => {
    expect(relativeLuminance("#000000")).toBe(0);
    expect(relativeLuminance("#FFFFFF")).toBe(1);
    expect(contrastRatio("#000000", "#ffffff")).toBe(21);
    expect(contrastRatio("#ffffff", "#000000")).toBe(21);
    expect(contrastRatio("#777777", "#777777")).toBe(1);
    // Published pairs: #767676 is the lightest grey with 4.5:1 on white; the accent on a dark surface was 2.81:1.
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(formatRatio(contrastRatio("#4f46e5", "#18181b"))).toBe("2.81:1");
    expect(formatRatio(4.499)).toBe("4.49:1");
    expect(() => relativeLuminance("red")).toThrow(/#rrggbb/);
  });

  it("finds a text colour with at least 4.5:1 on any colour", () => {
    expect(readableTextOn("#4f46e5")).toBe("#ffffff");
    expect(readableTextOn("#facc15")).toBe("#111827");
    expect(readableTextOn("#ffffff")).toBe("#111827");
    // A mid-tone where neither white nor near-black reaches 4.5:1 gets pure black.
    expect(contrastRatio("#7a7a7a", "#ffffff")).toBeLessThan(4.5);
    expect(contrastRatio("#7a7a7a", "#111827")).toBeLessThan(4.5);
    expect(readableTextOn("#7a7a7a")).toBe("#000000");
    for (let value = 0; value < 0x1000000; value += 0x010307) {
      const colour = `#${value.toString(16).padStart(6, "0")}`;
      expect(contrastRatio(colour, readableTextOn(colour)), colour).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("takes an assistant colour only with 3:1 on both themes' pages", () => {
    expect(botColorProblem("#4f46e5")).toBeNull(); // the default and the demo business's
    expect(botColorProblem("#0f766e")).toBeNull();
    expect(botColorProblem("#facc15")).toMatch(/^Colour #facc15 has a contrast of only 1\.\d+:1 on the light theme's page \(#fafafa\)/);
    expect(botColorProblem("#000000")).toMatch(/on the dark theme's page \(#09090b\).*lighter shade/);
    expect(botColorProblem("not a colour")).toBeNull();
    for (let value = 0; value < 0x1000000; value += 0x010307) {
      const colour = `#${value.toString(16).padStart(6, "0")}`;
      const passes = contrastRatio(colour, PAGE_BACKGROUNDS.light) >= 3 && contrastRatio(colour, PAGE_BACKGROUNDS.dark) >= 3;
      expect(botColorProblem(colour) === null, colour).toBe(passes);
    }
  });
});
