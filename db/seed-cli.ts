import { getAppDatabase } from "./client";
import { migrateDatabase } from "./migrate";
import { DEMO_PASSWORD, seedDemoData } from "./seed";

const database = getAppDatabase();
await migrateDatabase(database);
const seeded = await seedDemoData(database.db);
console.log(
  seeded
    ? `demo data loaded (${database.kind}): admin@demo.test, editor@demo.test, approver@demo.test, viewer@demo.test / ${DEMO_PASSWORD}`
    : "the database already has data; nothing seeded",
);
await database.close();
