CREATE TABLE "ended_browser_sessions" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "refresh_tokens" ADD COLUMN "browser_session_id" uuid;--> statement-breakpoint
ALTER TABLE "ended_browser_sessions" ADD CONSTRAINT "ended_browser_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ended_browser_sessions_user_idx" ON "ended_browser_sessions" USING btree ("user_id","expires_at");--> statement-breakpoint
CREATE INDEX "refresh_tokens_browser_session_idx" ON "refresh_tokens" USING btree ("browser_session_id");