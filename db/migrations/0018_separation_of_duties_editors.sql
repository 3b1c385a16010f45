-- Everyone who edited or submitted a version under review, not only its last editor: none of them may approve it.
ALTER TABLE "product_revisions" ADD COLUMN "editors" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "editors" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
-- The editors known so far are the last editor and the submitter: kept, so a later edit adds to them instead of replacing them.
UPDATE "products" SET "editors" = array(SELECT DISTINCT e FROM unnest(array["edited_by", "submitted_by"]) AS e WHERE e IS NOT NULL)
WHERE "edited_by" IS NOT NULL OR "submitted_by" IS NOT NULL;--> statement-breakpoint
UPDATE "product_revisions" SET "editors" = array(SELECT DISTINCT e FROM unnest(array["edited_by", "submitted_by"]) AS e WHERE e IS NOT NULL)
WHERE "edited_by" IS NOT NULL OR "submitted_by" IS NOT NULL;
