import { getAppDatabase } from "./client";
import { migrateDatabase } from "./migrate";

const database = getAppDatabase();
await migrateDatabase(database);
console.log(`migrated (${database.kind})`);
await database.close();
