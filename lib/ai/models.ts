import "server-only";
import { env, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { MODEL_PROVIDERS, parseModelId, PROVIDER_LABELS, type ModelChoice, type ModelProvider } from "./model-ids";
import { priceOf } from "./prices";

/** The names among `models` (model ids or bare names) that lib/ai/prices.ts cannot price. */
export function unpricedModels(models: readonly string[]): string[] {
  return models.filter((model) => priceOf(parseModelId(model).model) === null);
}

/**
 * The models the operator allows (ALLOWED_MODELS), whether or not their provider has a key. Every one
 * must have a price, or a tenant could pick a model whose spend is never counted: an unpriced name
 * throws, naming it, the first time the list is read (startup reads it; see assertModelPolicy).
 */
export function allowedModels(): readonly ModelChoice[] {
  const models = env().ALLOWED_MODELS;
  const unpriced = unpricedModels(models);
  if (unpriced.length > 0) {
    throw new Error(
      `ALLOWED_MODELS names models without a price in lib/ai/prices.ts: ${unpriced.join(", ")}. ` +
        "Add their prices there or remove them from ALLOWED_MODELS.",
    );
  }
  return models.map(parseModelId);
}

/**
 * Fails fast when the operator's model policy is unusable; meant for application start. Returns the
 * providers that have a key but no allowed model, whose key thus serves nothing (worth a warning).
 */
export function assertModelPolicy(): ModelProvider[] {
  const allowed = allowedModels();
  return MODEL_PROVIDERS.filter((provider) => providerConfigured(provider) && !allowed.some((choice) => choice.provider === provider));
}

/** A provider can answer only with its key. */
export function providerConfigured(provider: ModelProvider, current: Env = env()): boolean {
  return provider === "openai" ? Boolean(current.OPENAI_API_KEY) : Boolean(current.ANTHROPIC_API_KEY);
}

/** What a business or a conversation may choose: the allowed models of the providers that have a key. Empty → the built-in assistant answers. */
export function offeredModels(): readonly ModelChoice[] {
  const current = env();
  return allowedModels().filter((choice) => providerConfigured(choice.provider, current));
}

/** The operator's preferred model of a provider (OPENAI_MODEL, ANTHROPIC_MODEL) when offered, else its first offered one. */
function providerDefault(provider: ModelProvider, offered: readonly ModelChoice[]): ModelChoice | null {
  const current = env();
  const preferred = provider === "openai" ? current.OPENAI_MODEL : current.ANTHROPIC_MODEL;
  const own = offered.filter((choice) => choice.provider === provider);
  return own.find((choice) => choice.model === preferred) ?? own[0] ?? null;
}

/**
 * The model that answers a conversation asking for `requested` (a business's setting, or an API
 * session's choice): itself while offered; else its provider's default while that provider is
 * offered; else the first offered model; null when no provider has a key (the built-in assistant).
 * A choice stored before the operator narrowed the list thus never runs an unlisted model.
 */
export function resolveModel(requested: { id?: string | null; provider?: ModelProvider | null }): ModelChoice | null {
  const offered = offeredModels();
  if (requested.id) {
    const wanted = parseModelId(requested.id);
    const exact = offered.find((choice) => choice.id === wanted.id);
    if (exact) return exact;
  }
  const provider = requested.provider ?? (requested.id ? parseModelId(requested.id).provider : null);
  return (provider ? providerDefault(provider, offered) : null) ?? offered[0] ?? null;
}

/** What an API or widget conversation may ask for in its config. */
export type SessionModelRequest = { aiProvider?: ModelProvider; model?: string };

/**
 * Checks an API or widget session's choice against what is offered and stores it whole
 * (`{aiProvider, model}`): a provider without a key, or a model outside the allow-list, is a 400
 * naming what may be chosen. `model` may be `provider:model` or a bare name of `aiProvider`'s.
 */
export function chooseSessionModel(request: SessionModelRequest): { aiProvider: ModelProvider; model: string } {
  const offered = offeredModels();
  const providers = MODEL_PROVIDERS.filter((provider) => offered.some((choice) => choice.provider === provider));
  const refuse = (field: "aiProvider" | "model", detail: string) => new AppError("invalid_request", detail, { fields: { [`config.${field}`]: [detail] } });
  if (request.aiProvider && !providers.includes(request.aiProvider)) {
    throw refuse(
      "aiProvider",
      providers.length
        ? `${PROVIDER_LABELS[request.aiProvider]} is not available on this server; choose one of: ${providers.join(", ")}.`
        : "No model provider is configured on this server; the built-in assistant answers every conversation.",
    );
  }
  if (request.model === undefined) {
    const choice = request.aiProvider ? providerDefault(request.aiProvider, offered) : null;
    if (!choice) throw refuse("aiProvider", "Name a provider (aiProvider) or a model.");
    return { aiProvider: choice.provider, model: choice.model };
  }
  const named = request.model.includes(":") && !request.aiProvider ? parseModelId(request.model) : null;
  const provider = named?.provider ?? request.aiProvider;
  const model = named?.model ?? (request.aiProvider && request.model.startsWith(`${request.aiProvider}:`) ? request.model.slice(request.aiProvider.length + 1) : request.model);
  const matches = offered.filter((choice) => choice.model === model && (!provider || choice.provider === provider));
  if (matches.length !== 1) {
    throw refuse(
      "model",
      offered.length
        ? `Model must be one of: ${offered.map((choice) => choice.id).join(", ")}.`
        : "No model provider is configured on this server; the built-in assistant answers every conversation.",
    );
  }
  return { aiProvider: matches[0]!.provider, model: matches[0]!.model };
}
