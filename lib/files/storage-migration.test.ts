import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows, type AppDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import type { ChatFile } from "@/db/schema";
import { emptyDatabase, migrationsUpTo } from "@/test/migrations";
import { getFileInBusiness } from "./queries";
import { aggregateFileRows, fileAggregateSchema, fileQuerySchema, queryFileRows } from "./query";

let database: AppDatabase;
let drop: () => Promise<void> = async () => {};
let migrations: ReturnType<typeof migrationsUpTo>;
let folder: string;

beforeAll(async () => {
  ({ database, drop } = await emptyDatabase());
  migrations = migrationsUpTo("0010_branches_and_edit_distance");
  folder = migrations.folder;
});

afterAll(async () => {
  await drop();
  migrations.remove();
});

describe("moving chat files to column chunks", () => {
  it("keeps every cell of the files attached before, readable and aggregated as before", async () => {
    const db = database.db;
    await migrateDatabase(database, folder);
    const [business] = await selectRows<{ id: string }>(db, sql`insert into businesses (name, slug) values ('Old files', 'old-files') returning id`);
    const [session] = await selectRows<{ id: string }>(db, sql`insert into chat_sessions (business_id, title, channel) values (${business!.id}, 'Prices', 'api') returning id`);
    const columns = [
      { name: "sku", type: "text", nulls: 1 },
      { name: "price", type: "number", nulls: 1, min: 1.5, max: 12 },
      { name: "active", type: "boolean", nulls: 0 },
    ];
    const [file] = await selectRows<{ id: string }>(db, sql`insert into chat_files (business_id, session_id, name, kind, size_bytes, row_count, columns, summary)
        values (${business!.id}, ${session!.id}, 'prices.csv', 'csv', 100, 5001, ${JSON.stringify(columns)}::jsonb, 'prices, 5,001 rows') returning id`,
    );
    // 5,001 records: the last one starts a second chunk.
    await db.execute(sql`insert into chat_file_rows (file_id, business_id, row_number, data)
      select ${file!.id}::uuid, ${business!.id}::uuid, n,
        case when n = 2 then jsonb_build_object('sku', null, 'price', null, 'active', false)
             else jsonb_build_object('sku', 'SKU-' || n, 'price', case when n = 5001 then 12 else 1.5 end, 'active', n % 2 = 1) end
      from generate_series(1, 5001) as n`);

    await migrateDatabase(database);

    const chunks = await selectRows<{ position: number; first_row: number; cells: number; numeric: boolean }>(db, sql`select position, first_row, cardinality(texts) as cells, numbers is not null as numeric
        from chat_file_columns where file_id = ${file!.id} order by position, first_row`,
    );
    expect(chunks.map((chunk) => [chunk.position, chunk.first_row, chunk.cells, chunk.numeric])).toEqual([
      [0, 1, 5_000, false],
      [0, 5_001, 1, false],
      [1, 1, 5_000, true],
      [1, 5_001, 1, true],
      [2, 1, 5_000, false],
      [2, 5_001, 1, false],
    ]);
    const stored = (await getFileInBusiness(db, { fileId: file!.id, businessId: business!.id })) as ChatFile;
    const page = await queryFileRows(db, { file: stored, query: fileQuerySchema.parse({ limit: 2 }) });
    expect(page).toEqual({
      count: 5_001,
      results: [
        { sku: "SKU-1", price: 1.5, active: true, _row: 1 },
        { sku: null, price: null, active: false, _row: 2 },
      ],
    });
    const last = await queryFileRows(db, { file: stored, query: fileQuerySchema.parse({ orderBy: { column: "price", direction: "desc" }, limit: 1 }) });
    expect(last.results).toEqual([{ sku: "SKU-5001", price: 12, active: true, _row: 5_001 }]);
    const sum = await aggregateFileRows(db, { file: stored, aggregate: fileAggregateSchema.parse({ fn: "sum", column: "price" }) });
    expect(sum.results).toEqual([{ value: 4_999 * 1.5 + 12, rows: 5_001 }]);
    const missing = await selectRows<{ name: string | null }>(db, sql`select to_regclass('chat_file_rows')::text as name`);
    expect(missing[0]!.name).toBeNull();
    // Migrating from an empty database takes about 20 s on PGlite, longer beside another migration test.
  }, 120_000);
});
