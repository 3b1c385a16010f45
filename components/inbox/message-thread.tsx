"use client";

import { Suspense, useEffect, useLayoutEffect, useRef } from "react";
import { LazyMarkdown, preloadMarkdown } from "@/components/chat/lazy-markdown";
import { ProductCards } from "@/components/chat/product-cards";
import { useTimeZone } from "@/components/layout/time-zone";
import { Button, ErrorState, SkeletonList } from "@/components/ui";
import { cn } from "@/components/ui/cn";
import type { useChatHistory } from "@/hooks/use-chat";
import type { Typer } from "@/hooks/use-inbox";
import { errorMessage } from "@/lib/api-client";
import type { ChatMessageDto } from "@/lib/chat/schemas";
import { formatDateTime, formatShortDate } from "@/lib/format";
import { typingLabel } from "@/lib/inbox/typers";

const SHOWN_ROLES: ReadonlySet<ChatMessageDto["role"]> = new Set(["user", "assistant", "agent"]);

// Within this distance of the bottom the view follows new messages; further up the reader stays put.
const FOLLOW_PX = 120;

function authorOf(message: ChatMessageDto, personName: string): string {
  if (message.role === "user") return personName;
  if (message.role === "agent") return message.authorName ?? "A person";
  return "Assistant";
}

export interface MessageThreadProps {
  history: ReturnType<typeof useChatHistory>;
  personName: string;
  typers: Typer[];
}

/** The conversation as its owner sees it: their messages on the left, the assistant's and the team's on the right. */
export function MessageThread({ history, personName, typers }: MessageThreadProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const messages = history.messages.filter((message) => SHOWN_ROLES.has(message.role));
  const last = messages.at(-1);
  const typing = typingLabel(typers);
  // Fetched while the conversation's messages are, so neither waits for the other.
  useEffect(preloadMarkdown, []);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [last?.id, last?.content, typing]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onScroll = () => {
      following.current = el.scrollHeight - el.scrollTop - el.clientHeight < FOLLOW_PX;
    };
    el.addEventListener("scroll", onScroll, { passive: true });
    // A narrower window re-wraps the messages: a reader at the bottom stays there.
    const resized = new ResizeObserver(() => {
      if (following.current) el.scrollTop = el.scrollHeight;
    });
    resized.observe(el);
    return () => {
      el.removeEventListener("scroll", onScroll);
      resized.disconnect();
    };
  }, []);

  return (
    // Focusable so the history can be scrolled with the keyboard.
    <div ref={scroller} tabIndex={0} role="region" aria-label="Message history" className="min-h-0 flex-1 overflow-y-auto px-3 py-4 outline-none focus-visible:ring-2 focus-visible:ring-focus focus-visible:ring-inset sm:px-4">
      {history.isPending ? (
        <SkeletonList label="Loading messages" count={4} itemClassName="h-14" />
      ) : history.isError ? (
        <ErrorState message={errorMessage(history.error, "The messages could not be loaded.")} onRetry={() => void history.refetch()} retrying={history.isFetching} />
      ) : (
        <>
          {history.hasNextPage ? (
            <div className="mb-3 flex justify-center">
              <Button
                type="button"
                variant="secondary"
                size="sm"
                loading={history.isFetchingNextPage}
                onClick={() => {
                  following.current = false;
                  void history.fetchNextPage();
                }}
              >
                Load older messages
              </Button>
            </div>
          ) : null}
          <div role="log" aria-label="Messages" className="space-y-3">
            {messages.length === 0 ? <p className="py-8 text-center text-sm text-fg-muted">No messages yet.</p> : null}
            {/* The Markdown renderer loads with the first open conversation, not with the inbox; until then the messages wait whole. */}
            <Suspense fallback={<SkeletonList label="Loading messages" count={4} itemClassName="h-14" />}>
              {messages.map((message) => (
                <MessageBubble key={message.id} message={message} author={authorOf(message, personName)} />
              ))}
            </Suspense>
          </div>
        </>
      )}
      <p role="status" aria-live="polite" className={cn("mt-3 flex items-center gap-2 text-sm text-fg-muted", typing ? null : "sr-only")} data-testid="typing-indicator">
        {typing ? (
          <>
            <span className="inline-flex gap-1" aria-hidden="true">
              <span className="size-1.5 animate-bounce rounded-full bg-fg-muted [animation-delay:-0.3s]" />
              <span className="size-1.5 animate-bounce rounded-full bg-fg-muted [animation-delay:-0.15s]" />
              <span className="size-1.5 animate-bounce rounded-full bg-fg-muted" />
            </span>
            {typing}
          </>
        ) : null}
      </p>
    </div>
  );
}

function MessageBubble({ message, author }: { message: ChatMessageDto; author: string }) {
  const timeZone = useTimeZone();
  const owner = message.role === "user";
  const agent = message.role === "agent";
  const writing = message.status === "streaming";
  return (
    <article
      aria-label={`${author}${agent ? " (person)" : ""}`}
      data-testid="inbox-message"
      data-role={message.role}
      data-message-id={message.id}
      data-status={message.status}
      className={cn("flex flex-col", owner ? "items-start" : "items-end")}
    >
      <p className="mb-1 flex items-baseline gap-2 px-1 text-xs text-fg-muted">
        <span className="font-medium text-fg">{author}</span>
        {agent ? <span>person</span> : null}
        {message.role === "assistant" ? <span>AI</span> : null}
        <time dateTime={message.createdAt} title={formatDateTime(message.createdAt, timeZone)}>
          {formatShortDate(message.createdAt, timeZone)}
        </time>
      </p>
      <div
        className={cn(
          "max-w-[85%] rounded-2xl px-4 py-2.5 shadow-sm",
          owner ? "border border-border bg-surface text-fg" : agent ? "bg-accent text-on-accent" : "border border-border bg-surface-muted text-fg",
        )}
      >
        {message.role === "assistant" ? (
          writing && message.content === "" ? (
            <p className="text-sm text-fg-muted">Writing…</p>
          ) : (
            <LazyMarkdown>{message.content}</LazyMarkdown>
          )
        ) : (
          // A person's words are shown exactly as typed.
          <p className="text-sm leading-relaxed break-words whitespace-pre-wrap">{message.content}</p>
        )}
        {/* What the customer was shown, so the person who takes over knows which products are meant. */}
        {message.productCards && message.productCards.length > 0 ? <ProductCards items={message.productCards} /> : null}
        {message.status === "error" ? <p className="mt-2 text-xs font-medium text-danger-fg">This answer failed before it finished.</p> : null}
        {message.status === "aborted" ? <p className="mt-2 text-xs font-medium text-fg-muted">Stopped before it finished.</p> : null}
      </div>
    </article>
  );
}
