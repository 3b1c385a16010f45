"use client";

import Link from "next/link";
import { useParams, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { TabList } from "@/components/ui/tab-list";
import { useAuth } from "@/hooks/use-auth";
import { useAssistantProfile, useChatSender } from "@/hooks/use-chat";
import { useProduct } from "@/hooks/use-products";
import { isUuid } from "@/lib/ids";
import { BalanceIndicator } from "./balance-indicator";
import { Conversation } from "./conversation";
import { PurchasesPanel } from "./purchases-panel";
import { SessionSidebar } from "./session-sidebar";

type Tab = "chat" | "purchases";
const TABS: { id: Tab; label: string }[] = [
  { id: "chat", label: "Chat" },
  { id: "purchases", label: "Purchases" },
];

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

/**
 * The whole /chat and /chat/[sessionId] screen. It lives in app/chat/layout.tsx so that a stream
 * started on /chat keeps running (and stays on screen) when the URL becomes /chat/<id> after the
 * server's `meta` event names the new conversation.
 */
export function ChatWorkspace() {
  const params = useParams<{ sessionId?: string }>();
  const paramSession = typeof params.sessionId === "string" ? params.sessionId : null;
  const router = useRouter();
  const auth = useAuth();
  const profile = useAssistantProfile();
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const [tab, setTab] = useState<Tab>("chat");
  const baseId = useId();

  // Between `meta` naming a new conversation and the router updating the URL, the view already
  // follows the new session so the streaming answer never blinks out.
  const [adopted, setAdopted] = useState<string | null>(null);
  const [seenParam, setSeenParam] = useState(paramSession);
  if (seenParam !== paramSession) {
    setSeenParam(paramSession);
    setAdopted(null);
  }
  const sessionId = paramSession ?? adopted;
  const viewing = useRef(sessionId);
  useEffect(() => {
    viewing.current = sessionId;
  }, [sessionId]);

  const onSessionCreated = useCallback(
    (id: string) => {
      // Only if the user is still looking at the new chat they started.
      if (viewing.current !== null) return;
      setAdopted(id);
      router.replace(`/chat/${id}`);
    },
    [router],
  );
  const sender = useChatSender({ onSessionCreated });

  // "Ask the assistant" on a storefront's product page opens /chat?product=<id>: a new chat starts
  // with a question naming that product, which the assistant's retrieval then finds.
  const askedAbout = useSearchParams().get("product");
  const product = useProduct(!paramSession && askedAbout && isUuid(askedAbout) ? askedAbout : null);
  const initialDraft = product.data ? `Tell me about ${product.data.name}: ` : null;

  const focusComposer = () => requestAnimationFrame(() => inputRef.current?.focus());

  const newChat = () => {
    setAdopted(null);
    setTab("chat");
    router.push("/chat");
    focusComposer();
  };

  const botName = profile.data?.settings.botName || "Assistant";
  const botColor = profile.data && HEX_COLOUR.test(profile.data.settings.botColor) ? profile.data.settings.botColor : undefined;


  if (auth.status === "loading") {
    return (
      <div aria-busy="true" aria-label="Loading the assistant" className="flex h-[calc(100dvh-8rem)] min-h-[28rem] gap-4">
        <div className="hidden w-64 animate-pulse rounded-lg bg-surface-muted md:block" />
        <div className="flex-1 animate-pulse rounded-lg bg-surface-muted" />
      </div>
    );
  }
  if (auth.status === "unauthenticated") {
    return (
      <div className="mx-auto max-w-md py-16 text-center">
        <p className="text-fg">Sign in to chat with the product assistant.</p>
        <Link href="/login" className={buttonClasses({ className: "mt-4" })}>
          Sign in
        </Link>
      </div>
    );
  }

  return (
    <div className="flex h-[calc(100dvh-8rem)] min-h-[32rem] flex-col gap-4 md:flex-row">
      <SessionSidebar activeId={sessionId} onNewChat={newChat} onActiveDeleted={newChat} />
      <section
        aria-labelledby={`${baseId}-title`}
        className="flex min-h-0 min-w-0 flex-1 flex-col overflow-hidden rounded-lg border border-border bg-background shadow-sm"
      >
        <header className="flex flex-wrap items-center justify-between gap-3 border-b border-border bg-surface px-4 py-3">
          <div className="flex min-w-0 items-center gap-2">
            <span aria-hidden="true" className="size-3 shrink-0 rounded-full bg-accent" style={botColor ? { backgroundColor: botColor } : undefined} />
            <h1 id={`${baseId}-title`} className="truncate text-lg font-semibold" style={botColor ? { color: botColor } : undefined}>
              {profile.isPending ? <span className="inline-block h-5 w-28 animate-pulse rounded bg-surface-muted align-middle" /> : botName}
            </h1>
          </div>
          <BalanceIndicator />
        </header>
        <TabList tabs={TABS} selected={tab} onSelect={setTab} idBase={baseId} label="Assistant views" />
        {/* Both panels stay mounted so the draft, the scroll position and a running stream survive a tab switch. */}
        <div
          id={`${baseId}-panel-chat`}
          role="tabpanel"
          aria-labelledby={`${baseId}-tab-chat`}
          hidden={tab !== "chat"}
          className={cn("min-h-0 flex-1 flex-col", tab === "chat" ? "flex" : "hidden")}
        >
          <Conversation
            sessionId={sessionId}
            userId={auth.user?.id ?? null}
            botName={botName}
            greeting={profile.data?.settings.greeting ?? null}
            turn={sender.turn}
            streaming={sender.isStreaming}
            send={sender.send}
            stop={sender.stop}
            inputRef={inputRef}
            onNewChat={newChat}
            onSessionCreated={onSessionCreated}
            initialDraft={initialDraft}
          />
        </div>
        <div
          id={`${baseId}-panel-purchases`}
          role="tabpanel"
          aria-labelledby={`${baseId}-tab-purchases`}
          hidden={tab !== "purchases"}
          className={cn("min-h-0 flex-1 flex-col overflow-y-auto", tab === "purchases" ? "flex" : "hidden")}
        >
          <PurchasesPanel userId={auth.user?.id ?? null} onOpenConversation={() => setTab("chat")} />
        </div>
      </section>
    </div>
  );
}
