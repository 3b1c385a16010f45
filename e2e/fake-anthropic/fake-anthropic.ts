import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { countTokens } from "gpt-tokenizer";
import { directiveIn, LONG_TEXT, toolCallOfDirective, XSS_TEXT } from "../fake-openai/fake-openai";

/**
 * A small server speaking the Anthropic Messages API (`POST /v1/messages`, JSON and streamed SSE
 * with named events, tool_use blocks, the mid-stream `error` event) that misbehaves on demand.
 * Each request takes the next queued scenario; with an empty queue a `[fake:…]` directive in the
 * last user message picks one (so browser tests can script it through the chat box); otherwise it
 * answers by echo, with a prefix other than the OpenAI fake's so a test can tell which one answered.
 * It validates requests where the real API would refuse them cheaply (alternating roles, tool
 * blocks without tools, unpaired tool_use/tool_result), so a provider bug fails here, not in prod.
 */
export type AnthropicUsage = { input_tokens: number; output_tokens: number };
export type AnthropicToolCall = { name: string; input: unknown; id?: string };

export type AnthropicScenario =
  | { kind: "text"; text?: string; chunks?: string[]; chunkDelayMs?: number; firstTokenDelayMs?: number; usage?: AnthropicUsage; model?: string }
  /** Optional text block first, then one tool_use block per call; stop_reason "tool_use". */
  | { kind: "tool_use"; calls: AnthropicToolCall[]; text?: string; usage?: AnthropicUsage }
  /** An HTTP error before any event: 429 rate_limit_error (optional retry-after), 529 overloaded_error, 500 api_error, 400 invalid_request_error… with Anthropic's JSON error body {type:"error", error:{type, message}}. */
  | { kind: "error"; status: number; message?: string; retryAfterSeconds?: number }
  /** 200 and the stream starts, these text chunks, then an `event: error` (default overloaded_error). Non-streaming: the matching HTTP error. */
  | { kind: "stream_error"; chunks?: string[]; errorType?: string }
  /** Sends the chunks, then destroys the socket with no message_stop. Non-streaming: destroys it before any answer. */
  | { kind: "cut"; chunks: string[]; chunkDelayMs?: number }
  /** Sends headers (200, text/event-stream), then waits before the first event. Non-streaming: waits, then answers. */
  | { kind: "slow"; firstTokenDelayMs: number; text?: string };

/** A content block as a request may carry it; loose on purpose, the validation below checks it. */
export type AnthropicContentBlockParam = {
  type: string;
  text?: string;
  /** tool_use */
  id?: string;
  name?: string;
  input?: unknown;
  /** tool_result */
  tool_use_id?: string;
  content?: string | AnthropicContentBlockParam[];
  is_error?: boolean;
  [key: string]: unknown;
};
export type AnthropicMessageParam = { role: string; content: string | AnthropicContentBlockParam[] };
export type AnthropicRequestBody = {
  model: string;
  max_tokens: number;
  messages: AnthropicMessageParam[];
  system?: string | { type: "text"; text: string }[];
  stream?: boolean;
  tools?: { name: string; description?: string; input_schema?: unknown }[];
  tool_choice?: unknown;
  [key: string]: unknown;
};

export type RecordedAnthropicRequest = {
  path: string;
  /**
   * The key the client sent: the x-api-key header, else the token of `Authorization: Bearer …`
   * (SDK 1.x sends its apiKey that way, not as x-api-key).
   */
  apiKey: string | null;
  /** The anthropic-version header. */
  version: string | null;
  body: AnthropicRequestBody;
  /** Epoch milliseconds (sub-ms precision) when the first content delta was written; for latency benchmarks. */
  firstChunkAt?: number;
};

export type FakeAnthropic = {
  /** e.g. http://127.0.0.1:43210 — what ANTHROPIC_BASE_URL should be (no /v1: the SDK adds `/v1/messages`). */
  baseURL: string;
  port: number;
  requests: RecordedAnthropicRequest[];
  enqueue: (...scenarios: AnthropicScenario[]) => void;
  reset: () => void;
  close: () => Promise<void>;
};

const epochNow = () => performance.timeOrigin + performance.now();


function words(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [text];
}

function count(text: string): number {
  return countTokens(text, { disallowedSpecial: new Set() });
}

function toolResultText(block: AnthropicContentBlockParam): string {
  const content = block.content;
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((inner) => (inner.type === "text" && typeof inner.text === "string" ? inner.text : "")).join("");
}

/** The text a block puts before the model, for token counts and for the default answers. */
function blockText(block: AnthropicContentBlockParam): string {
  switch (block.type) {
    case "text":
      return block.text ?? "";
    case "tool_use":
      return `${block.name ?? ""} ${JSON.stringify(block.input ?? {})}`;
    case "tool_result":
      return toolResultText(block);
    default:
      return "";
  }
}

function blocksOf(message: AnthropicMessageParam): AnthropicContentBlockParam[] {
  return typeof message.content === "string" ? [{ type: "text", text: message.content }] : message.content;
}

function textOf(message: AnthropicMessageParam): string {
  return blocksOf(message)
    .filter((block) => block.type === "text")
    .map((block) => block.text ?? "")
    .join("\n");
}

function systemText(system: AnthropicRequestBody["system"]): string {
  if (typeof system === "string") return system;
  return (system ?? []).map((block) => block.text).join("\n");
}

function inputTokensOf(body: AnthropicRequestBody): number {
  const messages = body.messages.reduce((sum, message) => sum + blocksOf(message).reduce((s, block) => s + count(blockText(block)), 0) + 4, 0);
  return count(systemText(body.system)) + messages + 3;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Why the real API would answer 400 invalid_request_error, or null. Messages follow the real
 * API's where they are known, so a provider's error mapping sees the same shape.
 */
export function invalidRequestReason(body: unknown): string | null {
  if (!isObject(body)) return "Request body must be a JSON object";
  if (typeof body.model !== "string" || !body.model) return "model: Field required";
  if (body.max_tokens === undefined) return "max_tokens: Field required";
  if (typeof body.max_tokens !== "number" || !Number.isInteger(body.max_tokens)) return "max_tokens: Input should be a valid integer";
  if (body.max_tokens < 1) return "max_tokens: Input should be greater than or equal to 1";
  if (body.stream !== undefined && typeof body.stream !== "boolean") return "stream: Input should be a valid boolean";
  if (body.system !== undefined) {
    const validSystem =
      typeof body.system === "string" ||
      (Array.isArray(body.system) && body.system.every((block) => isObject(block) && block.type === "text" && typeof block.text === "string"));
    if (!validSystem) return "system: Input should be a valid string or a list of text blocks";
  }
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) return "tools: Input should be a valid list";
    const bad = body.tools.findIndex((tool) => !isObject(tool) || typeof tool.name !== "string" || !tool.name);
    if (bad !== -1) return `tools.${bad}.name: Field required`;
  }
  if (body.messages === undefined) return "messages: Field required";
  if (!Array.isArray(body.messages)) return "messages: Input should be a valid list";
  if (body.messages.length === 0) return "messages: at least one message is required";

  const messages: unknown[] = body.messages;
  let hasToolBlocks = false;
  let pendingToolUseIds: string[] = [];
  for (const [i, message] of messages.entries()) {
    if (!isObject(message)) return `messages.${i}: Input should be a valid dictionary`;
    const role = message.role;
    if (role !== "user" && role !== "assistant") return `messages.${i}.role: Input should be 'user' or 'assistant'`;
    if (i === 0 && role !== "user") return 'messages: first message must use the "user" role';
    if (i > 0 && (messages[i - 1] as Record<string, unknown>).role === role) {
      return `messages: roles must alternate between "user" and "assistant", but found multiple "${role}" roles in a row`;
    }
    const content = message.content;
    if (typeof content !== "string" && !Array.isArray(content)) return `messages.${i}.content: Input should be a valid string or list`;
    const finalAssistant = i === messages.length - 1 && role === "assistant";
    if (content.length === 0 && !finalAssistant) {
      return `messages.${i}: all messages must have non-empty content except for the optional final assistant message`;
    }
    if (finalAssistant && typeof content === "string" && /\s$/.test(content)) return "final assistant content cannot end with trailing whitespace";
    const blocks: unknown[] = typeof content === "string" ? [] : content;
    const toolUseIds: string[] = [];
    const toolResultIds: string[] = [];
    for (const [j, block] of blocks.entries()) {
      const where = `messages.${i}.content.${j}`;
      if (!isObject(block) || typeof block.type !== "string") return `${where}.type: Field required`;
      if (block.type === "text" && typeof block.text !== "string") return `${where}.text: Field required`;
      if (block.type === "tool_use") {
        hasToolBlocks = true;
        if (role !== "assistant") return `${where}: tool_use blocks may only appear in assistant messages`;
        if (typeof block.id !== "string" || typeof block.name !== "string") return `${where}: tool_use blocks need an id and a name`;
        if (!isObject(block.input)) return `${where}.input: Input should be a valid dictionary`;
        toolUseIds.push(block.id);
      }
      if (block.type === "tool_result") {
        hasToolBlocks = true;
        if (role !== "user") return `${where}: tool_result blocks may only appear in user messages`;
        if (typeof block.tool_use_id !== "string") return `${where}.tool_use_id: Field required`;
        if (!pendingToolUseIds.includes(block.tool_use_id)) {
          return `${where}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${block.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
        }
        toolResultIds.push(block.tool_use_id);
      }
    }
    // Every tool_use must be answered by a tool_result in the very next message.
    const unanswered = pendingToolUseIds.filter((id) => !toolResultIds.includes(id));
    if (unanswered.length) {
      return `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${unanswered.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
    pendingToolUseIds = toolUseIds;
  }
  if (pendingToolUseIds.length) {
    return `messages.${messages.length - 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${pendingToolUseIds.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
  }
  if (hasToolBlocks && (!Array.isArray(body.tools) || body.tools.length === 0)) {
    return "Requests which include `tool_use` or `tool_result` blocks must define tools.";
  }
  return null;
}

/** Scenarios a user message can ask for, so browser tests can script the model through the UI (the OpenAI fake's directives, plus `529` and `stream-error`). */
export function scenarioFromDirective(message: string): AnthropicScenario | null {
  const directive = directiveIn(message);
  if (!directive) return null;
  const { name, arg } = directive;
  const call = toolCallOfDirective(name, arg);
  if (call) return { kind: "tool_use", calls: [{ name: call.name, input: call.arguments }] };
  switch (name) {
    case "429":
      return { kind: "error", status: 429, message: "Number of request tokens has exceeded your per-minute rate limit", retryAfterSeconds: 0 };
    case "529":
      return { kind: "error", status: 529, message: "Overloaded" };
    case "500":
      return { kind: "error", status: 500, message: "Internal server error" };
    case "slow":
      return { kind: "slow", firstTokenDelayMs: Number(arg) || 60_000, text: "Sorry for the wait." };
    case "cut":
      return { kind: "cut", chunks: ["This answer ", "stops ", "half"] };
    case "stream-error":
      return { kind: "stream_error", chunks: ["This answer ", "breaks ", "off"] };
    case "long":
      return { kind: "text", text: LONG_TEXT, chunkDelayMs: Number(arg) || 40 };
    case "xss":
      return { kind: "text", text: XSS_TEXT };
    default:
      return null;
  }
}

function defaultScenario(body: AnthropicRequestBody): AnthropicScenario {
  const lastUser = [...body.messages].reverse().find((m) => m.role === "user");
  if (lastUser && blocksOf(lastUser).some((block) => block.type === "tool_result")) {
    // Every result of the conversation, in order, as the OpenAI fake does with its tool messages.
    const results = body.messages.flatMap((m) => blocksOf(m).filter((block) => block.type === "tool_result").map(toolResultText));
    return { kind: "text", text: `Tool results: ${results.join(" | ")}` };
  }
  const text = lastUser ? textOf(lastUser) : "";
  return scenarioFromDirective(text) ?? { kind: "text", text: `Claude heard: ${text}` };
}

/** Resolves after `ms`, or as soon as the client is gone, so no timer outlives its request. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};
const errorTypeOf = (status: number) => ERROR_TYPES[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
const STATUS_OF_ERROR_TYPE: Record<string, number> = Object.fromEntries(Object.entries(ERROR_TYPES).map(([status, type]) => [type, Number(status)]));
const DEFAULT_ERROR_MESSAGES: Record<string, string> = {
  rate_limit_error: "Number of request tokens has exceeded your per-minute rate limit",
  overloaded_error: "Overloaded",
  api_error: "Internal server error",
};

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

/** Anthropic's error body; the SDK reads `error.type` and `error.message` from it. */
function sendError(response: ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}) {
  const requestId = `req_fake_${++sequence}`;
  sendJson(response, status, { type: "error", error: { type, message }, request_id: requestId }, { "request-id": requestId, ...headers });
}

async function answer(body: AnthropicRequestBody, scenario: AnthropicScenario, response: ServerResponse, record: RecordedAnthropicRequest) {
  const n = ++sequence;
  const id = `msg_fake_${n}`;
  const requestId = `req_fake_${n}`;
  const model = (scenario.kind === "text" && scenario.model) || body.model;
  // A ServerResponse closes when it finishes or when the client goes away; either way stop writing.
  const gone = new AbortController();
  response.on("close", () => gone.abort());
  const closed = () => gone.signal.aborted || response.writableEnded;

  if (scenario.kind === "error") {
    const headers: Record<string, string> = {};
    if (scenario.retryAfterSeconds !== undefined) headers["retry-after"] = String(scenario.retryAfterSeconds);
    const type = errorTypeOf(scenario.status);
    sendError(response, scenario.status, type, scenario.message ?? DEFAULT_ERROR_MESSAGES[type] ?? "error", headers);
    return;
  }

  const errorType = scenario.kind === "stream_error" ? (scenario.errorType ?? "overloaded_error") : "";
  const errorMessage = DEFAULT_ERROR_MESSAGES[errorType] ?? "error";
  if (!body.stream) {
    if (scenario.kind === "cut") {
      response.destroy();
      return;
    }
    if (scenario.kind === "stream_error") {
      sendError(response, STATUS_OF_ERROR_TYPE[errorType] ?? 500, errorType, errorMessage);
      return;
    }
  }

  const text =
    scenario.kind === "text"
      ? (scenario.text ?? (scenario.chunks ?? []).join(""))
      : scenario.kind === "slow" || scenario.kind === "tool_use"
        ? (scenario.text ?? "")
        : "";
  const toolUses =
    scenario.kind === "tool_use"
      ? scenario.calls.map((call, index) => {
          // A string input goes out as is, so a test can send JSON the provider must cope with.
          const json = typeof call.input === "string" ? call.input : JSON.stringify(call.input ?? {});
          let input: unknown = call.input;
          if (typeof call.input === "string") {
            try {
              input = JSON.parse(call.input);
            } catch {
              input = call.input;
            }
          }
          return { id: call.id ?? `toolu_fake_${n}_${index}`, name: call.name, json, input };
        })
      : [];
  const usageIn = scenario.kind === "text" || scenario.kind === "tool_use" ? scenario.usage : undefined;
  const usage = {
    input_tokens: usageIn?.input_tokens ?? inputTokensOf(body),
    output_tokens: usageIn?.output_tokens ?? count(text) + toolUses.reduce((sum, call) => sum + count(call.json), 0),
  };
  const stopReason = toolUses.length ? "tool_use" : "end_turn";
  const firstDelay = scenario.kind === "slow" ? scenario.firstTokenDelayMs : scenario.kind === "text" ? (scenario.firstTokenDelayMs ?? 0) : 0;

  if (!body.stream) {
    if (firstDelay) await sleep(firstDelay, gone.signal);
    if (closed()) return;
    const content = [
      // A tool_use answer carries a text block only when there is text, as the real API does.
      ...(text || !toolUses.length ? [{ type: "text", text }] : []),
      ...toolUses.map((call) => ({ type: "tool_use", id: call.id, name: call.name, input: call.input })),
    ];
    sendJson(
      response,
      200,
      {
        id,
        type: "message",
        role: "assistant",
        model,
        content,
        stop_reason: stopReason,
        stop_sequence: null,
        usage: { input_tokens: usage.input_tokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: usage.output_tokens },
      },
      { "request-id": requestId },
    );
    return;
  }

  response.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive", "request-id": requestId });
  response.flushHeaders();
  const event = (type: string, data: Record<string, unknown> = {}) => {
    if (!closed()) response.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  };
  const textDelta = (index: number, piece: string) => {
    record.firstChunkAt ??= epochNow();
    event("content_block_delta", { index, delta: { type: "text_delta", text: piece } });
  };

  if (firstDelay) await sleep(firstDelay, gone.signal);
  if (closed()) return;

  event("message_start", {
    message: {
      id,
      type: "message",
      role: "assistant",
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: usage.input_tokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
    },
  });
  event("ping");

  if (scenario.kind === "cut" || scenario.kind === "stream_error") {
    event("content_block_start", { index: 0, content_block: { type: "text", text: "" } });
    for (const piece of scenario.chunks ?? []) {
      if (closed()) return;
      textDelta(0, piece);
      if (scenario.kind === "cut" && scenario.chunkDelayMs) await sleep(scenario.chunkDelayMs, gone.signal);
    }
    if (scenario.kind === "stream_error") {
      // What the API sends when it fails after the 200: an `error` event, then the stream ends.
      event("error", { error: { type: errorType, message: errorMessage } });
      if (!closed()) response.end();
    } else {
      // Let the written events reach the client before the connection dies mid-body.
      await sleep(20, gone.signal);
      response.destroy();
    }
    return;
  }

  let index = 0;
  if (text || !toolUses.length) {
    event("content_block_start", { index, content_block: { type: "text", text: "" } });
    const pieces = scenario.kind === "text" && scenario.chunks ? scenario.chunks : text ? words(text) : [];
    const delay = scenario.kind === "text" ? (scenario.chunkDelayMs ?? 0) : 0;
    for (const piece of pieces) {
      if (closed()) return;
      textDelta(index, piece);
      if (delay) await sleep(delay, gone.signal);
    }
    event("content_block_stop", { index });
    index++;
  }
  for (const call of toolUses) {
    // The input starts empty and arrives as partial JSON in two pieces, as real streams split it.
    event("content_block_start", { index, content_block: { type: "tool_use", id: call.id, name: call.name, input: {} } });
    const half = Math.floor(call.json.length / 2);
    record.firstChunkAt ??= epochNow();
    event("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: call.json.slice(0, half) } });
    event("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: call.json.slice(half) } });
    event("content_block_stop", { index });
    index++;
  }
  // Only output_tokens here: a provider must take input_tokens from message_start.
  event("message_delta", { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
  event("message_stop");
  if (!closed()) response.end();
}

export async function startFakeAnthropic(
  options: { port?: number; host?: string; recordRequests?: boolean; onAnswered?: (record: RecordedAnthropicRequest) => void } = {},
): Promise<FakeAnthropic> {
  const recordRequests = options.recordRequests ?? true;
  const onAnswered = options.onAnswered;
  const queue: AnthropicScenario[] = [];
  const requests: RecordedAnthropicRequest[] = [];
  const resetAll = () => {
    queue.length = 0;
    requests.length = 0;
  };
  const server: Server = createServer((request, response) => {
    // A write racing a client that has just gone must not become an unhandled 'error' event.
    response.on("error", () => {});
    void (async () => {
      const url = new URL(request.url ?? "/", "http://fake");
      const raw = await readBody(request);
      if (url.pathname === "/__fake/script" && request.method === "POST") {
        let parsed: { scenarios?: AnthropicScenario[] };
        try {
          parsed = JSON.parse(raw || "{}") as { scenarios?: AnthropicScenario[] };
        } catch {
          return sendJson(response, 400, { error: "Invalid JSON body" });
        }
        queue.push(...(parsed.scenarios ?? []));
        return sendJson(response, 200, { queued: queue.length });
      }
      if (url.pathname === "/__fake/reset" && request.method === "POST") {
        resetAll();
        return sendJson(response, 200, { ok: true });
      }
      if (url.pathname === "/__fake/requests") return sendJson(response, 200, { requests });
      if (!url.pathname.endsWith("/v1/messages") || request.method !== "POST") {
        return sendError(response, 404, "not_found_error", `No route ${request.method} ${url.pathname}`);
      }
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        return sendError(response, 400, "invalid_request_error", "There was an issue with your request body: it is not valid JSON");
      }
      const header = (name: string) => {
        const value = request.headers[name];
        return (Array.isArray(value) ? value[0] : value) ?? null;
      };
      const bearer = /^Bearer\s+(.+)$/i.exec(header("authorization") ?? "")?.[1] ?? null;
      const record: RecordedAnthropicRequest = {
        path: url.pathname,
        apiKey: header("x-api-key") ?? bearer,
        version: header("anthropic-version"),
        body: body as AnthropicRequestBody,
      };
      // Recorded before validation: a test debugging a 400 wants to see what was sent.
      if (recordRequests) requests.push(record);
      if (!record.apiKey) {
        sendError(response, 401, "authentication_error", "x-api-key header is required");
      } else if (!record.version) {
        sendError(response, 400, "invalid_request_error", "anthropic-version: header is required");
      } else {
        const reason = invalidRequestReason(body);
        if (reason) sendError(response, 400, "invalid_request_error", reason);
        else await answer(record.body, queue.shift() ?? defaultScenario(record.body), response, record);
      }
      onAnswered?.(record);
    })().catch((error: unknown) => {
      if (!response.headersSent) sendError(response, 500, "api_error", String(error));
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://${options.host ?? "127.0.0.1"}:${port}`,
    port,
    requests,
    enqueue: (...scenarios) => queue.push(...scenarios),
    reset: resetAll,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
