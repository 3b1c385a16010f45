import "server-only";
import { env } from "@/lib/env";
import { priceOf } from "./prices";

/** The names among `models` that lib/ai/prices.ts cannot price. */
export function unpricedModels(models: readonly string[]): string[] {
  return models.filter((model) => priceOf(model) === null);
}

/**
 * The models a business may choose (ALLOWED_MODELS, set by the operator). Every one must have a price,
 * or a tenant could pick a model whose spend is never counted: an unpriced name throws, naming it,
 * the first time the list is read (startup reads it; see assertModelPolicy).
 */
export function allowedModels(): readonly string[] {
  const models = env().ALLOWED_MODELS;
  const unpriced = unpricedModels(models);
  if (unpriced.length > 0) {
    throw new Error(
      `ALLOWED_MODELS names models without a price in lib/ai/prices.ts: ${unpriced.join(", ")}. ` +
        "Add their prices there or remove them from ALLOWED_MODELS.",
    );
  }
  return models;
}

/** Fails fast when the operator's model policy is unusable; meant for application start. */
export function assertModelPolicy(): void {
  allowedModels();
}
