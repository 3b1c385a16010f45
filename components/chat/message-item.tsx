"use client";

import dynamic from "next/dynamic";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { LazyPart } from "@/components/ui/lazy-part";
import type { ProductCard } from "@/lib/chat/schemas";
import type { ConversationMessage } from "@/lib/chat/stream-client";
import { lazyModule } from "@/lib/lazy-module";
import { LazyMarkdown } from "./lazy-markdown";
import type { MessageActionsProps } from "./message-actions";
import type { MessageEditorProps } from "./message-editor";
import type { ProposalCardProps } from "./proposal-card";

// What only a message that has them shows — its actions, product cards, a proposal, an editor — is on
// no page's first load. A stored conversation's page renders the first three on the server, and the tab
// hydrates them once their code has come after the page (LazyPart); the editor opens only in the browser.
const messageActions = lazyModule(() => import("./message-actions"));
const productCards = lazyModule(() => import("./product-cards"));
const proposalCard = lazyModule(() => import("./proposal-card"));
const MessageEditor = dynamic(() => import("./message-editor").then((module) => module.MessageEditor));

/** Fetches the code of a message's extras once the chat is up, before the first answer shows them. */
export function preloadMessageExtras(): void {
  for (const code of [messageActions, productCards, proposalCard]) code.preload().catch(() => undefined);
  import("./message-editor").catch(() => undefined);
}

export interface MessageItemProps {
  message: ConversationMessage;
  botName: string;
  proposal?: Pick<ProposalCardProps, "purchased" | "sessionId">;
  /** The business's greeting opening a new chat: looks like the assistant, is not a stored message. */
  greeting?: boolean;
  /** The content already rendered (the greeting, by the server), in place of rendering `message.content` here. */
  rendered?: ReactNode;
  /** A person of the business has read up to this (the user's) message. */
  seen?: boolean;
  /** Copy, versions, Edit, Regenerate, 👍/👎 and the cost under the message; without it, none. */
  actions?: Omit<MessageActionsProps, "message">;
  /** The member is editing this message: the editor takes the place of the bubble and its actions. */
  editor?: MessageEditorProps;
  /** Product cards link to the storefront's product page and offer Buy, confirmed like any proposal. */
  shop?: { slug: string | null; sessionId: ProposalCardProps["sessionId"] };
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

/** The business's greeting and its Markdown rendered on the server, so a new chat paints it before the renderer loads. */
export type RenderedGreeting = { text: string; node: ReactNode };

export function MessageItem({ message, botName, proposal, greeting = false, rendered, seen = false, actions, editor, shop }: MessageItemProps) {
  const mine = message.role === "user";
  // A person of the business answering in the conversation, under their own name.
  const person = message.role === "agent" ? (message.authorName ?? "A person from the team") : null;
  const waiting = message.status === "streaming" && message.content === "";
  // Buy on a card proposes that product here; the purchase still waits for Confirm purchase.
  const [buying, setBuying] = useState<ProductCard | null>(null);
  // The item stays mounted while another version of its message is shown in its place: a purchase
  // started from one version's cards is not the other's.
  const [shownId, setShownId] = useState(message.id);
  if (shownId !== message.id) {
    setShownId(message.id);
    setBuying(null);
  }
  const articleRef = useRef<HTMLElement>(null);
  // A cancelled edit gives the focus back to the Edit button that opened it.
  const editCancelled = useRef(false);
  const editing = editor !== undefined;
  useEffect(() => {
    if (editing || !editCancelled.current) return;
    editCancelled.current = false;
    articleRef.current?.querySelector<HTMLButtonElement>('button[data-action="edit"]')?.focus();
  }, [editing]);
  const dismissPurchase = () => {
    const id = buying?.id;
    setBuying(null);
    // The proposal that held focus is gone: back to the Buy button that opened it.
    requestAnimationFrame(() =>
      articleRef.current?.querySelectorAll<HTMLButtonElement>("button[data-buy]").forEach((button) => {
        if (button.dataset.buy === id) button.focus();
      }),
    );
  };
  return (
    <article
      ref={articleRef}
      aria-label={mine ? "You" : (person ?? botName)}
      data-testid={greeting ? "assistant-greeting" : mine ? "user-message" : person ? "agent-message" : "assistant-message"}
      data-status={message.status}
      data-message-id={message.id}
      className={cn("flex min-w-0 flex-col", mine ? "items-end" : "items-start")}
    >
      {editor ? (
        <MessageEditor
          {...editor}
          onCancel={() => {
            editCancelled.current = true;
            editor.onCancel();
          }}
        />
      ) : (
        <div
          className={cn(
            "max-w-[85%] min-w-0 rounded-2xl px-4 py-2.5 shadow-sm max-md:max-w-[92%]",
            mine ? "bg-accent text-on-accent" : person ? "border border-accent/40 bg-surface text-fg" : "border border-border bg-surface text-fg",
            // Cards and a proposal read better at full width.
            !mine && (message.productCards?.length || message.proposal || buying) ? "w-full md:w-auto" : null,
          )}
        >
          {person ? <p className="mb-1 text-xs font-semibold text-fg-muted">{person} · from the team</p> : null}
          <div data-testid="message-content">
            {mine || person ? (
              // People's words (the user's own, a person of the team's) are shown exactly as typed (as text, line breaks kept), as the inbox shows them.
              <p className="text-sm leading-relaxed [overflow-wrap:anywhere] whitespace-pre-wrap">{message.content}</p>
            ) : waiting ? (
              <TypingDots />
            ) : rendered !== undefined ? (
              rendered
            ) : (
              <LazyMarkdown>{message.content}</LazyMarkdown>
            )}
          </div>
          {message.productCards && message.productCards.length > 0 ? (
            <LazyPart code={productCards}>
              {({ ProductCards }) => (
                <ProductCards
                  items={message.productCards!}
                  shopSlug={shop?.slug ?? null}
                  onBuy={shop ? setBuying : undefined}
                  buyingId={buying?.id ?? null}
                />
              )}
            </LazyPart>
          ) : null}
          {buying && shop ? (
            <LazyPart key={buying.id} code={proposalCard}>
              {({ ProposalCard }) => (
                <ProposalCard
                  proposal={{ productId: buying.id, productName: buying.name, quantity: 1, unitPrice: buying.price }}
                  purchased={null}
                  sessionId={shop.sessionId}
                  onDismiss={dismissPurchase}
                  focusOnShow
                />
              )}
            </LazyPart>
          ) : null}
          {message.proposal && proposal ? (
            <LazyPart key={message.id} code={proposalCard}>
              {({ ProposalCard }) => <ProposalCard proposal={message.proposal!} {...proposal} />}
            </LazyPart>
          ) : null}
          {message.status === "aborted" ? (
            <p className="mt-2 text-xs font-medium text-fg-muted">Stopped — the answer above is incomplete.</p>
          ) : null}
          {message.status === "error" ? (
            // Retry lives in the conversation's alert under the last message, not on every failed answer.
            <p className="mt-2 text-xs font-medium text-danger-fg">This answer failed before it finished.</p>
          ) : null}
        </div>
      )}
      {actions && !greeting && !editor ? <LazyPart code={messageActions}>{({ MessageActions }) => <MessageActions message={message} {...actions} />}</LazyPart> : null}
      {seen ? (
        <p data-testid="seen" className="mt-1 text-xs text-fg-muted">
          Seen
        </p>
      ) : null}
    </article>
  );
}
