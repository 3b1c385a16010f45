import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { seedDemoData } from "@/lib/demo/seed";
import { actorOf } from "@/test/factories";
import { getDashboardStats } from "./service";

describe("dashboard stats on the demo data", () => {
  it("answers from a handful of grouped queries (timing logged, not asserted)", async () => {
    const db = getDb();
    await seedDemoData({ force: true });
    const [admin] = await db.select().from(users).where(eq(users.email, "admin@demo.test"));

    const cold = performance.now();
    await getDashboardStats(actorOf(admin!));
    const coldMs = performance.now() - cold;
    const runs: number[] = [];
    let stats = await getDashboardStats(actorOf(admin!));
    for (let index = 0; index < 5; index += 1) {
      const started = performance.now();
      stats = await getDashboardStats(actorOf(admin!));
      runs.push(performance.now() - started);
    }
    runs.sort((a, b) => a - b);
    console.info(
      `dashboard stats on the demo data: cold ${coldMs.toFixed(1)} ms, warm median ${runs[2]!.toFixed(1)} ms, best ${runs[0]!.toFixed(1)} ms`,
    );

    const products = Object.values(stats.products.byStatus).reduce((sum, count) => sum + count, 0);
    expect(products).toBeGreaterThanOrEqual(50);
    expect(stats.users.byRole).toEqual({ admin: 1, editor: 1, approver: 1, viewer: 1 });
    expect(stats.purchases.count).toBeGreaterThan(0);
    expect(stats.series).toHaveLength(30);
  });
});
