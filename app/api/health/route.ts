import { sql } from "drizzle-orm";
import { getAppDatabase } from "@/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(async () => {
  const database = getAppDatabase();
  try {
    await database.db.execute(sql`select 1`);
  } catch (error) {
    throw new AppError("service_unavailable", "The database is not answering.", { cause: error });
  }
  return json({ ok: true, db: database.kind, version: env().APP_VERSION }, { headers: { "cache-control": "no-store" } });
});
