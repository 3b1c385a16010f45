-- A chat file's cells move from one jsonb row per record to one row per column per 5,000 records
-- (lib/files/queries.ts FILE_CHUNK_ROWS): an upload writes a few large rows, an aggregate reads only its columns.
CREATE TABLE "chat_file_columns" (
	"file_id" uuid NOT NULL,
	"business_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"first_row" integer NOT NULL,
	"texts" text[] NOT NULL,
	"numbers" numeric[],
	CONSTRAINT "chat_file_columns_file_id_position_first_row_pk" PRIMARY KEY("file_id","position","first_row")
);
--> statement-breakpoint
-- Out of line and uncompressed: compressing each chunk costs an upload more time than the disk it saves.
ALTER TABLE "chat_file_columns" ALTER COLUMN "texts" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "chat_file_columns" ALTER COLUMN "numbers" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "chat_file_columns" ADD CONSTRAINT "chat_file_columns_file_id_chat_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."chat_files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_file_columns" ADD CONSTRAINT "chat_file_columns_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chat_file_columns_business_idx" ON "chat_file_columns" USING btree ("business_id");--> statement-breakpoint
-- Files already attached keep their cells: each record's value of each column, in record order, 5,000 at a time.
INSERT INTO "chat_file_columns" ("file_id", "business_id", "position", "first_row", "texts", "numbers")
SELECT r."file_id", r."business_id", (c."ordinality" - 1)::smallint, ((r."row_number" - 1) / 5000) * 5000 + 1,
  array_agg(r."data" ->> (c."value" ->> 'name') ORDER BY r."row_number"),
  CASE WHEN c."value" ->> 'type' IN ('integer', 'number')
    THEN array_agg(CASE WHEN jsonb_typeof(r."data" -> (c."value" ->> 'name')) = 'number' THEN (r."data" ->> (c."value" ->> 'name'))::numeric END ORDER BY r."row_number")
  END
FROM "chat_file_rows" r
JOIN "chat_files" f ON f."id" = r."file_id"
CROSS JOIN LATERAL jsonb_array_elements(f."columns") WITH ORDINALITY AS c("value", "ordinality")
GROUP BY r."file_id", r."business_id", c."ordinality", c."value", (r."row_number" - 1) / 5000;--> statement-breakpoint
DROP TABLE "chat_file_rows" CASCADE;
