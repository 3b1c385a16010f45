import "server-only";
import { getDb } from "@/db/client";
import type { ChatMessage } from "@/db/schema";
import type { ChatCaller } from "@/lib/auth/caller";
import { AppError, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import * as q from "./queries";
import { requireOwnedSession } from "./service";
import { startChatTurn, type ChatTurn, type TurnRuntime } from "./turn";

/**
 * A message of a conversation the caller owns (a member, or a website visitor in their widget
 * conversation), of the given role; 404 for anything else (another member's, another business's, a
 * malformed id, an API key's), so ids of others' messages reveal nothing.
 */
async function ownedMessage(caller: ChatCaller, messageId: string, role: ChatMessage["role"]): Promise<ChatMessage> {
  if (caller.kind === "api" || !isUuid(messageId)) throw notFound("Message");
  const message = await q.getMessageInBusiness(getDb(), { businessId: caller.businessId, messageId });
  if (!message || message.role !== role) throw notFound("Message");
  await requireOwnedSession(caller, message.sessionId);
  return message;
}

/**
 * A new answer to the question an answer replied to: charged like a message (a refund when the
 * model fails), stored beside the old answer as another version; the conversation continues from
 * the new one. 404 unless it is an answer in the caller's own conversation; 409 while it is still
 * being written or when a person handles the conversation; 402 without the credits.
 */
export async function regenerateAnswer(caller: ChatCaller, input: { messageId: string }, runtime: TurnRuntime = {}): Promise<ChatTurn> {
  const answer = await ownedMessage(caller, input.messageId, "assistant");
  if (answer.status === "streaming") throw new AppError("conflict", "This answer is still being written; regenerate it when it has finished.");
  const question = answer.parentId ? await q.getSessionMessage(getDb(), { sessionId: answer.sessionId, businessId: caller.businessId, messageId: answer.parentId }) : null;
  if (!question || question.role !== "user") throw new AppError("conflict", "This answer does not reply to a message of yours, so it cannot be regenerated.");
  return startChatTurn(caller, { sessionId: answer.sessionId, message: question.content }, runtime, { kind: "regenerate", question });
}

/**
 * The caller's message with new text, sent from where the original was: a new branch of the
 * conversation with its own answer (charged like a message); the original and what followed it stay
 * as the other version. 404 unless it is the caller's own message; 409 when a person handles the
 * conversation; 402 without the credits.
 */
export async function editMessage(caller: ChatCaller, input: { messageId: string; message: string }, runtime: TurnRuntime = {}): Promise<ChatTurn> {
  const original = await ownedMessage(caller, input.messageId, "user");
  return startChatTurn(caller, { sessionId: original.sessionId, message: input.message }, runtime, { kind: "edit", original });
}
