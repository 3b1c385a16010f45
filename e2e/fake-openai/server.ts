/**
 * Standalone fake model for browser tests and benchmarks:
 *   FAKE_OPENAI_PORT=4010 npx tsx e2e/fake-openai/server.ts
 * then run the app with OPENAI_BASE_URL=http://127.0.0.1:4010/v1 OPENAI_API_KEY=fake.
 */
import { startFakeOpenAI } from "./fake-openai";

const port = Number(process.env.FAKE_OPENAI_PORT ?? process.env.PORT ?? 4010);
const host = process.env.FAKE_OPENAI_HOST ?? "127.0.0.1";

const fake = await startFakeOpenAI({ port, host });
console.log(`fake OpenAI listening on ${fake.baseURL}`);

const stop = () => {
  void fake.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
