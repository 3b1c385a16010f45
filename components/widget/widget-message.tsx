import { Markdown } from "@/components/chat/markdown";
import { ProductCards } from "@/components/chat/product-cards";
import { cn } from "@/components/ui/cn";
import type { ConversationMessage } from "@/lib/chat/stream-client";

function TypingDots() {
  return (
    <span className="inline-flex gap-1 py-1" aria-hidden="true">
      <span className="size-1.5 animate-bounce rounded-full bg-fg-muted [animation-delay:-0.3s]" />
      <span className="size-1.5 animate-bounce rounded-full bg-fg-muted [animation-delay:-0.15s]" />
      <span className="size-1.5 animate-bounce rounded-full bg-fg-muted" />
    </span>
  );
}

/** One message in the widget: the visitor's in the business colour, the assistant's as Markdown with its product cards. */
export function WidgetMessage({ message, botName, greeting = false }: { message: ConversationMessage; botName: string; greeting?: boolean }) {
  const mine = message.role === "user";
  // A person of the business answering in the conversation, under their own name.
  const person = message.role === "agent" ? (message.authorName ?? "A person from the team") : null;
  const waiting = message.status === "streaming" && message.content === "";
  return (
    <article
      aria-label={mine ? "You" : (person ?? botName)}
      data-testid={greeting ? "assistant-greeting" : mine ? "user-message" : person ? "agent-message" : "assistant-message"}
      data-status={message.status}
      className={cn("flex", mine ? "justify-end" : "justify-start")}
    >
      <div
        className={cn(
          "max-w-[88%] rounded-2xl px-3.5 py-2 shadow-sm",
          mine ? "bg-(--widget-accent) text-(--widget-accent-fg)" : "border border-border bg-surface text-fg",
        )}
      >
        {person ? <p className="mb-1 text-xs font-semibold text-fg-muted">{person}</p> : null}
        {mine || person ? (
          // People's words are shown exactly as typed, as the inbox shows them; only the assistant writes Markdown.
          <p className="text-sm leading-relaxed break-words whitespace-pre-wrap">{message.content}</p>
        ) : waiting ? (
          <TypingDots />
        ) : (
          <Markdown>{message.content}</Markdown>
        )}
        {message.productCards && message.productCards.length > 0 ? <ProductCards items={message.productCards} /> : null}
        {message.status === "aborted" ? <p className="mt-2 text-xs font-medium text-fg-muted">Stopped — this answer is incomplete.</p> : null}
        {message.status === "error" ? <p className="mt-2 text-xs font-medium text-danger-fg">This answer failed before it finished.</p> : null}
      </div>
    </article>
  );
}
