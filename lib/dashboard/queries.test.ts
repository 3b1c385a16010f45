import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { transaction } from "@/db/client";
import { fromCents } from "@/lib/money";
import { selectSeries, selectTopByPurchases, selectTotals } from "./queries";

const ROWS = 1_000_001;
/** The largest purchase total numeric(12,2) holds, in cents; the largest model cost numeric(12,4) holds, in ten-thousandths of a cent. */
const TOTAL_CENTS = 999_999_999_999n;
const COST_UNITS = 999_999_999_999n;

/** 123456789n ten-thousandths → "12345.6789". */
function fourPlaces(units: bigint): string {
  return `${units / 10_000n}.${(units % 10_000n).toString().padStart(4, "0")}`;
}

describe("the dashboard's sums of money", () => {
  it("a million purchases at the largest total and a million answers at the largest cost add up exactly, past 10^16 and 10^14", { timeout: 90_000 }, async () => {
    const businessId = randomUUID();
    const now = new Date();
    await transaction(async (tx) => {
      // A million rows written into the real tables take a minute. Instead, in this transaction only,
      // one row is written into a table of the same columns, types and checks, and a view of that name
      // repeats it a million times to the dashboard's statements.
      await tx.execute(sql`create temporary table one_purchase (like public.purchases including defaults including constraints)`);
      await tx.execute(sql`
        insert into one_purchase (business_id, user_id, product_name, quantity, unit_price, total)
        values (${businessId}, ${randomUUID()}, 'Yacht', 1, 9999999999.99, 9999999999.99)`);
      await tx.execute(sql`create temporary view purchases as select one_purchase.* from one_purchase, generate_series(1, ${sql.raw(String(ROWS))})`);
      await tx.execute(sql`create temporary table one_answer (like public.chat_messages including defaults including constraints)`);
      await tx.execute(sql`
        insert into one_answer (business_id, session_id, role, content, tokens_used, cost_cents)
        values (${businessId}, ${randomUUID()}, 'assistant', '', 1, 99999999.9999)`);
      await tx.execute(sql`create temporary view chat_messages as select one_answer.* from one_answer, generate_series(1, ${sql.raw(String(ROWS))})`);

      const revenue = fromCents(TOTAL_CENTS * BigInt(ROWS));
      expect(revenue).toBe("10000009999989999.99");
      const totals = await selectTotals(tx, { businessId, now, timeZone: "UTC" });
      expect(totals.revenue).toBe(revenue);
      expect(totals.purchasesCount).toBe(ROWS);
      expect(totals.costCents30d).toBe(fourPlaces(COST_UNITS * BigInt(ROWS)));
      expect(totals.costCents30d).toBe("100000099999899.9999");
      expect(totals.tokensUsed30d).toBe(ROWS);

      const series = await selectSeries(tx, { businessId, now, timeZone: "UTC" });
      expect(series.at(-1)!.revenue).toBe(revenue);
      expect(series.at(0)!.revenue).toBe("0.00");
      expect(await selectTopByPurchases(tx, { businessId, limit: 5 })).toEqual([{ productId: null, name: "Yacht", purchases: ROWS, quantity: ROWS, revenue }]);

      await tx.execute(sql`drop view purchases, chat_messages`);
      await tx.execute(sql`drop table one_purchase, one_answer`);
    });
  });
});
