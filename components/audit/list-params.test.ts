import { describe, expect, it } from "vitest";
import { withDayZone } from "./list-params";

describe("the audit list's request", () => {
  it("names the viewer's zone with a day filter, whose days it means, and not without one", () => {
    expect(withDayZone({ from: "2026-12-01" }, "Europe/Berlin")).toEqual({ from: "2026-12-01", timeZone: "Europe/Berlin" });
    expect(withDayZone({ to: "2026-12-07", action: "product.create" }, "UTC")).toEqual({ to: "2026-12-07", action: "product.create", timeZone: "UTC" });
    expect(withDayZone({ action: "product.create" }, "Europe/Berlin")).toEqual({ action: "product.create" });
  });
});
