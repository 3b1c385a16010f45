import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { countTokens } from "gpt-tokenizer";

/**
 * A small server speaking the OpenAI Chat Completions protocol (JSON and streamed SSE, tool calls,
 * the usage chunk of stream_options.include_usage) that misbehaves on demand. Each request takes
 * the next queued scenario; with an empty queue a `[fake:…]` directive in the last user message
 * picks one (so browser tests can script it through the chat box); otherwise it answers by echo.
 * It also serves `POST …/embeddings` with deterministic vectors in which related words are close
 * (see fakeEmbedding), failing on demand through its own queue or a standing failure.
 */
export type FakeToolCall = { name: string; arguments: unknown; id?: string };
/** `cached_tokens`: the part of prompt_tokens reported as read from the prompt cache (prompt_tokens_details). */
export type FakeUsage = { prompt_tokens: number; completion_tokens: number; cached_tokens?: number };

export type Scenario =
  | { kind: "text"; text?: string; chunks?: string[]; chunkDelayMs?: number; firstTokenDelayMs?: number; usage?: FakeUsage; model?: string }
  | { kind: "tool_calls"; calls: FakeToolCall[]; usage?: FakeUsage }
  | { kind: "error"; status: number; message?: string; retryAfterSeconds?: number }
  /** Sends the chunks, then destroys the socket without [DONE]. */
  | { kind: "cut"; chunks: string[]; chunkDelayMs?: number }
  /** Sends the chunks, then a data line that is not JSON. */
  | { kind: "malformed"; chunks?: string[] }
  /** Sends headers, then waits this long before the first chunk. */
  | { kind: "slow"; firstTokenDelayMs: number; text?: string };

/**
 * What the next embeddings request does instead of answering; "slow" answers after the delay; "held"
 * calls `arrived` and answers once `until` settles (in-process tests only).
 */
export type EmbeddingScenario =
  | { kind: "error"; status: number; message?: string; retryAfterSeconds?: number }
  | { kind: "slow"; delayMs: number }
  | { kind: "held"; arrived?: () => void; until: Promise<unknown> };

export type EmbeddingRequestBody = {
  model: string;
  input: string | string[];
  encoding_format?: "float" | "base64";
  dimensions?: number;
};

export type RecordedEmbeddingRequest = { path: string; authorization: string | null; body: EmbeddingRequestBody };

export type RecordedRequest = {
  path: string;
  authorization: string | null;
  body: ChatRequestBody;
  /** Epoch milliseconds (sub-ms precision) when the first content chunk was written; for latency benchmarks. */
  firstChunkAt?: number;
};

const epochNow = () => performance.timeOrigin + performance.now();

type ChatMessageIn = {
  role: string;
  content?: string | null;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
};
type ChatRequestBody = {
  model: string;
  messages: ChatMessageIn[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  tools?: { type: string; function: { name: string } }[];
  tool_choice?: unknown;
  max_completion_tokens?: number;
};

export type FakeOpenAI = {
  /** e.g. http://127.0.0.1:43210/v1 — what OPENAI_BASE_URL should be. */
  baseURL: string;
  port: number;
  requests: RecordedRequest[];
  /** Embeddings requests, apart from `requests` so chat assertions never count them. */
  embeddingRequests: RecordedEmbeddingRequest[];
  enqueue: (...scenarios: Scenario[]) => void;
  /** Scenarios taken by the next embeddings requests, one each, before any standing failure. */
  enqueueEmbeddings: (...scenarios: EmbeddingScenario[]) => void;
  /** Every embeddings request answers this HTTP status until called with null (or reset). */
  failEmbeddings: (status: number | null) => void;
  reset: () => void;
  close: () => Promise<void>;
};

/** The long answer of the `long` directive: 400 numbered words. */
export const LONG_TEXT = Array.from({ length: 400 }, (_, i) => `word${i + 1}`).join(" ");
/** The answer of the `xss` directive: markup a chat must show as text, never run. */
export const XSS_TEXT =
  'Look: <script>window.__xss = 1</script> <img src="x" onerror="window.__xss = 2"> [link](javascript:window.__xss=3) **bold**';

function words(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [text];
}

function count(text: string): number {
  return countTokens(text, { disallowedSpecial: new Set() });
}

function promptTokensOf(body: ChatRequestBody): number {
  return body.messages.reduce((sum, message) => sum + count(message.content ?? "") + 4, 3);
}

/** A `[fake:name:arg]` directive in a user's message, as every fake model reads it. */
export function directiveIn(message: string): { name: string; arg: string } | null {
  const match = /\[fake:([^\]]+)\]/.exec(message);
  if (!match) return null;
  const [name, ...rest] = match[1]!.split(":");
  return { name: name!, arg: rest.join(":") };
}

/** The tool call a directive asks for (`search:`, `get:`, `purchases`, `propose:id:qty`), the same for every fake model. */
export function toolCallOfDirective(name: string, arg: string): { name: string; arguments: Record<string, unknown> } | null {
  switch (name) {
    case "search":
      return { name: "search_products", arguments: { query: arg } };
    case "get":
      return { name: "get_product", arguments: { productId: arg } };
    case "purchases":
      return { name: "list_my_purchases", arguments: {} };
    case "propose": {
      const [productId, quantity] = arg.split(":");
      return { name: "propose_purchase", arguments: { productId, quantity: Number(quantity) || 1 } };
    }
    default:
      return null;
  }
}

/** Scenarios a user message can ask for, so browser tests can script the model through the UI. */
export function scenarioFromDirective(message: string): Scenario | null {
  const directive = directiveIn(message);
  if (!directive) return null;
  const { name, arg } = directive;
  const call = toolCallOfDirective(name, arg);
  if (call) return { kind: "tool_calls", calls: [call] };
  switch (name) {
    case "429":
      return { kind: "error", status: 429, message: "Rate limit reached", retryAfterSeconds: 0 };
    case "500":
      return { kind: "error", status: 500, message: "The server had an error" };
    case "slow":
      return { kind: "slow", firstTokenDelayMs: Number(arg) || 60_000, text: "Sorry for the wait." };
    case "cut":
      return { kind: "cut", chunks: ["This answer ", "stops ", "half"] };
    case "malformed":
      return { kind: "malformed", chunks: [] };
    case "long":
      return { kind: "text", text: LONG_TEXT, chunkDelayMs: Number(arg) || 40 };
    case "xss":
      return { kind: "text", text: XSS_TEXT };
    default:
      return null;
  }
}

function defaultScenario(body: ChatRequestBody): Scenario {
  const last = body.messages[body.messages.length - 1];
  if (last?.role === "tool") {
    const results = body.messages.filter((m) => m.role === "tool").map((m) => m.content ?? "");
    return { kind: "text", text: `Tool results: ${results.join(" | ")}` };
  }
  const lastUser = [...body.messages].reverse().find((m) => m.role === "user");
  const directive = lastUser ? scenarioFromDirective(lastUser.content ?? "") : null;
  if (directive) return directive;
  return { kind: "text", text: `You said: ${lastUser?.content ?? ""}` };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Words of one meaning share an axis, so "something to sit on in the living room" lands near a
 * settee with no word in common; every other word gets an axis of its own by hash.
 */
const CONCEPTS: readonly (readonly string[])[] = [
  ["sofa", "couch", "settee", "loveseat", "sit", "sitting", "seat", "seating", "armchair", "recliner", "lounge", "living"],
  ["dumbbell", "weight", "workout", "exercise", "gym", "fitness", "kettlebell", "barbell", "training", "strength", "muscle"],
  ["bed", "mattress", "pillow", "sleep", "sleeping", "duvet", "blanket", "nap", "bedroom", "rest"],
  ["pan", "pot", "cook", "cooking", "kitchen", "skillet", "stove", "bake", "baking", "fry", "frying"],
  ["headphone", "earbud", "speaker", "audio", "music", "sound", "listen", "listening", "song"],
  ["lamp", "light", "lighting", "bulb", "lantern", "bright", "dark", "illuminate"],
  ["coffee", "espresso", "tea", "mug", "cup", "drink", "brew", "latte"],
  ["tent", "camping", "camp", "hike", "hiking", "backpack", "outdoor", "trail", "trek"],
  ["jacket", "coat", "sweater", "warm", "winter", "cold", "scarf", "glove"],
  ["umbrella", "rain", "raincoat", "wet", "waterproof", "storm"],
];
const CONCEPT_OF = new Map(CONCEPTS.flatMap((words, axis) => words.map((word) => [word, axis] as const)));
const EMBEDDING_STOP_WORDS = new Set(
  "a an the to on in of for and or with at by from is are be it this that my your our i me you we something anything some any what which do does have has need want looking find show please".split(" "),
);
export const FAKE_EMBEDDING_DIMENSIONS = 256;

function wordAxis(word: string, dimensions: number): number {
  let hash = 2166136261;
  for (const char of word) hash = Math.imul(hash ^ char.codePointAt(0)!, 16777619) >>> 0;
  // Fewer dimensions than concepts (a tiny `dimensions` request) fold onto the ones there are.
  return (CONCEPTS.length + (hash % Math.max(1, dimensions - CONCEPTS.length))) % dimensions;
}

/** The fake's embedding of `text`: a unit vector from concept axes and hashed word axes. */
export function fakeEmbedding(text: string, dimensions = FAKE_EMBEDDING_DIMENSIONS): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const raw of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (EMBEDDING_STOP_WORDS.has(raw)) continue;
    // A crude plural: "dumbbells" means "dumbbell".
    const word = raw.length > 3 && raw.endsWith("s") && !raw.endsWith("ss") ? raw.slice(0, -1) : raw;
    const concept = CONCEPT_OF.get(word) ?? CONCEPT_OF.get(raw);
    const axis = concept !== undefined ? concept % dimensions : wordAxis(word, dimensions);
    vector[axis]! += 1;
  }
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  return norm > 0 ? vector.map((value) => value / norm) : vector;
}

async function answerEmbeddings(body: EmbeddingRequestBody, scenario: EmbeddingScenario | undefined, response: ServerResponse): Promise<void> {
  const inputs = typeof body.input === "string" ? [body.input] : body.input;
  if (!body.model || !Array.isArray(inputs) || inputs.length === 0 || inputs.some((input) => typeof input !== "string")) {
    sendJson(response, 400, { error: { message: "model and input (a string or an array of strings) are required", type: "invalid_request_error" } });
    return;
  }
  if (scenario?.kind === "error") {
    const headers: Record<string, string> = {};
    if (scenario.retryAfterSeconds !== undefined) headers["retry-after"] = String(scenario.retryAfterSeconds);
    const type = scenario.status === 429 ? "rate_limit_error" : "server_error";
    sendJson(response, scenario.status, { error: { message: scenario.message ?? "error", type, code: null } }, headers);
    return;
  }
  if (scenario?.kind === "slow") await sleep(scenario.delayMs);
  if (scenario?.kind === "held") {
    scenario.arrived?.();
    await scenario.until.catch(() => undefined);
  }
  const dimensions = body.dimensions ?? FAKE_EMBEDDING_DIMENSIONS;
  const data = inputs.map((input, index) => {
    const vector = fakeEmbedding(input, dimensions);
    const embedding = body.encoding_format === "base64" ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector;
    return { object: "embedding", index, embedding };
  });
  const tokens = inputs.reduce((sum, input) => sum + count(input), 0);
  sendJson(response, 200, { object: "list", data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function sendJson(response: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(data));
}

let sequence = 0;

async function answer(
  body: ChatRequestBody,
  scenario: Scenario,
  request: IncomingMessage,
  response: ServerResponse,
  record: RecordedRequest,
) {
  const id = `chatcmpl-fake-${++sequence}`;
  const created = Math.floor(Date.now() / 1000);
  const model = (scenario.kind === "text" && scenario.model) || body.model;
  let closed = false;
  request.on("close", () => (closed = true));
  response.on("close", () => (closed = true));

  if (scenario.kind === "error") {
    const headers: Record<string, string> = {};
    if (scenario.retryAfterSeconds !== undefined) headers["retry-after"] = String(scenario.retryAfterSeconds);
    sendJson(
      response,
      scenario.status,
      { error: { message: scenario.message ?? "error", type: scenario.status === 429 ? "rate_limit_error" : "server_error", code: null } },
      headers,
    );
    return;
  }

  const text =
    scenario.kind === "text" ? (scenario.text ?? (scenario.chunks ?? []).join("")) : scenario.kind === "slow" ? (scenario.text ?? "") : "";
  const toolCalls =
    scenario.kind === "tool_calls"
      ? scenario.calls.map((call, index) => ({
          index,
          id: call.id ?? `call_${sequence}_${index}`,
          type: "function" as const,
          function: { name: call.name, arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments) },
        }))
      : [];
  const usageIn = scenario.kind === "text" || scenario.kind === "tool_calls" ? scenario.usage : undefined;
  const usage = {
    prompt_tokens: usageIn?.prompt_tokens ?? promptTokensOf(body),
    completion_tokens: usageIn?.completion_tokens ?? count(text),
  };
  const usageOut = {
    ...usage,
    total_tokens: usage.prompt_tokens + usage.completion_tokens,
    ...(usageIn?.cached_tokens !== undefined ? { prompt_tokens_details: { cached_tokens: usageIn.cached_tokens } } : {}),
  };
  const finishReason = toolCalls.length ? "tool_calls" : "stop";

  if (!body.stream) {
    sendJson(response, 200, {
      id,
      object: "chat.completion",
      created,
      model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: toolCalls.length ? null : text, ...(toolCalls.length ? { tool_calls: toolCalls.map((call) => ({ id: call.id, type: call.type, function: call.function })) } : {}) },
          finish_reason: finishReason,
        },
      ],
      usage: usageOut,
    });
    return;
  }

  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  response.flushHeaders();
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const write = (line: string) => {
    if (!closed) response.write(line);
  };

  if (scenario.kind === "slow") await sleep(scenario.firstTokenDelayMs);
  if (scenario.kind === "text" && scenario.firstTokenDelayMs) await sleep(scenario.firstTokenDelayMs);
  if (closed) return;

  if (scenario.kind === "cut" || scenario.kind === "malformed") {
    write(chunk({ role: "assistant", content: "" }));
    for (const piece of scenario.chunks ?? []) {
      write(chunk({ content: piece }));
      if (scenario.kind === "cut" && scenario.chunkDelayMs) await sleep(scenario.chunkDelayMs);
    }
    if (scenario.kind === "malformed") {
      write("data: {\"id\": \"broken\", \"choices\": [\n\n");
      await sleep(20);
      response.end();
    } else {
      // Let the written chunks reach the client before the connection dies.
      await sleep(20);
      response.destroy();
    }
    return;
  }

  write(chunk({ role: "assistant", content: "" }));
  if (toolCalls.length) {
    for (const call of toolCalls) {
      // Arguments arrive in two pieces, as real streams split them.
      const args = call.function.arguments;
      const half = Math.floor(args.length / 2);
      write(chunk({ tool_calls: [{ index: call.index, id: call.id, type: "function", function: { name: call.function.name, arguments: args.slice(0, half) } }] }));
      write(chunk({ tool_calls: [{ index: call.index, function: { arguments: args.slice(half) } }] }));
    }
  } else {
    const pieces = scenario.kind === "text" && scenario.chunks ? scenario.chunks : words(text);
    const delay = scenario.kind === "text" ? (scenario.chunkDelayMs ?? 0) : 0;
    for (const piece of pieces) {
      if (closed) return;
      record.firstChunkAt ??= epochNow();
      write(chunk({ content: piece }));
      if (delay) await sleep(delay);
    }
  }
  write(chunk({}, finishReason));
  if (body.stream_options?.include_usage) {
    write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [], usage: usageOut })}\n\n`);
  }
  write("data: [DONE]\n\n");
  response.end();
}

export async function startFakeOpenAI(
  options: { port?: number; host?: string; recordRequests?: boolean; onAnswered?: (record: RecordedRequest) => void } = {},
): Promise<FakeOpenAI> {
  const recordRequests = options.recordRequests ?? true;
  const onAnswered = options.onAnswered;
  const queue: Scenario[] = [];
  const requests: RecordedRequest[] = [];
  const embeddingQueue: EmbeddingScenario[] = [];
  const embeddingRequests: RecordedEmbeddingRequest[] = [];
  let embeddingFailure: number | null = null;
  const nextEmbeddingScenario = (inputs: unknown): EmbeddingScenario | undefined => {
    const queued = embeddingQueue.shift();
    if (queued) return queued;
    if (embeddingFailure !== null) return { kind: "error", status: embeddingFailure, message: "The embeddings endpoint is failing" };
    // A browser test can make a question's own embedding fail by writing this in it.
    const texts = typeof inputs === "string" ? [inputs] : Array.isArray(inputs) ? inputs : [];
    if (texts.some((text) => typeof text === "string" && text.includes("[fake:embeddings-500]"))) return { kind: "error", status: 500, message: "The server had an error" };
    return undefined;
  };
  const resetAll = () => {
    queue.length = 0;
    requests.length = 0;
    embeddingQueue.length = 0;
    embeddingRequests.length = 0;
    embeddingFailure = null;
  };
  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? "/", "http://fake");
      const raw = await readBody(request);
      if (url.pathname === "/__fake/script" && request.method === "POST") {
        const parsed = JSON.parse(raw || "{}") as { scenarios?: Scenario[]; embeddings?: EmbeddingScenario[]; embeddingsFailure?: number | null };
        queue.push(...(parsed.scenarios ?? []));
        embeddingQueue.push(...(parsed.embeddings ?? []));
        if (parsed.embeddingsFailure !== undefined) embeddingFailure = parsed.embeddingsFailure;
        return sendJson(response, 200, { queued: queue.length, embeddingsQueued: embeddingQueue.length });
      }
      if (url.pathname === "/__fake/reset" && request.method === "POST") {
        resetAll();
        return sendJson(response, 200, { ok: true });
      }
      if (url.pathname === "/__fake/requests") return sendJson(response, 200, { requests, embeddingRequests });
      if (url.pathname.endsWith("/embeddings") && request.method === "POST") {
        let body: EmbeddingRequestBody;
        try {
          body = JSON.parse(raw) as EmbeddingRequestBody;
        } catch {
          return sendJson(response, 400, { error: { message: "Invalid JSON body" } });
        }
        if (recordRequests) embeddingRequests.push({ path: url.pathname, authorization: request.headers.authorization ?? null, body });
        return answerEmbeddings(body, nextEmbeddingScenario(body?.input), response);
      }
      if (!url.pathname.endsWith("/chat/completions") || request.method !== "POST") {
        return sendJson(response, 404, { error: { message: `No route ${request.method} ${url.pathname}` } });
      }
      let body: ChatRequestBody;
      try {
        body = JSON.parse(raw) as ChatRequestBody;
      } catch {
        return sendJson(response, 400, { error: { message: "Invalid JSON body" } });
      }
      const record: RecordedRequest = { path: url.pathname, authorization: request.headers.authorization ?? null, body };
      if (recordRequests) requests.push(record);
      const scenario = queue.shift() ?? defaultScenario(body);
      await answer(body, scenario, request, response, record);
      onAnswered?.(record);
    })().catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: { message: String(error) } });
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://${options.host ?? "127.0.0.1"}:${port}/v1`,
    port,
    requests,
    embeddingRequests,
    enqueue: (...scenarios) => queue.push(...scenarios),
    enqueueEmbeddings: (...scenarios) => embeddingQueue.push(...scenarios),
    failEmbeddings: (status) => {
      embeddingFailure = status;
    },
    reset: resetAll,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
