import { describe, expect, it } from "vitest";
import { titleWithUnread } from "./use-unread-replies-title";

describe("titleWithUnread", () => {
  it("leaves the title alone with nothing unread, and counts up to nine before saying 9+", () => {
    expect(titleWithUnread("Assistant · Product Assistant", 0)).toBe("Assistant · Product Assistant");
    expect(titleWithUnread("Assistant · Product Assistant", 1)).toBe("(1) Assistant · Product Assistant");
    expect(titleWithUnread("Assistant · Product Assistant", 9)).toBe("(9) Assistant · Product Assistant");
    expect(titleWithUnread("Assistant · Product Assistant", 12)).toBe("(9+) Assistant · Product Assistant");
  });
});
