import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { apiKeys, businesses, chatMessages, creditTransactions, products, users, type ApiKeyKind, type ApiKeyScope, type ProductStatus, type Role } from "@/db/schema";
import { generateApiKey } from "@/lib/api-keys/keys";
import { resolveCategory } from "@/lib/categories/queries";
import type { ChatCaller } from "@/lib/auth/caller";
import { hashPassword } from "@/lib/auth/passwords";
import type { Actor } from "@/lib/auth/permissions";

export const TEST_PASSWORD = "correct horse battery";
let testPasswordHash: Promise<string> | undefined;

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
}

/** A business; `wallet` opens its wallet (what end users' messages spend) with that many credits on the ledger. */
export async function createBusiness(overrides: Partial<typeof businesses.$inferInsert> & { wallet?: number } = {}) {
  const { wallet = 0, ...values } = overrides;
  const suffix = randomUUID().slice(0, 8);
  const [business] = await getDb()
    .insert(businesses)
    .values({ name: `Business ${suffix}`, slug: `business-${suffix}`, ...values, walletCredits: wallet })
    .returning();
  if (wallet > 0) {
    await getDb().insert(creditTransactions).values({ businessId: business!.id, userId: null, kind: "signup", amount: wallet, balanceAfter: wallet });
  }
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

/** The chat services' caller for a member. */
export function memberCaller(user: { id: string; role: Role; businessId: string; email?: string; name?: string }): ChatCaller {
  return { kind: "member", businessId: user.businessId, actor: { ...actorOf(user), email: user.email ?? "", name: user.name ?? "" } };
}

export async function createProduct(
  options: { businessId: string; status?: ProductStatus; createdBy?: string | null } & Partial<typeof products.$inferInsert>,
) {
  const db = getDb();
  // Categories are a managed list: a product's category must exist in its business first.
  const category = await resolveCategory(db, { businessId: options.businessId, name: options.category });
  const [product] = await db
    .insert(products)
    .values({
      name: `Product ${randomUUID().slice(0, 8)}`,
      description: "A product made for a test.",
      price: "10.00",
      ...options,
      category,
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

/** An API key of the business, stored as the app stores it (hash and prefix); the plaintext key comes back once. */
export async function createApiKey(
  options: { businessId: string; kind?: ApiKeyKind; scopes?: ApiKeyScope[]; allowedOrigins?: string[] } & Partial<
    Pick<typeof apiKeys.$inferInsert, "expiresAt" | "revokedAt" | "name">
  >,
) {
  const { kind = "secret", scopes = ["chat", "stats"], allowedOrigins = kind === "publishable" ? ["https://shop.example.com"] : [], ...rest } = options;
  const generated = generateApiKey(kind);
  const [row] = await getDb()
    .insert(apiKeys)
    .values({ name: `${kind} key`, kind, scopes, allowedOrigins, prefix: generated.prefix, keyHash: generated.keyHash, ...rest })
    .returning();
  return { key: generated.key, apiKey: row! };
}

/** A member's credits, credit ledger (kind and amount, in write order, with its sum) and chat messages (oldest first). */
export async function memberChatState(userId: string) {
  const db = getDb();
  const [{ credits }] = (await db.select({ credits: users.credits }).from(users).where(eq(users.id, userId))) as [{ credits: number }];
  const ledger = await db.select().from(creditTransactions).where(eq(creditTransactions.userId, userId)).orderBy(creditTransactions.createdAt);
  const messages = await db.select().from(chatMessages).where(eq(chatMessages.userId, userId)).orderBy(chatMessages.createdAt);
  return {
    credits,
    ledger: ledger.map((row) => [row.kind, row.amount]),
    ledgerSum: ledger.reduce((sum, row) => sum + row.amount, 0),
    messages,
  };
}
