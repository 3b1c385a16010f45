import { z } from "zod";
import type { ChatMessageDto } from "@/lib/chat/schemas";
import { MESSAGE_MAX_CHARS, SESSION_STATUSES, type SessionStatus } from "@/lib/chat/vocabulary";
import { formatCount } from "@/lib/format";
import { pageQuery } from "@/lib/pagination-query";

/** The support inbox's wire contract (admins of one business), shared by the routes and the inbox page. */

const blankAsMissing = (value: unknown) => (value === "" ? undefined : value);

export const inboxQuerySchema = z.object({
  status: z.preprocess(blankAsMissing, z.enum(SESSION_STATUSES, { error: `status must be one of: ${SESSION_STATUSES.join(", ")}.` }).optional()),
  /** A member's id or an end user's id: that person's conversations. */
  userId: z.preprocess(blankAsMissing, z.uuid({ error: "userId must be a user or end user id." }).optional()),
  q: z.preprocess(blankAsMissing, z.string().trim().min(1).max(200, "q must be at most 200 characters.").optional()),
  ...pageQuery,
});
export type InboxQuery = z.infer<typeof inboxQuerySchema>;

export const agentReplySchema = z.object({
  message: z
    .string({ error: "The message must be text." })
    .trim()
    .min(1, "The message is empty.")
    .max(MESSAGE_MAX_CHARS, `The message is longer than ${formatCount(MESSAGE_MAX_CHARS)} characters.`),
});

export const markReadSchema = z.object({ upToMessageId: z.uuid({ error: "upToMessageId must be a message id." }) });

export const typingSchema = z.object({ on: z.boolean({ error: "on must be true or false." }) });

/** Who a conversation is with: a member of the business, an end user of its site or app, or an anonymous API caller. */
export type InboxPerson = { kind: "member" | "end_user" | "anonymous"; id: string | null; name: string };

export type InboxConversationDto = {
  id: string;
  title: string;
  channel: "member" | "api" | "widget";
  person: InboxPerson;
  status: SessionStatus;
  /** The owner's messages no admin has read yet. */
  unread: number;
  lastMessage: { role: ChatMessageDto["role"]; content: string; createdAt: string; authorName: string | null } | null;
  lastActivityAt: string;
  personRequestedAt: string | null;
  /** The person of the business the conversation is with (`with_person`); null otherwise. */
  agent: { id: string; name: string } | null;
};
