-- Everyone who edited or submitted a version under review, not only its last editor: none of them may approve it.
ALTER TABLE "product_revisions" ADD COLUMN "editors" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "editors" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
-- The editors known so far are the last editor and the submitter: kept, so a later edit adds to them instead of replacing them.
UPDATE "products" SET "editors" = array(SELECT DISTINCT e FROM unnest(array["edited_by", "submitted_by"]) AS e WHERE e IS NOT NULL)
WHERE "edited_by" IS NOT NULL OR "submitted_by" IS NOT NULL;--> statement-breakpoint
UPDATE "product_revisions" SET "editors" = array(SELECT DISTINCT e FROM unnest(array["edited_by", "submitted_by"]) AS e WHERE e IS NOT NULL)
WHERE "edited_by" IS NOT NULL OR "submitted_by" IS NOT NULL;--> statement-breakpoint
-- SKUs are unique whatever their case ("ABC-1" and "abc-1" are one SKU). Where a business already has one
-- SKU on several products in different cases, the product that keeps it is the live one (approved), else the
-- oldest; each other one gets it with "-DUP-" and the start of its id (its whole id should even that be
-- taken), within the 100 characters a SKU may have, and an entry on its history saying what it was, so the
-- business sees the change and can choose a SKU of its own. Nothing is deleted and no write is refused.
WITH "ranked" AS (
	SELECT "id", "business_id", "name", "sku", "status",
		row_number() OVER (PARTITION BY "business_id", lower("sku") ORDER BY ("status" = 'approved') DESC, "created_at", "id") AS "rank"
	FROM "products" WHERE "sku" IS NOT NULL
), "renamed" AS (
	SELECT r."id", r."business_id", r."name", r."sku" AS "before",
		CASE WHEN EXISTS (
			SELECT 1 FROM "products" q WHERE q."business_id" = r."business_id" AND lower(q."sku") = lower(left(r."sku", 87) || '-DUP-' || left(r."id"::text, 8))
		) THEN left(r."sku", 59) || '-DUP-' || r."id"::text
		ELSE left(r."sku", 87) || '-DUP-' || left(r."id"::text, 8) END AS "after"
	FROM "ranked" r WHERE r."rank" > 1
), "changed" AS (
	UPDATE "products" p SET "sku" = n."after", "updated_at" = now() FROM "renamed" n WHERE p."id" = n."id"
	RETURNING p."id", p."business_id", n."name", n."before", n."after"
)
INSERT INTO "audit_log" ("business_id", "actor_id", "action", "entity_type", "entity_id", "summary")
SELECT "business_id", NULL, 'product.update', 'product', "id"::text, jsonb_build_object(
	'name', "name",
	'changed', jsonb_build_array('sku'),
	'before', jsonb_build_object('sku', "before"),
	'after', jsonb_build_object('sku', "after"),
	'reason', 'SKUs became unique whatever their case, and another product of the business kept this one.'
) FROM "changed";--> statement-breakpoint
DROP INDEX "products_business_sku_unique";--> statement-breakpoint
CREATE UNIQUE INDEX "products_business_lower_sku_unique" ON "products" USING btree ("business_id",lower("sku")) WHERE "products"."sku" is not null;
