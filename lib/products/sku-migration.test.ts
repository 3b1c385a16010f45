import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUniqueViolation, selectRows, type AppDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { emptyDatabase, migrationsUpTo } from "@/test/migrations";

// Two migration runs from an empty database take about 20 s on PGlite.
const MIGRATING = 120_000;

let database: AppDatabase;
let drop: () => Promise<void> = async () => {};
let migrations: ReturnType<typeof migrationsUpTo>;

beforeAll(async () => {
  ({ database, drop } = await emptyDatabase());
  migrations = migrationsUpTo("0017_stale_turns");
});

afterAll(async () => {
  await drop();
  migrations.remove();
});

/** A product as the catalog stored it before SKUs were compared whatever their case. */
async function product(input: { businessId: string; sku: string | null; status?: string; day: number; id?: string; editedBy?: string; submittedBy?: string }) {
  const [row] = await selectRows<{ id: string }>(
    database.db,
    sql`insert into products (id, business_id, name, description, price, sku, status, created_at, edited_by, submitted_by)
        values (coalesce(${input.id ?? null}::uuid, gen_random_uuid()), ${input.businessId}, ${`Product ${input.sku}`}, 'Old', '1.00', ${input.sku},
                ${input.status ?? "draft"}::product_status, ${`2024-01-${String(input.day).padStart(2, "0")}`}::timestamptz, ${input.editedBy ?? null}::uuid, ${input.submittedBy ?? null}::uuid)
        returning id`,
  );
  return row!.id;
}

describe("migration 0018: SKUs unique whatever their case", () => {
  it("keeps each SKU on the live (else oldest) product, gives the others a marked SKU of their own with an audit entry, then holds the rule", async () => {
    const db = database.db;
    await migrateDatabase(database, migrations.folder);
    const [business, other] = await selectRows<{ id: string }>(db, sql`insert into businesses (name, slug) values ('Old shop', 'old-shop'), ('Other shop', 'other-shop') returning id`);
    // The roles table is filled at start from the permission matrix; here by hand.
    await db.execute(sql`insert into roles (name, description, permissions) values ('editor', 'Editor', '{}') on conflict do nothing`);
    const [editor] = await selectRows<{ id: string }>(
      db,
      sql`insert into users (business_id, email, name, password_hash, role) values (${business!.id}, 'editor@old.example', 'Editor', 'x', 'editor') returning id`,
    );
    const oldestId = "00000000-0000-4000-8000-00000000000a";
    const oldest = await product({ businessId: business!.id, sku: "ABC-1", day: 1, id: oldestId, editedBy: editor!.id, submittedBy: editor!.id });
    const live = await product({ businessId: business!.id, sku: "abc-1", status: "approved", day: 2 });
    const newest = await product({ businessId: business!.id, sku: "Abc-1", day: 3 });
    // What the oldest one's marked SKU would be is taken already: it gets its whole id instead.
    const holder = await product({ businessId: business!.id, sku: "abc-1-dup-00000000", day: 4 });
    const long = await product({ businessId: business!.id, sku: "L".repeat(100), day: 5 });
    const longer = await product({ businessId: business!.id, sku: "l".repeat(100), day: 6 });
    const alone = await product({ businessId: business!.id, sku: "XYZ", day: 7 });
    const none = await product({ businessId: business!.id, sku: null, day: 8 });
    const elsewhere = await product({ businessId: other!.id, sku: "abc-1", day: 9 });

    await migrateDatabase(database);

    const rows = await selectRows<{ id: string; sku: string | null; editors: string[] }>(db, sql`select id, sku, editors from products`);
    const skuOf = new Map(rows.map((row) => [row.id, row.sku]));
    expect(skuOf.get(live)).toBe("abc-1");
    expect(skuOf.get(oldest)).toBe(`ABC-1-DUP-${oldestId}`);
    expect(skuOf.get(newest)).toBe(`Abc-1-DUP-${newest.slice(0, 8)}`);
    expect(skuOf.get(holder)).toBe("abc-1-dup-00000000");
    expect(skuOf.get(long)).toBe("L".repeat(100));
    expect(skuOf.get(longer)).toBe(`${"l".repeat(87)}-DUP-${longer.slice(0, 8)}`);
    expect(skuOf.get(longer)).toHaveLength(100);
    expect([skuOf.get(alone), skuOf.get(none), skuOf.get(elsewhere)]).toEqual(["XYZ", null, "abc-1"]);
    expect(rows.find((row) => row.id === oldest)!.editors).toEqual([editor!.id]);

    const audits = await selectRows<{ entity_id: string; action: string; actor_id: string | null; summary: Record<string, unknown> }>(
      db,
      sql`select entity_id, action, actor_id, summary from audit_log where business_id = ${business!.id} order by entity_id`,
    );
    expect(audits.map((entry) => entry.entity_id).sort()).toEqual([oldest, newest, longer].sort());
    expect(audits.find((entry) => entry.entity_id === newest)).toMatchObject({
      action: "product.update",
      actor_id: null,
      summary: { name: "Product Abc-1", changed: ["sku"], before: { sku: "Abc-1" }, after: { sku: `Abc-1-DUP-${newest.slice(0, 8)}` } },
    });

    // From now on the index itself refuses another spelling of a SKU in use.
    const refused = await product({ businessId: business!.id, sku: "xyz", day: 10 }).catch((error: unknown) => error);
    expect(isUniqueViolation(refused)).toBe(true);
    expect(await product({ businessId: other!.id, sku: "xyz", day: 10 })).toEqual(expect.any(String));
  }, MIGRATING);
});
