CREATE TYPE "public"."api_key_kind" AS ENUM('secret', 'publishable');--> statement-breakpoint
CREATE TYPE "public"."chat_channel" AS ENUM('member', 'api', 'widget');--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" "api_key_kind" NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"allowed_origins" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by" uuid,
	"last_used_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_keys_publishable_has_origins" CHECK ("api_keys"."kind" <> 'publishable' or cardinality("api_keys"."allowed_origins") >= 1)
);
--> statement-breakpoint
CREATE TABLE "end_users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"identifier" text,
	"anonymous_key" text,
	"verified" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "end_users_one_name" CHECK (("end_users"."identifier" is null) <> ("end_users"."anonymous_key" is null)),
	CONSTRAINT "end_users_identifier_length" CHECK ("end_users"."identifier" is null or char_length("end_users"."identifier") between 1 and 255)
);
--> statement-breakpoint
ALTER TABLE "chat_messages" ALTER COLUMN "user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_sessions" ALTER COLUMN "user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "credit_transactions" ALTER COLUMN "user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "businesses" ADD COLUMN "bot_icon" text;--> statement-breakpoint
ALTER TABLE "businesses" ADD COLUMN "wallet_credits" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "businesses" ADD COLUMN "session_timeout_minutes" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "businesses" ADD COLUMN "end_user_daily_messages" integer DEFAULT 50 NOT NULL;--> statement-breakpoint
ALTER TABLE "businesses" ADD COLUMN "require_verified_identity" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "businesses" ADD COLUMN "identity_secret" text DEFAULT replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '') NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD COLUMN "end_user_id" uuid;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "channel" "chat_channel" DEFAULT 'member' NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "end_user_id" uuid;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "api_key_id" uuid;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD COLUMN "config" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "credit_transactions" ADD COLUMN "end_user_id" uuid;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "end_users" ADD CONSTRAINT "end_users_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash_unique" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_business_created_idx" ON "api_keys" USING btree ("business_id","created_at");--> statement-breakpoint
CREATE INDEX "api_keys_created_by_idx" ON "api_keys" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "end_users_business_identifier_unique" ON "end_users" USING btree ("business_id","verified","identifier") WHERE "end_users"."identifier" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "end_users_business_anonymous_unique" ON "end_users" USING btree ("business_id","anonymous_key") WHERE "end_users"."anonymous_key" is not null;--> statement-breakpoint
CREATE INDEX "end_users_business_seen_idx" ON "end_users" USING btree ("business_id","last_seen_at");--> statement-breakpoint
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_end_user_id_end_users_id_fk" FOREIGN KEY ("end_user_id") REFERENCES "public"."end_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD CONSTRAINT "chat_sessions_end_user_id_end_users_id_fk" FOREIGN KEY ("end_user_id") REFERENCES "public"."end_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD CONSTRAINT "chat_sessions_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_transactions" ADD CONSTRAINT "credit_transactions_end_user_id_end_users_id_fk" FOREIGN KEY ("end_user_id") REFERENCES "public"."end_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chat_messages_end_user_idx" ON "chat_messages" USING btree ("end_user_id");--> statement-breakpoint
CREATE INDEX "chat_sessions_business_channel_activity_idx" ON "chat_sessions" USING btree ("business_id","channel","last_activity_at");--> statement-breakpoint
CREATE INDEX "chat_sessions_end_user_idx" ON "chat_sessions" USING btree ("end_user_id");--> statement-breakpoint
CREATE INDEX "chat_sessions_api_key_idx" ON "chat_sessions" USING btree ("api_key_id");--> statement-breakpoint
CREATE INDEX "credit_transactions_wallet_seq_idx" ON "credit_transactions" USING btree ("business_id","seq") WHERE "credit_transactions"."user_id" is null;--> statement-breakpoint
CREATE INDEX "credit_transactions_end_user_idx" ON "credit_transactions" USING btree ("end_user_id");--> statement-breakpoint
ALTER TABLE "businesses" ADD CONSTRAINT "businesses_wallet_credits_nonnegative" CHECK ("businesses"."wallet_credits" >= 0);--> statement-breakpoint
ALTER TABLE "businesses" ADD CONSTRAINT "businesses_session_timeout_range" CHECK ("businesses"."session_timeout_minutes" between 1 and 1440);--> statement-breakpoint
ALTER TABLE "businesses" ADD CONSTRAINT "businesses_end_user_daily_messages_range" CHECK ("businesses"."end_user_daily_messages" between 0 and 100000);--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD CONSTRAINT "chat_sessions_owner" CHECK (("chat_sessions"."channel" = 'member') = ("chat_sessions"."user_id" is not null));--> statement-breakpoint
ALTER TABLE "chat_sessions" ADD CONSTRAINT "chat_sessions_widget_has_end_user" CHECK ("chat_sessions"."channel" <> 'widget' or "chat_sessions"."end_user_id" is not null);--> statement-breakpoint
-- Every business gets its wallet's opening balance on the ledger (new ones get the operator's WALLET_INITIAL_CREDITS at sign-up).
UPDATE "businesses" SET "wallet_credits" = 10000;--> statement-breakpoint
INSERT INTO "credit_transactions" ("business_id", "kind", "amount", "balance_after", "reason")
SELECT "id", 'signup', 10000, 10000, 'Opening balance of the business wallet' FROM "businesses";
