import { z } from "zod";
import { pageQuery } from "@/lib/pagination-query";
import type {
  MessageRole,
  MessageStatus,
  ChatChannel,
  SessionHandler,
  ProductCard as StoredProductCard,
  PurchaseProposal as StoredPurchaseProposal,
  Role,
  FEEDBACK_RATINGS as STORED_FEEDBACK_RATINGS,
} from "@/db/schema";
import type { TokenUsage } from "@/lib/ai/types";
import { MODEL_ID_MAX_CHARS, MODEL_PROVIDERS } from "@/lib/ai/model-ids";
import { formatCount } from "@/lib/format";
import {
  CUSTOM_INSTRUCTIONS_MAX_CHARS,
  FEEDBACK_RATINGS,
  FEEDBACK_REASON_MAX_CHARS,
  MESSAGE_MAX_CHARS,
  SESSION_SEARCH_MAX_CHARS,
  SESSION_STATUSES,
  SESSION_TITLE_MAX_CHARS,
  TURN_ERROR_CODES,
  type FeedbackRating,
  type SessionStatus,
} from "./vocabulary";

/**
 * The chat's wire contract, shared by the server (routes, the turn, the SSE writer) and the
 * browser (hooks, the stream reader). Safe in client bundles: nothing here loads the database. The
 * limits and words a page shows without validating are in ./vocabulary.ts, which does not load zod.
 */

// ---- requests -------------------------------------------------------------------------------

/** The end user a secret-key call speaks for: an email, a customer id… as the business knows them. */
export const userIdentifier = z
  .string({ error: "userIdentifier must be text." })
  .trim()
  .min(1, "userIdentifier is empty.")
  .max(255, "userIdentifier is longer than 255 characters.");

export const sendMessageSchema = z.object({
  message: z
    .string({ error: "The message must be text." })
    .trim()
    .min(1, "The message is empty.")
    .max(MESSAGE_MAX_CHARS, `The message is longer than ${formatCount(MESSAGE_MAX_CHARS)} characters.`),
  sessionId: z.uuid({ error: "Not a valid session id." }).optional().nullable(),
  userIdentifier: userIdentifier.optional(),
});
export type SendMessageInput = z.infer<typeof sendMessageSchema>;

/**
 * Where an API or widget conversation happens. The page URL is kept without its query and fragment
 * (they often carry personal data or tokens); a URL with credentials in it is refused.
 */
export const sessionConfigSchema = z.object({
  pageContext: z
    .object({
      url: z
        .string()
        .trim()
        .max(2048, "The page URL is longer than 2,048 characters.")
        .transform((value, ctx) => {
          let url: URL;
          try {
            url = new URL(value);
          } catch {
            ctx.addIssue({ code: "custom", message: "The page URL is not a valid URL." });
            return z.NEVER;
          }
          if (url.protocol !== "http:" && url.protocol !== "https:") {
            ctx.addIssue({ code: "custom", message: "The page URL must be http or https." });
            return z.NEVER;
          }
          if (url.username || url.password) {
            ctx.addIssue({ code: "custom", message: "The page URL must not contain credentials." });
            return z.NEVER;
          }
          return `${url.origin}${url.pathname}`;
        }),
      title: z.string().trim().max(300, "The page title is longer than 300 characters.").optional(),
    })
    .optional(),
  customInstructions: z
    .string()
    .trim()
    .max(CUSTOM_INSTRUCTIONS_MAX_CHARS, `customInstructions is longer than ${formatCount(CUSTOM_INSTRUCTIONS_MAX_CHARS)} characters.`)
    .optional(),
  /** API and widget conversations only: which provider and model answer (among what the operator offers; checked by the service). */
  aiProvider: z.enum(MODEL_PROVIDERS, { error: `aiProvider must be one of: ${MODEL_PROVIDERS.join(", ")}.` }).optional(),
  model: z.string().trim().min(1, "model is empty.").max(MODEL_ID_MAX_CHARS, `model is longer than ${MODEL_ID_MAX_CHARS} characters.`).optional(),
});
export type SessionConfig = z.infer<typeof sessionConfigSchema>;

const title = z
  .string()
  .trim()
  .min(1, "The title is empty.")
  .max(SESSION_TITLE_MAX_CHARS, `The title is longer than ${SESSION_TITLE_MAX_CHARS} characters.`);

/** `POST /api/chat/files?userIdentifier=`: the end user a secret key starts the conversation for (multipart carries the file). */
export const startWithFileQuery = z.object({ userIdentifier: userIdentifier.optional() });

export const createSessionSchema = z.object({ title: title.optional(), userIdentifier: userIdentifier.optional(), config: sessionConfigSchema.optional() });
export const updateSessionSchema = z
  .object({
    title: title.optional(),
    config: sessionConfigSchema.optional(),
    /** A message id: the conversation continues from the newest message of the branch through it. */
    branch: z.uuid({ error: "branch must be a message id." }).optional(),
  })
  .refine((value) => value.title !== undefined || value.config !== undefined || value.branch !== undefined, "Send a title, a config or a branch to change.");

/** `?q=` searches the titles and the messages' text; given but blank is refused rather than listing everything. */
export const listSessionsQuery = z.object({
  ...pageQuery,
  userIdentifier: userIdentifier.optional(),
  q: z
    .string()
    .trim()
    .min(1, "q is empty: send words to search for, or leave q out.")
    .max(SESSION_SEARCH_MAX_CHARS, `q is longer than ${SESSION_SEARCH_MAX_CHARS} characters.`)
    .optional(),
});

export const historyQuery = z.object({
  sessionId: z.uuid({ error: "sessionId must be a session id." }),
  ...pageQuery,
  before: z.uuid({ error: "before must be a message id." }).optional(),
  /** A message id: the branch through it (to its newest leaf) instead of the one the conversation continues. */
  branch: z.uuid({ error: "branch must be a message id." }).optional(),
});

/** POST /api/chat/messages/:id/edit: the message's new text, sent as a new branch. */
export const editMessageSchema = z.object({ message: sendMessageSchema.shape.message }).strict();
export type EditMessageInput = z.infer<typeof editMessageSchema>;

/** POST /api/chat/messages/:id/regenerate takes no input. */
export const regenerateSchema = z.object({}).strict();
export type HistoryQuery = z.infer<typeof historyQuery>;

export const sessionIdQuery = z.object({ sessionId: z.uuid({ error: "sessionId must be a session id." }) });

/** POST /api/chat/messages/:id/feedback. A blank reason is no reason. */
export const messageFeedbackSchema = z.object({
  rating: z.enum(FEEDBACK_RATINGS, { error: 'rating must be "up" or "down".' }),
  reason: z
    .string({ error: "reason must be text." })
    .trim()
    .max(FEEDBACK_REASON_MAX_CHARS, `reason is longer than ${formatCount(FEEDBACK_REASON_MAX_CHARS)} characters.`)
    .nullish()
    .transform((value) => value || null),
});
export type MessageFeedbackInput = z.infer<typeof messageFeedbackSchema>;

/** GET /api/chat/feedback (admins). */
export const feedbackListQuery = z.object({ ...pageQuery, rating: z.enum(FEEDBACK_RATINGS, { error: 'rating must be "up" or "down".' }).optional() });
export type FeedbackListQuery = z.infer<typeof feedbackListQuery>;

/** GET /api/chat/unanswered (admins). */
export const unansweredQuery = z.object({ ...pageQuery });

// ---- vocabularies ---------------------------------------------------------------------------

// Repeated here (checked against db/schema below) so client bundles need not load db/schema.
const MESSAGE_ROLES = ["user", "assistant", "system", "tool", "agent"] as const;
const MESSAGE_STATUSES = ["complete", "streaming", "error", "aborted"] as const;
const USER_ROLES = ["admin", "editor", "approver", "viewer"] as const;

// ---- cards, proposals, usage ----------------------------------------------------------------

export const productCardSchema = z.object({
  id: z.string(),
  name: z.string(),
  price: z.string(),
  category: z.string().nullable().default(null),
  /** Units on hand when the card was made; null when the business does not track stock. */
  stock: z.number().int().nullable().optional(),
  image: z.object({ url: z.string(), alt: z.string() }).nullable().optional(),
});
export type ProductCard = z.infer<typeof productCardSchema>;

export const purchaseProposalSchema = z.object({
  productId: z.string(),
  // Only productId, quantity and unitPrice are essential; without a name the card still renders.
  productName: z.string().default("this product"),
  quantity: z.number().int().positive(),
  unitPrice: z.string(),
});
export type PurchaseProposal = z.infer<typeof purchaseProposalSchema>;

export const usageSchema = z.object({
  promptTokens: z.number().int().min(0),
  completionTokens: z.number().int().min(0),
  totalTokens: z.number().int().min(0),
});
export type Usage = z.infer<typeof usageSchema>;

// ---- sessions and messages ------------------------------------------------------------------

const messageFeedbackSchemaOut = z.object({ rating: z.enum(FEEDBACK_RATINGS), reason: z.string().nullable() });

const CHAT_CHANNELS = ["member", "api", "widget"] as const;

export const chatSessionSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** member: a member's own chat; api: through a secret key; widget: a website visitor. */
  channel: z.enum(CHAT_CHANNELS),
  /** The end user an API or widget conversation speaks for; null for members and anonymous callers. */
  userIdentifier: z.string().nullable(),
  config: z.object({
    pageContext: z.object({ url: z.string(), title: z.string().optional() }).optional(),
    customInstructions: z.string().optional(),
    aiProvider: z.enum(MODEL_PROVIDERS).optional(),
    model: z.string().optional(),
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastActivityAt: z.string(),
  /** When an API or widget conversation stops taking messages (its business's timeout after the last one); null for members. */
  expiresAt: z.string().nullable(),
  status: z.enum(SESSION_STATUSES),
  /** The newest of the owner's messages a person of the business has read ("Seen"), or null. */
  seenUpTo: z.string().nullable(),
});
export type ChatSessionDto = z.infer<typeof chatSessionSchema>;

/** A session found by `?q=`: `snippet` is an excerpt of its newest matching message, null when only the title matched. */
export const chatSessionSearchResultSchema = chatSessionSchema.extend({ snippet: z.string().nullable() });
export type ChatSessionSearchResultDto = z.infer<typeof chatSessionSearchResultSchema>;

export const chatSessionDetailsSchema = chatSessionSchema.extend({ messageCount: z.number().int().min(0), hasFiles: z.boolean() });
export type ChatSessionDetailsDto = z.infer<typeof chatSessionDetailsSchema>;

export const chatMessageSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  role: z.enum(MESSAGE_ROLES),
  content: z.string(),
  status: z.enum(MESSAGE_STATUSES),
  createdAt: z.string(),
  userRoleAtTime: z.enum(USER_ROLES).nullable(),
  model: z.string().nullable(),
  provider: z.string().nullable(),
  promptTokens: z.number().int().nullable(),
  completionTokens: z.number().int().nullable(),
  tokensUsed: z.number().int().nullable(),
  /** US cents, decimal string with 4 places (e.g. "0.0123"). */
  costCents: z.string().nullable(),
  productCards: z.array(productCardSchema).nullable(),
  proposal: purchaseProposalSchema.nullable(),
  /** The name of the person who wrote an `agent` message; null for everyone else. */
  authorName: z.string().nullable(),
  // Defaults: live events stored before these fields existed are still read.
  /** The viewer's own rating of an assistant answer; null when they gave none (and on every other message). */
  feedback: messageFeedbackSchemaOut.nullable().default(null),
  /** Credits the answer's turn took (0 when refunded); null when nothing was charged (free messages, people's replies, users' messages). */
  creditsCharged: z.number().int().nullable().default(null),
  /** The message this one follows in its branch (null for a conversation's first). */
  parentId: z.string().nullable().default(null),
  /**
   * The ids of every version of this message, oldest first, itself included — answers to the same
   * question (regenerated) or edits of the same message; null when there is only one.
   */
  versions: z.array(z.string()).nullable().default(null),
});
export type ChatMessageDto = z.infer<typeof chatMessageSchema>;

/** POST /api/chat in JSON mode. */
export const sendMessageResultSchema = z.object({
  sessionId: z.string(),
  /** Who answers the conversation: with a person (`with_person`) the message waits for them and `message` is null. */
  status: z.enum(SESSION_STATUSES),
  response: z.string(),
  message: chatMessageSchema.nullable(),
  usage: usageSchema,
  costCents: z.string(),
  credits: z.number().int().nullable(),
  /** Which provider (`openai`, `anthropic`, `local`) and model answered; null when a person handles the conversation. */
  provider: z.string().nullable(),
  model: z.string().nullable(),
  proposal: purchaseProposalSchema.optional(),
});
export type SendMessageResult = z.infer<typeof sendMessageResultSchema>;

// ---- feedback and the assistant's gaps ------------------------------------------------------

/** POST /api/chat/messages/:id/feedback answers `{feedback}`. */
export const messageFeedbackDtoSchema = z.object({
  messageId: z.string(),
  rating: z.enum(FEEDBACK_RATINGS),
  reason: z.string().nullable(),
  updatedAt: z.string(),
});
export type MessageFeedbackDto = z.infer<typeof messageFeedbackDtoSchema>;

/** One rating in GET /api/chat/feedback: the answer, the question it answered and who rated it. */
export const feedbackEntrySchema = z.object({
  id: z.string(),
  messageId: z.string(),
  sessionId: z.string(),
  rating: z.enum(FEEDBACK_RATINGS),
  reason: z.string().nullable(),
  /** The user's message the answer replied to; null when there was none before it. */
  question: z.string().nullable(),
  answer: z.string(),
  user: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FeedbackEntryDto = z.infer<typeof feedbackEntrySchema>;

/** One group in GET /api/chat/unanswered: the same question (trimmed, lower-cased, whitespace collapsed), asked `count` times. */
export const unansweredQuestionSchema = z.object({
  question: z.string(),
  count: z.number().int().min(1),
  lastAskedAt: z.string(),
  /** The most recent asking as it was typed. */
  example: z.string(),
});
export type UnansweredQuestionDto = z.infer<typeof unansweredQuestionSchema>;

/** GET /api/chat/balance. */
export const chatBalanceSchema = z.object({ credits: z.number().int(), messageCost: z.number().int() });
export type ChatBalance = z.infer<typeof chatBalanceSchema>;

// ---- the stream: POST /api/chat with Accept: text/event-stream -------------------------------

/**
 * Every server-sent event of one turn: `meta` first, then text, cards and a proposal as they come,
 * and `done` or `error` last.
 */
export const chatEventSchema = z.discriminatedUnion("event", [
  z.object({
    event: z.literal("meta"),
    // No assistant message while a person of the business handles the conversation.
    data: z.object({ sessionId: z.string(), userMessageId: z.string(), assistantMessageId: z.string().nullable() }),
  }),
  z.object({ event: z.literal("delta"), data: z.object({ text: z.string() }) }),
  z.object({ event: z.literal("products"), data: z.object({ items: z.array(productCardSchema) }) }),
  z.object({ event: z.literal("proposal"), data: purchaseProposalSchema }),
  // credits: the balance after this turn (a member's own, the wallet's for a key); null for a website visitor.
  // provider and model: who answered (`openai`, `anthropic`, `local`).
  // status: who answers the conversation now; `needs_person` when the assistant asked for a person during this turn.
  z.object({
    event: z.literal("done"),
    data: z.object({
      usage: usageSchema,
      costCents: z.string(),
      credits: z.number().int().nullable(),
      provider: z.string(),
      model: z.string(),
      status: z.enum(SESSION_STATUSES),
    }),
  }),
  z.object({ event: z.literal("error"), data: z.object({ error: z.enum(TURN_ERROR_CODES), detail: z.string() }) }),
  // The last event when a person handles the conversation: the message was stored for them, not sent to the assistant.
  z.object({ event: z.literal("handoff"), data: z.object({ status: z.enum(SESSION_STATUSES), detail: z.string() }) }),
]);
export type ChatEvent = z.infer<typeof chatEventSchema>;
export type ChatEventName = ChatEvent["event"];

// ---- agreement with the stored and the provider's types -------------------------------------

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Agrees<T extends true> = T;

/** Compile-time proof that the wire shapes, the stored JSONB/enum types and the provider's usage are one and the same. */
export type ContractAgreement = [
  Agrees<Same<Usage, TokenUsage>>,
  Agrees<Same<ProductCard, StoredProductCard>>,
  Agrees<Same<PurchaseProposal, StoredPurchaseProposal>>,
  Agrees<Same<ChatMessageDto["role"], MessageRole>>,
  Agrees<Same<ChatMessageDto["status"], MessageStatus>>,
  Agrees<Same<NonNullable<ChatMessageDto["userRoleAtTime"]>, Role>>,
  Agrees<Same<ChatSessionDto["channel"], ChatChannel>>,
  Agrees<Same<Exclude<SessionStatus, "closed">, SessionHandler>>,
  Agrees<Same<FeedbackRating, (typeof STORED_FEEDBACK_RATINGS)[number]>>,
];
