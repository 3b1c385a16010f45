/**
 * Standalone fake Anthropic model for browser tests and benchmarks:
 *   FAKE_ANTHROPIC_PORT=4011 npx tsx e2e/fake-anthropic/server.ts
 * then run the app with ANTHROPIC_BASE_URL=http://127.0.0.1:4011 ANTHROPIC_API_KEY=fake
 * (no /v1: the SDK appends /v1/messages itself).
 */
import { startFakeAnthropic } from "./fake-anthropic";

const port = Number(process.env.FAKE_ANTHROPIC_PORT ?? process.env.PORT ?? 4011);
const host = process.env.FAKE_ANTHROPIC_HOST ?? "127.0.0.1";

const fake = await startFakeAnthropic({ port, host });
console.log(`fake Anthropic listening on ${fake.baseURL}`);

const stop = () => {
  void fake.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
