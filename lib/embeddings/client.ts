import "server-only";
import OpenAI from "openai";
import { env } from "@/lib/env";

export type EmbeddingSettings = {
  apiKey: string;
  baseURL?: string;
  model: string;
  dimensions?: number;
  batchSize: number;
  /** Per request while products are embedded in the background. */
  requestTimeoutMs: number;
  /** Per request while a shopper waits for an answer. */
  queryTimeoutMs: number;
  minSimilarity: number;
};

/** Semantic search's configuration, or null when it is off (no model endpoint, or switched off). */
export function embeddingSettings(): EmbeddingSettings | null {
  const current = env();
  if (!current.OPENAI_API_KEY || !current.EMBEDDINGS_ENABLED) return null;
  return {
    apiKey: current.OPENAI_API_KEY,
    baseURL: current.OPENAI_BASE_URL,
    model: current.EMBEDDINGS_MODEL,
    dimensions: current.EMBEDDINGS_DIMENSIONS,
    batchSize: current.EMBEDDINGS_BATCH_SIZE,
    requestTimeoutMs: current.OPENAI_TIMEOUT_MS,
    queryTimeoutMs: current.EMBEDDINGS_QUERY_TIMEOUT_MS,
    minSimilarity: current.EMBEDDINGS_MIN_SIMILARITY,
  };
}

/** Why an embeddings call failed; `retryable` says whether the same call may succeed later. */
export class EmbeddingError extends Error {
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(
    message: string,
    readonly retryable: boolean,
    options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "EmbeddingError";
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

const globalForClient = globalThis as unknown as { __embeddingsClient?: { key: string; client: OpenAI } };

function clientFor(settings: EmbeddingSettings): OpenAI {
  const key = JSON.stringify([settings.apiKey, settings.baseURL]);
  if (globalForClient.__embeddingsClient?.key !== key) {
    // Retries are ours (lib/embeddings/sync.ts): a shopper's question gets none, a background batch a few.
    const client = new OpenAI({ apiKey: settings.apiKey, baseURL: settings.baseURL, maxRetries: 0 });
    globalForClient.__embeddingsClient = { key, client };
  }
  return globalForClient.__embeddingsClient.client;
}

function retryAfterMs(error: InstanceType<typeof OpenAI.APIError>): number | undefined {
  const seconds = Number(error.headers?.get("retry-after"));
  return error.headers?.has("retry-after") && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function toEmbeddingError(error: unknown, timeoutMs: number): EmbeddingError {
  if (error instanceof EmbeddingError) return error;
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new EmbeddingError(`The embeddings endpoint did not answer within ${timeoutMs} ms.`, true, { cause: error });
  }
  if (error instanceof OpenAI.APIError && typeof error.status === "number") {
    const status = error.status;
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    return new EmbeddingError(`The embeddings endpoint answered HTTP ${status}.`, retryable, { status, retryAfterMs: retryAfterMs(error), cause: error });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new EmbeddingError("The embeddings endpoint could not be reached.", true, { cause: error });
  }
  if (error instanceof Error && error.name === "AbortError") {
    return new EmbeddingError("The embeddings request was cancelled.", false, { cause: error });
  }
  return new EmbeddingError("The embeddings endpoint's answer could not be read.", false, { cause: error });
}

/**
 * One embeddings request (OpenAI protocol) for `inputs`, vectors back in input order. Throws
 * EmbeddingError for a failed call or an answer that is not one finite vector of one size per input.
 */
export async function createEmbeddings(
  settings: EmbeddingSettings,
  input: { texts: string[]; timeoutMs: number; signal?: AbortSignal },
): Promise<number[][]> {
  let response: OpenAI.Embeddings.CreateEmbeddingResponse;
  try {
    response = await clientFor(settings).embeddings.create(
      {
        model: settings.model,
        input: input.texts,
        // Floats, not the SDK's default base64: any OpenAI-compatible server can answer them.
        encoding_format: "float",
        ...(settings.dimensions ? { dimensions: settings.dimensions } : {}),
      },
      { timeout: input.timeoutMs, signal: input.signal },
    );
  } catch (error) {
    throw toEmbeddingError(error, input.timeoutMs);
  }
  const vectors: (number[] | undefined)[] = Array.from({ length: input.texts.length }, () => undefined);
  for (const item of response?.data ?? []) {
    const index = item?.index;
    if (!Number.isInteger(index) || index < 0 || index >= vectors.length) continue;
    vectors[index] = item.embedding;
  }
  const size = vectors[0]?.length ?? 0;
  const wellFormed =
    size > 0 &&
    vectors.every((vector) => Array.isArray(vector) && vector.length === size && vector.every((value) => typeof value === "number" && Number.isFinite(value)));
  if (!wellFormed) throw new EmbeddingError("The embeddings endpoint answered without one vector per input.", false);
  return vectors as number[][];
}
