CREATE TABLE "login_backoffs" (
	"account_key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"blocked_until" timestamp with time zone,
	"last_failure_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_transactions" ADD COLUMN "seq" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "credit_transactions_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "edited_by" uuid;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "submitted_by" uuid;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "tokens_revoked_before" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_edited_by_users_id_fk" FOREIGN KEY ("edited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_transactions_user_seq_idx" ON "credit_transactions" USING btree ("user_id","seq");--> statement-breakpoint
CREATE INDEX "products_edited_by_idx" ON "products" USING btree ("edited_by");--> statement-breakpoint
CREATE INDEX "products_submitted_by_idx" ON "products" USING btree ("submitted_by");