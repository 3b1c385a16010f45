import { countTokens, MESSAGE_OVERHEAD_TOKENS } from "./tokens";
import type { ProviderEvent, ProviderInput } from "./types";

/** One tool call as a model asked for it: its arguments are the model's raw JSON text. */
export type RequestedToolCall = { id: string; name: string; arguments: string };

/** What goes back to the model for one call; `input` is the parsed arguments (undefined when they were not JSON). */
export type ToolCallResult = { call: RequestedToolCall; input: unknown; content: string };

const MAX_CALLS_PER_ROUND = 8;

/**
 * Runs one round of a model's tool calls, whichever provider asked: yields what the user sees
 * (the call, product cards, a purchase proposal) and returns each result as the JSON the model
 * reads. A result that would push the conversation past the prompt budget is replaced by an
 * error, and `outOfRoom` tells the provider to stop offering tools.
 */
export async function* runToolCalls(
  calls: readonly RequestedToolCall[],
  input: Pick<ProviderInput, "tools" | "maxPromptTokens">,
  budget: { promptUsed: number },
): AsyncGenerator<ProviderEvent, { results: ToolCallResult[]; outOfRoom: boolean }> {
  const results: ToolCallResult[] = [];
  let outOfRoom = false;
  for (const [index, call] of calls.entries()) {
    let args: unknown;
    try {
      args = JSON.parse(call.arguments || "{}");
    } catch {
      args = undefined;
    }
    if (index >= MAX_CALLS_PER_ROUND) {
      results.push({ call, input: args, content: JSON.stringify({ error: "too_many_calls", detail: `At most ${MAX_CALLS_PER_ROUND} tool calls per step.` }) });
      continue;
    }
    yield { type: "tool_call", name: call.name, arguments: args ?? call.arguments };
    const outcome =
      args === undefined ? { result: { error: "invalid_arguments", detail: "The arguments were not valid JSON." } } : await input.tools.run(call.name, args);
    if ("products" in outcome && outcome.products?.length) yield { type: "products", items: outcome.products };
    if ("proposal" in outcome && outcome.proposal) yield { type: "proposal", proposal: outcome.proposal };
    let content = JSON.stringify(outcome.result);
    const cost = countTokens(content) + countTokens(call.arguments) + 2 * MESSAGE_OVERHEAD_TOKENS;
    if (input.maxPromptTokens !== undefined && budget.promptUsed + cost > input.maxPromptTokens) {
      content = JSON.stringify({ error: "result_too_large", detail: "No room left in the context for this result; answer with what you have." });
      outOfRoom = true;
    } else {
      budget.promptUsed += cost;
    }
    results.push({ call, input: args, content });
  }
  return { results, outOfRoom };
}
