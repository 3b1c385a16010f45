/**
 * The assistant evaluation: every question over the whole catalog, through POST /api/chat with the
 * built-in assistant (no model key).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres TSX_TSCONFIG_PATH=bench/chat/tsconfig.json \
 *     node --import tsx bench/assistant/run.ts
 *
 * With DATABASE_URL it creates and drops its own database on that server; without it, it runs on an
 * in-memory PGlite. Prints the per-kind table (Markdown, for docs/quality.md), the failures, and a
 * closing JSON line with the figures.
 * Knobs: BENCH_CONCURRENCY (4) · BENCH_FAILURES (failures listed, 200) · BENCH_ONLY_CI=1 (the CI slice only)
 *        BENCH_JSON=<file> (every graded answer, for comparing two runs).
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import postgres from "postgres";
import { createPglite, databaseFromPglite, databaseFromPostgres, installAppDatabase, type AppDatabase } from "@/db/client";
import { resetEnv } from "@/lib/env";
import { prepareSchema } from "@/lib/startup";
import { benchDatabase } from "../harness";
import { generateCatalog } from "./catalog";
import { checkQuestions, CI_QUESTIONS, QUESTIONS } from "./questions";

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const FAILURES = Number(process.env.BENCH_FAILURES ?? 200);

// The built-in assistant answers; the app's limits must not throttle one evaluator sending hundreds of questions.
delete process.env.OPENAI_API_KEY;
delete process.env.ANTHROPIC_API_KEY;
process.env.JWT_SECRET ??= randomBytes(32).toString("base64url");
process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
process.env.RATE_LIMIT_PER_ADDRESS_PER_MINUTE = "1000000";
process.env.RATE_LIMIT_CHAT_SENDS_PER_ACCOUNT_PER_MINUTE = "1000000";
process.env.LOG_LEVEL ??= "warn";
resetEnv();

async function openDatabase(): Promise<{ database: AppDatabase; engine: string; drop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const bench = await benchDatabase("bench_assistant");
    const database = databaseFromPostgres(postgres(bench.url, { max: 10, onnotice: () => {} }));
    return {
      database,
      engine: "postgres",
      drop: async () => {
        await database.close();
        await bench.drop();
      },
    };
  }
  const database = databaseFromPglite(createPglite());
  return { database, engine: "pglite", drop: () => database.close() };
}

async function main() {
  const catalog = generateCatalog();
  const questions = process.env.BENCH_ONLY_CI ? CI_QUESTIONS : QUESTIONS;
  const problems = checkQuestions(catalog, questions);
  if (problems.length) throw new Error(`The questions do not fit the catalog:\n${problems.join("\n")}`);

  const { database, engine, drop } = await openDatabase();
  try {
    await prepareSchema(database);
    installAppDatabase(database);
    // Imported once the environment above is in place: the route reads it when first used.
    const { createShop, evaluate, formatSummary } = await import("./evaluate");
    const shop = await createShop(database.db, { catalog, members: CONCURRENCY });
    const { summary, graded, askMs } = await evaluate(shop, questions, { concurrency: CONCURRENCY });
    console.log(formatSummary(summary, { failures: FAILURES }));
    if (process.env.BENCH_JSON) {
      const rows = graded.map((g) => ({
        id: g.question.id,
        kind: g.question.kind,
        text: g.question.text,
        pass: g.pass,
        recall: g.recall,
        rr: g.rr,
        reasons: g.reasons,
        cards: g.answer.cards.map((c) => c.name),
        proposal: g.answer.proposal,
        answer: g.answer.text,
      }));
      writeFileSync(process.env.BENCH_JSON, JSON.stringify(rows, null, 2));
    }
    console.log(
      JSON.stringify({
        when: new Date().toISOString(),
        engine,
        cpus: cpus().length,
        products: catalog.products.length,
        questions: questions.length,
        seedSeconds: Math.round(shop.seedMs / 100) / 10,
        askSeconds: Math.round(askMs / 100) / 10,
        recallAt5: Math.round(summary.recallAt5 * 1000) / 1000,
        mrr: Math.round(summary.mrr * 1000) / 1000,
        invented: summary.total.invented,
        foreign: summary.total.foreign,
        noMatch: summary.total.noMatch,
        purchase: summary.total.purchase,
        passed: summary.total.passed,
      }),
    );
  } finally {
    installAppDatabase(undefined);
    await drop();
  }
}

await main();
