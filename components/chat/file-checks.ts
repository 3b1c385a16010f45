import { MAX_FILE_BYTES, MAX_FILES_PER_SESSION } from "@/lib/files/schemas";

// The kinds ATTACH_ACCEPT (lib/files/schemas.ts) offers in the file picker. A `.txt` file is how many
// programs export delimited text ("Text (Tab delimited)"); the server reads its kind from the content.
const EXTENSIONS = /\.(csv|tsv|json|txt)$/i;
const TYPES = new Set(["text/csv", "application/json", "text/tab-separated-values", "text/plain"]);

/**
 * Why these files cannot be attached, checked before anything is sent (the server checks again), or
 * null when they can: each is CSV, TSV, JSON or delimited text and at most 10 MB, and the conversation keeps room for all.
 */
export function attachmentProblem({ files, attached }: { files: readonly Pick<File, "name" | "size" | "type">[]; attached: number }): string | null {
  if (files.length === 0) return null;
  const foreign = files.find((file) => !EXTENSIONS.test(file.name) && !TYPES.has(file.type));
  if (foreign) return `“${foreign.name}” is not a CSV, TSV, JSON or text file.`;
  const large = files.find((file) => file.size > MAX_FILE_BYTES);
  if (large) return `“${large.name}” is larger than 10 MB. Attach a smaller file or split it.`;
  if (attached + files.length > MAX_FILES_PER_SESSION) {
    const room = Math.max(0, MAX_FILES_PER_SESSION - attached);
    return room === 0
      ? `A conversation holds at most ${MAX_FILES_PER_SESSION} files; delete one first.`
      : `A conversation holds at most ${MAX_FILES_PER_SESSION} files; there is room for ${room} more.`;
  }
  return null;
}
