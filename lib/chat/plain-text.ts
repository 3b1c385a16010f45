/**
 * The assistant's Markdown as the words it shows, for one-line previews and search excerpts: links as
 * their text, no emphasis, code, heading, quote or list marks, a table's cells side by side. An excerpt
 * may cut a mark in two: what is left of a link stays as written, half a bold or struck pair goes. A
 * single `*`, `_` or `__` that encloses nothing stays (`10 * 20 cm`, `snake_case`, `window.__x`).
 */
export function withoutMarkdown(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*(?::?-{3,}:?)?[ \t]*$/gm, "")
    .replace(/^[ \t]*\|[ \t]*|[ \t]*\|[ \t]*$/gm, "")
    .replace(/[ \t]*\|[ \t]*/g, " · ")
    .replace(/^\s{0,3}(#{1,6}\s+|[-*+]\s+|\d+\.\s+|>\s?)/gm, "")
    // Marks only where they enclose words, as Markdown reads them: `10 * 20 cm`, `snake_case` and a
    // lone `__` (in code or markup quoted as text) keep their characters.
    .replace(/(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1/g, "$2")
    .replace(/(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])/g, "$1")
    .replace(/(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])/g, "$1")
    .replace(/`([^`\n]+)`/g, "$1")
    // Half of a bold or struck pair an excerpt cut off: nothing else writes these.
    .replace(/\*\*|~~/g, "");
}
