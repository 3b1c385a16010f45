import { z } from "zod";
import type { ErrorCode, FieldErrors } from "@/lib/errors";
import { internalListQuerySchema, type ProductDto } from "./schemas";
import { BULK_MAX_IDS, NAME_MAX, REASON_MAX, SKU_MAX } from "./vocabulary";

/** The catalog tools' contracts (bulk actions, export, duplicate warning), shared by the server and the browser. */

export const BULK_ACTIONS = ["submit", "approve", "reject", "delete"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

const ids = z
  .array(z.uuid("Each id must be a product id."), { error: "ids must be a list of product ids." })
  .min(1, "Select at least one product.")
  .max(BULK_MAX_IDS, `At most ${BULK_MAX_IDS} products can be changed at once.`)
  .refine((list) => new Set(list.map((id) => id.toLowerCase())).size === list.length, "Each product may be listed only once.");

const reason = z
  .string({ error: "A reason is required to reject." })
  .trim()
  .min(1, "A reason is required to reject.")
  .max(REASON_MAX, `The reason must be at most ${REASON_MAX} characters.`);

/**
 * The version of each product the reviewer decided on, by id (ListedProductDto's reviewVersion): a
 * product changed since is refused (409 conflict) and left as it is. A product given none is decided as it is.
 */
const versions = z
  .record(
    z.uuid("versions must map product ids to versions."),
    z.string({ error: "Each version must be the version of the product you reviewed." }).min(1).max(64, "Each version must be the version of the product you reviewed."),
    { error: "versions must map product ids to versions." },
  )
  .optional();

/** One action for up to 100 products; a rejection carries one reason for all of them. */
export const bulkActionSchema = z.discriminatedUnion(
  "action",
  [
    z.object({ action: z.literal("submit"), ids }).strict(),
    z.object({ action: z.literal("approve"), ids, versions }).strict(),
    z.object({ action: z.literal("reject"), ids, reason, versions }).strict(),
    z.object({ action: z.literal("delete"), ids }).strict(),
  ],
  { error: `action must be one of ${BULK_ACTIONS.join(", ")}.` },
);

export type BulkActionInput = z.infer<typeof bulkActionSchema>;

/** One product's outcome, in the order the ids were given; a refusal carries the error the single action would answer. */
export type BulkResultItem = { id: string; ok: true } | { id: string; ok: false; error: { code: ErrorCode; message: string } };
export type BulkResponse = { results: BulkResultItem[] };

/** The staff list's filters and order, without paging: the view an export writes out. */
export const exportQuerySchema = internalListQuerySchema
  .omit({ page: true, pageSize: true })
  .extend({ format: z.literal("csv", { error: "format must be csv." }).default("csv") });

export type ExportQuery = z.infer<typeof exportQuerySchema>;

export const duplicatesQuerySchema = z
  .object({
    name: z.string().trim().max(NAME_MAX, `name must be at most ${NAME_MAX} characters.`).optional(),
    sku: z.string().trim().max(SKU_MAX, `sku must be at most ${SKU_MAX} characters.`).optional(),
    // Any text: the product being edited, when it is one (a malformed id excludes nothing).
    excludeId: z.string().trim().max(100).optional(),
  })
  .refine((query) => Boolean(query.name || query.sku), { message: "Give a name or a sku to look for.", path: ["name"] });

export type DuplicatesQuery = z.infer<typeof duplicatesQuerySchema>;

export type DuplicateMatch = { id: string; name: string; sku: string | null; status: ProductDto["status"]; matchedBy: "name" | "sku" };
export type DuplicatesResponse = { results: DuplicateMatch[] };

/** An import's report: the drafts created (ids in file order), the categories the file introduced, the rows refused. */
export type ImportRowError = { row: number; fields: FieldErrors };
export type ImportResult = { created: number; ids: string[]; createdCategories: string[]; errors: ImportRowError[] };
