import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createPglite, databaseFromPglite, getAppDatabase, getDb } from "./client";
import { migrateDatabase } from "./migrate";
import { chatMessages, chatSessions, purchases, roles, users } from "./schema";
import { describeCatalog } from "@/test/catalog";
import { createBusiness, createProduct, createUser, uniqueEmail } from "@/test/factories";

/** The database error behind drizzle's wrapper, whichever driver raised it. */
async function databaseError(promise: Promise<unknown>): Promise<{ code?: string; constraint?: string }> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause ?? error;
    const details = cause as { code?: string; constraint?: string; constraint_name?: string };
    return { code: details.code, constraint: details.constraint ?? details.constraint_name };
  }
  throw new Error("expected the database to reject the write");
}

describe("migrations", () => {
  const fresh = databaseFromPglite(createPglite());
  afterAll(() => fresh.close());

  it("produce the same tables, columns, indexes, constraints and enums on both engines", async () => {
    await migrateDatabase(fresh);
    const embedded = await describeCatalog(fresh.db);
    const underTest = await describeCatalog(getDb());
    // Under DATABASE_URL the harness database is a real Postgres; otherwise a PGlite snapshot.
    expect(underTest).toEqual(embedded);
    expect(embedded.indexes.map((row) => row.indexdef)).toEqual(
      expect.arrayContaining([
        expect.stringContaining("USING gin (search)"),
        expect.stringContaining("USING btree (lower(email))"),
      ]),
    );
    console.info(`schema compared on ${getAppDatabase().kind} against pglite: ${embedded.columns.length} columns`);
  });

  it("seed the roles table from the permission matrix", async () => {
    const rows = await getDb().select().from(roles);
    expect(rows.map((row) => row.name).sort()).toEqual(["admin", "approver", "editor", "viewer"]);
    expect(rows.find((row) => row.name === "viewer")?.permissions).not.toContain("product:approve");
    expect(rows.find((row) => row.name === "admin")?.permissions).toContain("dashboard:read");
  });
});

describe("database constraints", () => {
  it("reject a negative credit balance", async () => {
    const business = await createBusiness();
    const user = await createUser({ businessId: business.id });
    const error = await databaseError(getDb().update(users).set({ credits: -1 }).where(sql`${users.id} = ${user.id}`));
    expect(error).toMatchObject({ code: "23514", constraint: "users_credits_nonnegative" });
  });

  it("reject negative stock and a negative price", async () => {
    const business = await createBusiness();
    expect(await databaseError(createProduct({ businessId: business.id, stock: -1 }))).toMatchObject({
      code: "23514",
      constraint: "products_stock_nonnegative",
    });
    expect(await databaseError(createProduct({ businessId: business.id, price: "-0.01" }))).toMatchObject({
      code: "23514",
      constraint: "products_price_nonnegative",
    });
  });

  it("reject a purchase quantity of 0 and of 101", async () => {
    const business = await createBusiness();
    const user = await createUser({ businessId: business.id });
    const product = await createProduct({ businessId: business.id, status: "approved" });
    const base = { businessId: business.id, userId: user.id, productId: product.id, productName: product.name, unitPrice: "10.00", total: "0.00" };
    for (const quantity of [0, 101]) {
      expect(await databaseError(getDb().insert(purchases).values({ ...base, quantity }))).toMatchObject({
        code: "23514",
        constraint: "purchases_quantity_range",
      });
    }
  });

  it("reject a second account whose email differs only in case", async () => {
    const business = await createBusiness();
    const email = uniqueEmail("case");
    await createUser({ businessId: business.id, email });
    expect(await databaseError(createUser({ businessId: business.id, email: email.toUpperCase() }))).toMatchObject({
      code: "23505",
      constraint: "users_email_lower_unique",
    });
  });

  it("keep messages tied to their session (deleting a session deletes its messages)", async () => {
    const business = await createBusiness();
    const user = await createUser({ businessId: business.id });
    const db = getDb();
    const [session] = await db.insert(chatSessions).values({ businessId: business.id, userId: user.id, title: "t" }).returning();
    await db.insert(chatMessages).values({ businessId: business.id, sessionId: session!.id, userId: user.id, role: "user", content: "hi" });
    await db.delete(chatSessions).where(sql`${chatSessions.id} = ${session!.id}`);
    const left = await db.select().from(chatMessages).where(sql`${chatMessages.sessionId} = ${session!.id}`);
    expect(left).toHaveLength(0);
  });
});
