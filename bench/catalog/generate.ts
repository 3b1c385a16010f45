/**
 * Loads the catalog benchmark's data set: N approved products (default 100 000) in one business
 * with the slug "bench-catalog", from a seeded generator so every run measures the same data.
 *
 *   DATABASE_URL=postgres://… npx tsx --conditions=react-server bench/catalog/generate.ts [count]
 *
 * Idempotent: an existing bench business with enough products is kept.
 */
import { resolveCategories } from "@/lib/categories/queries";
import { and, count, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { databaseFromPostgres, type Database } from "../../db/client";
import { prepareSchema } from "../../lib/startup";
import { businesses, products, users } from "../../db/schema";
import { seededRandom } from "../random";
import { ADJECTIVES, CATEGORIES, MATERIALS, NOUNS, PHRASES } from "./vocabulary";

const TOTAL = Number(process.argv[2] ?? process.env.BENCH_PRODUCTS ?? 100_000);
const CHUNK = 2_000;
export const BENCH_SLUG = "bench-catalog";

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]!;
}

/**
 * The planner's default random_page_cost (4, tuned for spinning disks) makes it prefer a
 * sequential scan of the whole table for broad prefix searches (one word matching ~7 % of
 * rows), about 4× slower than the GIN bitmap scan. 1.1 is the usual value for SSD or cached
 * data; docs/PERFORMANCE.md recommends the same setting for production databases.
 */
async function tuneForSsd(db: Database) {
  const [row] = rowsOf<{ name: string }>(await db.execute(sql`select current_database() as name`));
  await db.execute(sql.raw(`alter database "${row!.name.replace(/"/g, '""')}" set random_page_cost = 1.1`));
}

/**
 * What autovacuum does to a loaded table, done now (the bench server may run without it): the search
 * index's pending list (rows inserted since its last cleanup, read in full by every search) merged into
 * the index, and fresh statistics for the planner.
 */
async function settle(db: Database) {
  await db.execute("vacuum (analyze) products");
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("Set DATABASE_URL to the Postgres database to load.");
  const database = databaseFromPostgres(postgres(url, { max: 4, onnotice: () => {} }));
  const { db } = database;
  await prepareSchema(database);

  let [business] = await db.select().from(businesses).where(eq(businesses.slug, BENCH_SLUG));
  business ??= (await db.insert(businesses).values({ name: "Bench Catalog", slug: BENCH_SLUG }).returning())[0]!;
  let [owner] = await db.select().from(users).where(eq(users.email, "bench-editor@bench.test"));
  owner ??= (
    await db
      .insert(users)
      .values({ businessId: business.id, email: "bench-editor@bench.test", name: "Bench Editor", role: "editor", passwordHash: "!", credits: 0 })
      .returning()
  )[0]!;

  const [existing] = await db
    .select({ n: count() })
    .from(products)
    .where(and(eq(products.businessId, business.id), eq(products.status, "approved")));
  const have = existing?.n ?? 0;
  if (have >= TOTAL) {
    await settle(db);
    await tuneForSsd(db);
    console.log(`bench-catalog already holds ${have} approved products`);
    await database.close();
    return;
  }

  const next = seededRandom(20_260_101 + have);
  const started = Date.now();
  await resolveCategories(db, { businessId: business.id, names: CATEGORIES });
  for (let offset = have; offset < TOTAL; offset += CHUNK) {
    const rows = Array.from({ length: Math.min(CHUNK, TOTAL - offset) }, (_, index) => {
      const noun = pick(next, NOUNS);
      const name = `${pick(next, ADJECTIVES)} ${pick(next, MATERIALS)} ${noun}`;
      const cents = Math.floor(next() * 200_000) + 99;
      return {
        businessId: business.id,
        createdBy: owner.id,
        approvedBy: owner.id,
        approvedAt: new Date(),
        status: "approved" as const,
        name,
        description: `${name}. ${pick(next, PHRASES)} ${pick(next, PHRASES)} Works well with a ${pick(next, NOUNS).toLowerCase()}.`,
        price: (cents / 100).toFixed(2),
        sku: `BENCH-${String(offset + index).padStart(7, "0")}`,
        category: pick(next, CATEGORIES),
        stock: next() < 0.3 ? null : Math.floor(next() * 500),
      };
    });
    await db.insert(products).values(rows);
    process.stdout.write(`\r${offset + rows.length}/${TOTAL}`);
  }
  await settle(db);
  await tuneForSsd(db);
  console.log(`\nloaded ${TOTAL - have} products in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await database.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
