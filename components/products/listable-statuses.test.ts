import { describe, expect, it } from "vitest";
import { ROLES } from "@/db/schema";
import { visibleStatuses } from "@/lib/auth/permissions";
import { listableStatuses } from "./listable-statuses";

describe("listableStatuses", () => {
  it.each(ROLES)("%s: the same statuses the server lists", (role) => {
    expect([...listableStatuses(role)].sort()).toEqual([...visibleStatuses(role)].sort());
  });
});
