import "server-only";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { businesses, users } from "@/db/schema";

export async function getBalanceRow(
  db: Database,
  input: { userId: string; businessId: string },
): Promise<{ credits: number; messageCost: number } | null> {
  const [row] = await db
    .select({ credits: users.credits, messageCost: businesses.messageCost })
    .from(users)
    .innerJoin(businesses, eq(businesses.id, users.businessId))
    .where(and(eq(users.id, input.userId), eq(users.businessId, input.businessId)))
    .limit(1);
  return row ?? null;
}
