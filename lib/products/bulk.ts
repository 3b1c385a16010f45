import "server-only";
import type { Action, Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { RequestContext } from "@/lib/request-context";
import { approveProduct, deleteProduct, rejectProduct, submitProduct } from "./service";
import type { BulkAction, BulkActionInput, BulkResponse, BulkResultItem } from "./tools-schemas";

const PERMISSION: Record<BulkAction, Action> = {
  submit: "product:submit",
  approve: "product:approve",
  reject: "product:reject",
  delete: "product:delete",
};

/** The version given for a product, whatever case its id was written in. */
function versionOf(versions: Record<string, string> | undefined, productId: string): string | undefined {
  if (!versions) return undefined;
  return versions[productId] ?? Object.entries(versions).find(([id]) => id.toLowerCase() === productId.toLowerCase())?.[1];
}

/** The single-product use case each bulk action repeats; each runs (and audits) in its own transaction. */
function runOne(actor: Actor, input: BulkActionInput, productId: string, ctx: RequestContext): Promise<unknown> {
  switch (input.action) {
    case "submit":
      return submitProduct(actor, { productId }, ctx);
    case "approve":
      return approveProduct(actor, { productId, version: versionOf(input.versions, productId) }, ctx);
    case "reject":
      return rejectProduct(actor, { productId, reason: input.reason, version: versionOf(input.versions, productId) }, ctx);
    case "delete":
      return deleteProduct(actor, { productId }, ctx);
  }
}

/**
 * The action's permission (403 for the whole request when the role has none of it). Then one product
 * at a time, each in its own transaction with its own audit entry, so a refusal (separation of duties,
 * wrong status, not found) never undoes the others: results come back in the order of `ids`.
 */
export async function runBulkAction(actor: Actor, input: BulkActionInput, ctx: RequestContext = {}): Promise<BulkResponse> {
  assertCan(actor, PERMISSION[input.action]);
  const results: BulkResultItem[] = [];
  for (const id of input.ids) {
    try {
      await runOne(actor, input, id, ctx);
      results.push({ id, ok: true });
    } catch (error) {
      if (error instanceof AppError) {
        results.push({ id, ok: false, error: { code: error.code, message: error.detail } });
        continue;
      }
      // The products before this one are done and stay done: report this one and go on.
      logger().error({ err: error, requestId: ctx.requestId, productId: id, action: input.action }, "bulk product action failed");
      results.push({ id, ok: false, error: { code: "internal_error", message: "Something went wrong with this product. Try it again." } });
    }
  }
  return { results };
}
