import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { getAppDatabase, type AppDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { assertModelPolicy } from "@/lib/ai/models";
import { syncRoleTable } from "@/lib/auth/roles";
import { seedDemoData } from "@/lib/demo/seed";
import { startHandoffSweep } from "@/lib/chat/handoff";
import { startStaleTurnSweep } from "@/lib/chat/stale-turns";
import { startEmbeddingSweep } from "@/lib/embeddings/sync";
import { startEventSweep } from "@/lib/events/retention";
import { startFileSweep } from "@/lib/files/retention";

/** The schema migrated and the data that follows from code (the roles table) in line with it. */
export async function prepareSchema(database: AppDatabase): Promise<void> {
  await migrateDatabase(database);
  await syncRoleTable(database.db);
}

/**
 * Runs once when a server process starts: migrate, then load the demo data into an empty database
 * when asked to (by default only for `npm run dev` on the embedded database).
 */
export async function prepareDatabase(): Promise<void> {
  const current = env();
  // A misconfigured model policy stops the start instead of failing the first chat.
  for (const provider of assertModelPolicy()) {
    logger().warn({ provider }, `a ${provider} key is set but ALLOWED_MODELS names no ${provider}: model, so none is offered`);
  }
  const database = getAppDatabase();
  await prepareSchema(database);
  startFileSweep();
  startHandoffSweep();
  startStaleTurnSweep();
  startEventSweep();
  const wantsSeed =
    current.SEED_DEMO_DATA === "always" ||
    (current.SEED_DEMO_DATA === "auto" && current.NODE_ENV === "development" && database.kind === "pglite");
  if (wantsSeed && (await seedDemoData())) {
    logger().info("loaded demo data: sign in as admin@demo.test / demo-password-1");
  }
  // After the demo data, which is inserted approved: the first sweep embeds it too.
  startEmbeddingSweep();
  logger().info({ db: database.kind, version: current.APP_VERSION }, "database ready");
}
