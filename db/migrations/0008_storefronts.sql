CREATE TABLE "image_blobs" (
	"image_id" uuid NOT NULL,
	"width" integer NOT NULL,
	"content_type" text NOT NULL,
	"etag" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "image_blobs_image_id_width_pk" PRIMARY KEY("image_id","width")
);
--> statement-breakpoint
CREATE TABLE "product_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_categories_business_name_key" UNIQUE("business_id","name"),
	CONSTRAINT "product_categories_name_trimmed" CHECK ("product_categories"."name" = btrim("product_categories"."name") and "product_categories"."name" <> '')
);
--> statement-breakpoint
CREATE TABLE "product_images" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"business_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"alt" text DEFAULT '' NOT NULL,
	"pending" boolean DEFAULT false NOT NULL,
	"widths" jsonb NOT NULL,
	"original_width" integer NOT NULL,
	"original_height" integer NOT NULL,
	"original_type" text NOT NULL,
	"original_bytes" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_images_position_nonnegative" CHECK ("product_images"."position" >= 0)
);
--> statement-breakpoint
CREATE TABLE "product_revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"business_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"price" numeric(12, 2) NOT NULL,
	"sku" text,
	"category" text,
	"images" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" "product_status" DEFAULT 'draft' NOT NULL,
	"created_by" uuid,
	"edited_by" uuid,
	"submitted_by" uuid,
	"approved_by" uuid,
	"submitted_at" timestamp with time zone,
	"approved_at" timestamp with time zone,
	"rejection_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_revisions_price_nonnegative" CHECK ("product_revisions"."price" >= 0)
);
--> statement-breakpoint
ALTER TABLE "businesses" ADD COLUMN "shop_listed" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "image_blobs" ADD CONSTRAINT "image_blobs_image_id_product_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."product_images"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_categories" ADD CONSTRAINT "product_categories_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_images" ADD CONSTRAINT "product_images_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_images" ADD CONSTRAINT "product_images_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_images" ADD CONSTRAINT "product_images_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_revisions" ADD CONSTRAINT "product_revisions_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_revisions" ADD CONSTRAINT "product_revisions_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_revisions" ADD CONSTRAINT "product_revisions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_revisions" ADD CONSTRAINT "product_revisions_edited_by_users_id_fk" FOREIGN KEY ("edited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_revisions" ADD CONSTRAINT "product_revisions_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_revisions" ADD CONSTRAINT "product_revisions_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_revisions" ADD CONSTRAINT "product_revisions_category_fk" FOREIGN KEY ("business_id","category") REFERENCES "public"."product_categories"("business_id","name") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
CREATE UNIQUE INDEX "product_categories_business_lower_name_unique" ON "product_categories" USING btree ("business_id",lower("name"));--> statement-breakpoint
CREATE INDEX "product_images_product_position_idx" ON "product_images" USING btree ("product_id","position");--> statement-breakpoint
CREATE INDEX "product_images_business_idx" ON "product_images" USING btree ("business_id");--> statement-breakpoint
CREATE INDEX "product_images_created_by_idx" ON "product_images" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "product_revisions_one_open" ON "product_revisions" USING btree ("product_id") WHERE "product_revisions"."status" <> 'approved';--> statement-breakpoint
CREATE INDEX "product_revisions_business_status_idx" ON "product_revisions" USING btree ("business_id","status");--> statement-breakpoint
CREATE INDEX "product_revisions_created_by_idx" ON "product_revisions" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "product_revisions_edited_by_idx" ON "product_revisions" USING btree ("edited_by");--> statement-breakpoint
CREATE INDEX "product_revisions_submitted_by_idx" ON "product_revisions" USING btree ("submitted_by");--> statement-breakpoint
CREATE INDEX "product_revisions_approved_by_idx" ON "product_revisions" USING btree ("approved_by");--> statement-breakpoint
-- Existing free-text categories become each business's managed list: trimmed, empty ones dropped, and
-- spellings that differ only in case folded into the most used one (ties: the first alphabetically).
UPDATE "products" SET "category" = nullif(btrim("category"), '') WHERE "category" IS DISTINCT FROM nullif(btrim("category"), '');--> statement-breakpoint
WITH "spellings" AS (
	SELECT "business_id", "category", lower("category") AS "folded", count(*) AS "uses"
	FROM "products" WHERE "category" IS NOT NULL GROUP BY "business_id", "category"
), "canonical" AS (
	SELECT DISTINCT ON ("business_id", "folded") "business_id", "folded", "category"
	FROM "spellings" ORDER BY "business_id", "folded", "uses" DESC, "category"
)
UPDATE "products" AS p SET "category" = c."category"
FROM "canonical" AS c
WHERE p."business_id" = c."business_id" AND lower(p."category") = c."folded" AND p."category" <> c."category";--> statement-breakpoint
INSERT INTO "product_categories" ("business_id", "name")
SELECT DISTINCT "business_id", "category" FROM "products" WHERE "category" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_category_fk" FOREIGN KEY ("business_id","category") REFERENCES "public"."product_categories"("business_id","name") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "products_business_approved_price_idx" ON "products" USING btree ("business_id","price","id") WHERE "products"."status" = 'approved';--> statement-breakpoint
CREATE INDEX "products_business_approved_created_idx" ON "products" USING btree ("business_id","created_at","id") WHERE "products"."status" = 'approved';--> statement-breakpoint
CREATE INDEX "products_business_approved_category_idx" ON "products" USING btree ("business_id","category","price","stock") WHERE "products"."status" = 'approved';