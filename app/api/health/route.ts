import { pingDatabase, type DbKind } from "@/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { json, route, methods } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(async () => {
  let db: DbKind;
  try {
    db = await pingDatabase();
  } catch (error) {
    throw new AppError("service_unavailable", "The database is not answering.", { cause: error });
  }
  return json({ ok: true, db, version: env().APP_VERSION }, { headers: { "cache-control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });
