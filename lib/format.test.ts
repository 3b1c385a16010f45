import { describe, expect, it } from "vitest";
import { formatCount, formatDateTime, formatShortDate, formatUtcDay } from "./format";

describe("display formats", () => {
  it("prints dates in one fixed locale and leaves non-dates as sent", () => {
    expect(formatDateTime("2026-12-02T12:00:00Z")).toMatch(/^Dec 2, 2026, \d{1,2}:\d{2} [AP]M$/);
    expect(formatDateTime("not a date")).toBe("not a date");
  });

  it("shows the time for today and the day otherwise", () => {
    const now = new Date("2026-12-02T12:00:00");
    expect(formatShortDate(new Date("2026-12-02T09:05:00").toISOString(), now)).toBe("9:05 AM");
    expect(formatShortDate(new Date("2026-11-30T09:05:00").toISOString(), now)).toBe("Nov 30");
    expect(formatShortDate("garbage", now)).toBe("");
  });

  it("labels UTC series days without shifting them", () => {
    expect(formatUtcDay("2026-11-22")).toBe("Nov 22");
    expect(formatUtcDay("nope")).toBe("nope");
  });

  it("groups counts", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
  });
});
