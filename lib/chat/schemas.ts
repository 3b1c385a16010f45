import { z } from "zod";
import type { ProductCard, PurchaseProposal, MessageRole, MessageStatus, Role } from "@/db/schema";
import type { Page } from "@/lib/pagination";

export const MESSAGE_MAX_CHARS = 10_000;

export const sendMessageSchema = z.object({
  message: z
    .string({ error: "The message must be text." })
    .trim()
    .min(1, "The message is empty.")
    .max(MESSAGE_MAX_CHARS, `The message is longer than ${MESSAGE_MAX_CHARS.toLocaleString("en")} characters.`),
  sessionId: z.uuid({ error: "Not a valid session id." }).optional().nullable(),
});
export type SendMessageInput = z.infer<typeof sendMessageSchema>;

const title = z.string().trim().min(1, "The title is empty.").max(200, "The title is longer than 200 characters.");

export const createSessionSchema = z.object({ title: title.optional() });
export const renameSessionSchema = z.object({ title });

const pageSize = z.coerce.number().int().min(1).max(100).default(20);
const page = z.coerce.number().int().min(1).max(1_000_000).default(1);

export const listSessionsQuery = z.object({ page, pageSize });

export const historyQuery = z.object({
  sessionId: z.uuid({ error: "sessionId must be a session id." }),
  page,
  pageSize,
  before: z.uuid({ error: "before must be a message id." }).optional(),
});
export type HistoryQuery = z.infer<typeof historyQuery>;

export const sessionIdQuery = z.object({ sessionId: z.uuid({ error: "sessionId must be a session id." }) });

export type ChatSessionDto = {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  lastActivityAt: string;
};

export type ChatSessionDetailsDto = ChatSessionDto & { messageCount: number };

export type ChatMessageDto = {
  id: string;
  sessionId: string;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  createdAt: string;
  userRoleAtTime: Role | null;
  model: string | null;
  provider: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  tokensUsed: number | null;
  /** US cents, decimal string with 4 places (e.g. "0.0123"). */
  costCents: string | null;
  productCards: ProductCard[] | null;
  proposal: PurchaseProposal | null;
};

export type Usage = { promptTokens: number; completionTokens: number; totalTokens: number };

export type SendMessageResult = {
  sessionId: string;
  response: string;
  message: ChatMessageDto;
  usage: Usage;
  costCents: string;
  credits: number;
  proposal?: PurchaseProposal;
};

export type { Page };
