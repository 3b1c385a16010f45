-- A business's model names its provider (`openai:gpt-4o-mini`, `anthropic:claude-haiku-4-5`); models chosen before there were providers were OpenAI's.
ALTER TABLE "businesses" ALTER COLUMN "model" SET DEFAULT 'openai:gpt-4o-mini';--> statement-breakpoint
UPDATE "businesses" SET "model" = 'openai:' || "model" WHERE "model" !~ '^(openai|anthropic):';
