import { randomUUID } from "node:crypto";
import { getDb } from "@/db/client";
import { businesses, creditTransactions, products, users, type ProductStatus, type Role } from "@/db/schema";
import { hashPassword } from "@/lib/auth/passwords";
import type { Actor } from "@/lib/auth/permissions";

export const TEST_PASSWORD = "correct horse battery";
let testPasswordHash: Promise<string> | undefined;

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
}

export async function createBusiness(overrides: Partial<typeof businesses.$inferInsert> = {}) {
  const suffix = randomUUID().slice(0, 8);
  const [business] = await getDb()
    .insert(businesses)
    .values({ name: `Business ${suffix}`, slug: `business-${suffix}`, ...overrides })
    .returning();
  return business!;
}

export async function createUser(
  options: { businessId: string; role?: Role; credits?: number; password?: string } & Partial<typeof users.$inferInsert>,
) {
  const { password, credits = 4000, role = "viewer", ...rest } = options;
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  const passwordHash = password ? await hashPassword(password) : await testPasswordHash;
  const db = getDb();
  const [user] = await db
    .insert(users)
    .values({ email: uniqueEmail(role), name: `Test ${role}`, passwordHash, role, credits, ...rest })
    .returning();
  if (credits > 0) {
    await db.insert(creditTransactions).values({
      businessId: user!.businessId,
      userId: user!.id,
      kind: "signup",
      amount: credits,
      balanceAfter: credits,
    });
  }
  return user!;
}

export function actorOf(user: { id: string; role: Role; businessId: string }): Actor {
  return { id: user.id, role: user.role, businessId: user.businessId };
}

export async function createProduct(
  options: { businessId: string; status?: ProductStatus; createdBy?: string | null } & Partial<typeof products.$inferInsert>,
) {
  const [product] = await getDb()
    .insert(products)
    .values({
      name: `Product ${randomUUID().slice(0, 8)}`,
      description: "A product made for a test.",
      price: "10.00",
      ...options,
    })
    .returning();
  return product!;
}

/** A business with one user of every role. */
export async function createTeam() {
  const business = await createBusiness();
  const [admin, editor, approver, viewer] = await Promise.all(
    (["admin", "editor", "approver", "viewer"] as const).map((role) => createUser({ businessId: business.id, role })),
  );
  return { business, admin: admin!, editor: editor!, approver: approver!, viewer: viewer! };
}
