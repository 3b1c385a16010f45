"use client";

import { cn } from "@/components/ui/cn";
import type { ConversationMessage } from "@/lib/chat/stream-client";
import { Markdown } from "./markdown";
import { ProductCards } from "./product-cards";
import { ProposalCard, type ProposalCardProps } from "./proposal-card";

export interface MessageItemProps {
  message: ConversationMessage;
  botName: string;
  proposal?: Pick<ProposalCardProps, "purchased" | "onConfirm">;
  /** The business's greeting opening a new chat: looks like the assistant, is not a stored message. */
  greeting?: boolean;
  /** A person of the business has read up to this (the user's) message. */
  seen?: boolean;
}

function TypingDots() {
  return (
    <span className="inline-flex gap-1 py-1" aria-hidden="true">
      <span className="size-1.5 animate-bounce rounded-full bg-fg-muted [animation-delay:-0.3s]" />
      <span className="size-1.5 animate-bounce rounded-full bg-fg-muted [animation-delay:-0.15s]" />
      <span className="size-1.5 animate-bounce rounded-full bg-fg-muted" />
    </span>
  );
}

export function MessageItem({ message, botName, proposal, greeting = false, seen = false }: MessageItemProps) {
  const mine = message.role === "user";
  // A person of the business answering in the conversation, under their own name.
  const person = message.role === "agent" ? (message.authorName ?? "A person from the team") : null;
  const waiting = message.status === "streaming" && message.content === "";
  return (
    <article
      aria-label={mine ? "You" : (person ?? botName)}
      data-testid={greeting ? "assistant-greeting" : mine ? "user-message" : person ? "agent-message" : "assistant-message"}
      data-status={message.status}
      data-message-id={message.id}
      className={cn("flex flex-col", mine ? "items-end" : "items-start")}
    >
      <div
        className={cn(
          "max-w-[85%] rounded-2xl px-4 py-2.5 shadow-sm",
          mine ? "bg-accent text-white" : person ? "border border-accent/40 bg-surface text-fg" : "border border-border bg-surface text-fg",
        )}
      >
        {person ? <p className="mb-1 text-xs font-semibold text-fg-muted">{person} · from the team</p> : null}
        {mine ? (
          // The user's own words are shown exactly as typed (as text, line breaks kept).
          <p className="text-sm leading-relaxed break-words whitespace-pre-wrap">{message.content}</p>
        ) : waiting ? (
          <TypingDots />
        ) : (
          <Markdown>{message.content}</Markdown>
        )}
        {message.productCards && message.productCards.length > 0 ? <ProductCards items={message.productCards} /> : null}
        {message.proposal && proposal ? <ProposalCard proposal={message.proposal} {...proposal} /> : null}
        {message.status === "aborted" ? (
          <p className="mt-2 text-xs font-medium text-fg-muted">Stopped — the answer above is incomplete.</p>
        ) : null}
        {message.status === "error" ? (
          // Retry lives in the conversation's alert under the last message, not on every failed answer.
          <p className="mt-2 text-xs font-medium text-danger-fg">This answer failed before it finished.</p>
        ) : null}
      </div>
      {seen ? (
        <p data-testid="seen" className="mt-1 text-xs text-fg-muted">
          Seen
        </p>
      ) : null}
    </article>
  );
}
