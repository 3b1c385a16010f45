import { describe, expect, it } from "vitest";
import { decodeUploadedText } from "./uploaded-text";

describe("decodeUploadedText", () => {
  const utf16 = (text: string, endian: "le" | "be") => {
    const units = Buffer.from(text, "utf16le");
    if (endian === "be") units.swap16();
    return new Uint8Array([...(endian === "le" ? [0xff, 0xfe] : [0xfe, 0xff]), ...units]);
  };

  it("reads UTF-8 (with or without its byte-order mark), UTF-16 by its mark, and anything else as Windows-1252", () => {
    expect(decodeUploadedText(new TextEncoder().encode("name\nCafé – 5 €"))).toBe("name\nCafé – 5 €");
    expect(decodeUploadedText(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("Café")]))).toBe("Café");
    expect(decodeUploadedText(utf16("name\tprice\nCrème brûlée\t4", "le"))).toBe("name\tprice\nCrème brûlée\t4");
    expect(decodeUploadedText(utf16("Grüße", "be"))).toBe("Grüße");
    // What Excel on Windows saves as "CSV": é is 0xE9, – is 0x96 and € is 0x80 in Windows-1252.
    expect(decodeUploadedText(Buffer.from("name\nCaf\xe9 \x96 5 \x80", "latin1"))).toBe("name\nCafé – 5 €");
  });
});
