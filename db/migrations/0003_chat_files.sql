CREATE TABLE "chat_file_rows" (
	"file_id" uuid NOT NULL,
	"business_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"data" jsonb NOT NULL,
	CONSTRAINT "chat_file_rows_file_id_row_number_pk" PRIMARY KEY("file_id","row_number")
);
--> statement-breakpoint
CREATE TABLE "chat_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"uploaded_by" uuid,
	"end_user_id" uuid,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"row_count" integer NOT NULL,
	"columns" jsonb NOT NULL,
	"summary" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_files_kind" CHECK ("chat_files"."kind" in ('csv', 'tsv', 'json'))
);
--> statement-breakpoint
ALTER TABLE "chat_file_rows" ADD CONSTRAINT "chat_file_rows_file_id_chat_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."chat_files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_file_rows" ADD CONSTRAINT "chat_file_rows_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_files" ADD CONSTRAINT "chat_files_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_files" ADD CONSTRAINT "chat_files_session_id_chat_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."chat_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_files" ADD CONSTRAINT "chat_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_files" ADD CONSTRAINT "chat_files_end_user_id_end_users_id_fk" FOREIGN KEY ("end_user_id") REFERENCES "public"."end_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chat_file_rows_business_idx" ON "chat_file_rows" USING btree ("business_id");--> statement-breakpoint
CREATE INDEX "chat_files_session_created_idx" ON "chat_files" USING btree ("session_id","created_at");--> statement-breakpoint
CREATE INDEX "chat_files_business_created_idx" ON "chat_files" USING btree ("business_id","created_at");--> statement-breakpoint
CREATE INDEX "chat_files_uploaded_by_idx" ON "chat_files" USING btree ("uploaded_by");--> statement-breakpoint
CREATE INDEX "chat_files_end_user_idx" ON "chat_files" USING btree ("end_user_id");