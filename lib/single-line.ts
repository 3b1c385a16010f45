/**
 * Whether text fits on one line: no control characters, line breaks and tabs among them. Names (of
 * people, businesses, products, categories, keys) are shown in one line everywhere, in CSV exports
 * and in mail subjects, where a line break would split or forge a line. Browser-safe.
 */
export function isSingleLine(value: string): boolean {
  return !/\p{Cc}/u.test(value);
}

export const SINGLE_LINE_MESSAGE = "may not contain line breaks, tabs or other control characters.";
