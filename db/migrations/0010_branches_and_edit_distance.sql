-- Edit distance for misspellings trigram similarity misses ("lanturn" → "lantern"); a trusted contrib module.
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD COLUMN "parent_id" uuid;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "active_leaf_id" uuid;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "branched" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_parent_id_chat_messages_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."chat_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD CONSTRAINT "chat_sessions_active_leaf_id_chat_messages_id_fk" FOREIGN KEY ("active_leaf_id") REFERENCES "public"."chat_messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chat_messages_parent_idx" ON "chat_messages" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "chat_sessions_active_leaf_idx" ON "chat_sessions" USING btree ("active_leaf_id");--> statement-breakpoint
-- Every existing conversation is one branch: each message follows the one written before it.
UPDATE "chat_messages" m SET "parent_id" = p."previous"
FROM (
  SELECT "id", lag("id") OVER (PARTITION BY "session_id" ORDER BY "created_at", "id") AS "previous" FROM "chat_messages"
) p
WHERE m."id" = p."id" AND p."previous" IS NOT NULL;--> statement-breakpoint
UPDATE "chat_sessions" s SET "active_leaf_id" = (
  SELECT m."id" FROM "chat_messages" m WHERE m."session_id" = s."id" ORDER BY m."created_at" DESC, m."id" DESC LIMIT 1
);
