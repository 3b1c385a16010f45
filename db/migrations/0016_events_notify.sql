-- Every statement that stores events announces their ids on "app_events" itself (one NOTIFY per
-- statement, delivered on commit), so a writer sends its events in one statement instead of two.
CREATE FUNCTION "events_announce_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  "ids" text;
BEGIN
  SELECT string_agg("id"::text, ',' ORDER BY "id") INTO "ids" FROM "inserted_events";
  IF "ids" IS NOT NULL THEN
    PERFORM pg_notify('app_events', "ids");
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "events_announce_inserted" AFTER INSERT ON "events"
  REFERENCING NEW TABLE AS "inserted_events" FOR EACH STATEMENT EXECUTE FUNCTION "events_announce_inserted"();
