/**
 * The assistant's Markdown as the words it shows, for one-line previews and search excerpts: links as
 * their text, no emphasis, code, heading, quote or list marks, a table's cells side by side. An excerpt
 * may cut a mark in two; what is left of it stays as written.
 */
export function withoutMarkdown(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*(?::?-{3,}:?)?[ \t]*$/gm, "")
    .replace(/^[ \t]*\|[ \t]*|[ \t]*\|[ \t]*$/gm, "")
    .replace(/[ \t]*\|[ \t]*/g, " · ")
    .replace(/^\s{0,3}(#{1,6}\s+|[-*+]\s+|\d+\.\s+|>\s?)/gm, "")
    .replace(/(\*\*|__|~~|\*|`)/g, "");
}
