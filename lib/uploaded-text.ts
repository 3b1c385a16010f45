import "server-only";
import iconv from "iconv-lite";

/**
 * An uploaded text file's content as the program that saved it meant it: UTF-8; UTF-16 when it starts
 * with its byte-order mark (Excel's "Unicode Text"); and bytes that are not UTF-8 read as Windows-1252,
 * which is what Excel on Windows writes as "CSV" — reading those as UTF-8 would store U+FFFD in place of
 * every accented letter, and the customer's "Café" could never be found again.
 */
export async function uploadedText(file: Blob): Promise<string> {
  return decodeUploadedText(new Uint8Array(await file.arrayBuffer()));
}

export function decodeUploadedText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Not TextDecoder: Node's "windows-1252" decodes as ISO-8859-1, so 0x80–0x9F (€, –, “ ”) become control characters.
    return iconv.decode(Buffer.from(bytes), "windows-1252");
  }
}
