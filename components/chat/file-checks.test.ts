import { describe, expect, it } from "vitest";
import { MAX_FILE_BYTES, MAX_FILES_PER_SESSION } from "@/lib/files/schemas";
import { formatFileSize } from "@/lib/format";
import { attachmentProblem } from "./file-checks";
import { describeFile } from "./file-description";

const csv = (name = "prices.csv", size = 1200) => ({ name, size, type: "text/csv" });

describe("attachmentProblem", () => {
  it("lets CSV, TSV, JSON and text files through by name or by type", () => {
    expect(attachmentProblem({ files: [csv(), { name: "stock.JSON", size: 10, type: "" }], attached: 0 })).toBeNull();
    // A spreadsheet's "Text (Tab delimited)" export: the server reads the kind from the content.
    expect(attachmentProblem({ files: [{ name: "orders.txt", size: 10, type: "" }, { name: "export", size: 10, type: "text/plain" }], attached: 0 })).toBeNull();
    expect(attachmentProblem({ files: [{ name: "export", size: 10, type: "text/tab-separated-values" }], attached: 0 })).toBeNull();
    expect(attachmentProblem({ files: [], attached: MAX_FILES_PER_SESSION })).toBeNull();
  });

  it("refuses other kinds of file by name", () => {
    expect(attachmentProblem({ files: [csv(), { name: "photo.png", size: 10, type: "image/png" }], attached: 0 })).toBe(
      "“photo.png” is not a CSV, TSV, JSON or text file.",
    );
  });

  it("refuses a file over 10 MB, and allows exactly 10 MB", () => {
    expect(attachmentProblem({ files: [csv("big.csv", MAX_FILE_BYTES)], attached: 0 })).toBeNull();
    expect(attachmentProblem({ files: [csv("big.csv", MAX_FILE_BYTES + 1)], attached: 0 })).toBe(
      "“big.csv” is larger than 10 MB. Attach a smaller file or split it.",
    );
  });

  it("keeps a conversation at five files", () => {
    expect(attachmentProblem({ files: [csv()], attached: MAX_FILES_PER_SESSION - 1 })).toBeNull();
    expect(attachmentProblem({ files: [csv()], attached: MAX_FILES_PER_SESSION })).toBe(
      "A conversation holds at most 5 files; delete one first.",
    );
    expect(attachmentProblem({ files: [csv("a.csv"), csv("b.csv"), csv("c.csv")], attached: 3 })).toBe(
      "A conversation holds at most 5 files; there is room for 2 more.",
    );
    expect(attachmentProblem({ files: Array.from({ length: 6 }, (_, i) => csv(`${i}.csv`)), attached: 0 })).toMatch(/at most 5 files/);
  });
});

describe("describeFile", () => {
  it("names the file with its rows and columns", () => {
    expect(describeFile({ name: "prices.csv", rows: 1204, columns: [1, 2, 3, 4, 5, 6] })).toBe("prices.csv · 1,204 rows · 6 columns");
    expect(describeFile({ name: "one.json", rows: 1, columns: [1] })).toBe("one.json · 1 row · 1 column");
  });
});

describe("formatFileSize", () => {
  it("uses the largest unit that keeps a whole number in front", () => {
    expect(formatFileSize(512)).toBe("512 B");
    expect(formatFileSize(2150)).toBe("2.1 KB");
    expect(formatFileSize(MAX_FILE_BYTES)).toBe("10.0 MB");
  });
});
