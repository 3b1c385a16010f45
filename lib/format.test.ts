import { describe, expect, it } from "vitest";
import { formatCount, formatCredits, formatDateTime, formatShortDate, formatUtcDay } from "./format";

describe("display formats", () => {
  it("prints dates in one fixed locale, in the zone it is given, and leaves non-dates as sent", () => {
    expect(formatDateTime("2026-12-02T12:00:00Z", "UTC")).toBe("Dec 2, 2026, 12:00 PM");
    expect(formatDateTime("2026-12-02T12:00:00Z", "America/New_York")).toBe("Dec 2, 2026, 7:00 AM");
    expect(formatDateTime("2026-12-02T23:30:00Z", "Asia/Tokyo")).toBe("Dec 3, 2026, 8:30 AM");
    expect(formatDateTime("not a date", "UTC")).toBe("not a date");
  });

  it("shows the time for today and the day otherwise, today being the zone's", () => {
    const now = new Date("2026-12-02T12:00:00Z");
    expect(formatShortDate("2026-12-02T09:05:00Z", "UTC", now)).toBe("9:05 AM");
    expect(formatShortDate("2026-11-30T09:05:00Z", "UTC", now)).toBe("Nov 30");
    // 01:00 UTC on Dec 2 is still Dec 1 in New York, while noon UTC is Dec 2 there.
    expect(formatShortDate("2026-12-02T01:00:00Z", "America/New_York", now)).toBe("Dec 1");
    expect(formatShortDate("2026-12-02T01:00:00Z", "UTC", now)).toBe("1:00 AM");
    expect(formatShortDate("garbage", "UTC", now)).toBe("");
  });

  it("labels UTC series days without shifting them", () => {
    expect(formatUtcDay("2026-11-22")).toBe("Nov 22");
    expect(formatUtcDay("nope")).toBe("nope");
  });

  it("groups counts", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
  });

  it("says credit for one, credits otherwise", () => {
    expect(formatCredits(1)).toBe("1 credit");
    expect(formatCredits(0)).toBe("0 credits");
    expect(formatCredits(3200)).toBe("3,200 credits");
  });
});
