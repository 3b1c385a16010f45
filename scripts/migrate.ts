import { getAppDatabase } from "@/db/client";
import { prepareSchema } from "@/lib/startup";

const database = getAppDatabase();
await prepareSchema(database);
console.log(`migrated (${database.kind})`);
await database.close();
