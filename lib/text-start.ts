/** Cutting text for display without breaking a character. Browser-safe. */

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * The longest start of `text` within `units` UTF-16 units that ends between two characters as a reader
 * sees them: a cut inside an emoji left half of it (stored as U+FFFD), and one inside a flag, a family or
 * a letter with its accent showed another character. A single character longer than that is cut between
 * code points.
 */
export function startWithin(text: string, units: number): string {
  let end = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (end + segment.length > units) break;
    end += segment.length;
  }
  if (end > 0) return text.slice(0, end);
  let start = "";
  for (const point of text) {
    if (start.length + point.length > units) break;
    start += point;
  }
  return start;
}
