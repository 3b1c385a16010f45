-- A conversation's message count kept on its row, so a history page reads it instead of counting.
ALTER TABLE "chat_sessions" ADD COLUMN "message_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "chat_sessions" s SET "message_count" = c."n"
FROM (SELECT "session_id", count(*)::integer AS "n" FROM "chat_messages" GROUP BY "session_id") c
WHERE s."id" = c."session_id";--> statement-breakpoint
-- Per statement, not per row: a statement writing many messages updates each conversation once. Every
-- writer of chat_messages is counted, whichever code path it takes.
CREATE FUNCTION "chat_sessions_count_inserted_messages"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "chat_sessions" s SET "message_count" = s."message_count" + c."n"
  FROM (SELECT "session_id", count(*)::integer AS "n" FROM "inserted_messages" GROUP BY "session_id") c
  WHERE s."id" = c."session_id";
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION "chat_sessions_count_deleted_messages"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "chat_sessions" s SET "message_count" = s."message_count" - c."n"
  FROM (SELECT "session_id", count(*)::integer AS "n" FROM "deleted_messages" GROUP BY "session_id") c
  WHERE s."id" = c."session_id";
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "chat_messages_count_inserted" AFTER INSERT ON "chat_messages"
  REFERENCING NEW TABLE AS "inserted_messages" FOR EACH STATEMENT EXECUTE FUNCTION "chat_sessions_count_inserted_messages"();--> statement-breakpoint
CREATE TRIGGER "chat_messages_count_deleted" AFTER DELETE ON "chat_messages"
  REFERENCING OLD TABLE AS "deleted_messages" FOR EACH STATEMENT EXECUTE FUNCTION "chat_sessions_count_deleted_messages"();
