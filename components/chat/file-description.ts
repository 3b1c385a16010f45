import { formatCount } from "@/lib/format";

/** "prices.csv · 1,204 rows · 6 columns". */
export function describeFile(file: { name: string; rows: number; columns: readonly unknown[] }): string {
  const rows = `${formatCount(file.rows)} ${file.rows === 1 ? "row" : "rows"}`;
  const columns = `${formatCount(file.columns.length)} ${file.columns.length === 1 ? "column" : "columns"}`;
  return `${file.name} · ${rows} · ${columns}`;
}
