ALTER TYPE "public"."message_role" ADD VALUE 'agent';--> statement-breakpoint
ALTER TABLE "chat_messages" ADD COLUMN "author_id" uuid;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD COLUMN "author_name" text;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "handler" text DEFAULT 'assistant' NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "agent_id" uuid;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "agent_active_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "person_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "admin_read_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD CONSTRAINT "chat_sessions_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chat_messages_author_idx" ON "chat_messages" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "chat_sessions_business_handler_activity_idx" ON "chat_sessions" USING btree ("business_id","handler","last_activity_at");--> statement-breakpoint
CREATE INDEX "chat_sessions_agent_idx" ON "chat_sessions" USING btree ("agent_id");--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD CONSTRAINT "chat_sessions_handler" CHECK ("chat_sessions"."handler" in ('assistant', 'needs_person', 'with_person'));