import { getAppDatabase } from "@/db/client";
import { prepareSchema } from "@/lib/startup";
import { DEMO_PASSWORD, seedDemoData } from "@/lib/demo/seed";

const database = getAppDatabase();
await prepareSchema(database);
const seeded = await seedDemoData();
console.log(
  seeded
    ? `demo data loaded (${database.kind}): admin@demo.test, editor@demo.test, approver@demo.test, viewer@demo.test / ${DEMO_PASSWORD}`
    : "the database already has data; nothing seeded",
);
await database.close();
