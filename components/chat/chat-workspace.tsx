"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type CSSProperties } from "react";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { LazySheet } from "@/components/ui/lazy-sheet";
import { TabList } from "@/components/ui/tab-list";
import { useAuth } from "@/hooks/use-auth";
import { useAskedAboutProduct, useAssistantProfile, useChatSender } from "@/hooks/use-chat";
import { isUuid } from "@/lib/ids";
import { textColourOnLight } from "@/lib/contrast";
import { BalanceIndicator } from "./balance-indicator";
import { Conversation } from "./conversation";
import type { RenderedGreeting } from "./message-item";
import { SessionSidebar } from "./session-sidebar";
import { useAppParams, useAppSearchParams } from "@/hooks/use-app-route";

type Tab = "chat" | "purchases";
const TABS: { id: Tab; label: string }[] = [
  { id: "chat", label: "Chat" },
  { id: "purchases", label: "Purchases" },
];

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

// Tailwind's `md`: below it the conversation list moves into a drawer.
const WIDE_SCREEN = "(min-width: 768px)";

// The Purchases tab renders from its first opening on (then stays mounted); its code is fetched once
// the chat is up, so the tab opens without waiting.
const PurchasesPanel = dynamic(() => import("./purchases-panel").then((module) => module.PurchasesPanel));
const preloadPurchasesPanel = () => void import("./purchases-panel").catch(() => undefined);

/**
 * On a phone the chat fills the screen below the app's header, whose height depends on how its
 * links wrap: the screen's own top edge is measured, so the composer sits on the bottom edge.
 */
function useTopOffset(active: boolean) {
  const ref = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState<number | null>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!active || !element) return;
    const measure = () => setTop(Math.max(0, Math.round(element.getBoundingClientRect().top + window.scrollY)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    window.addEventListener("resize", measure);
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", measure);
    };
  }, [active]);
  return { ref, top };
}

/** Two speech bubbles: on a phone the app's own Menu button (three bars) sits in the bar above, so the conversation list must not look like it. */
function ConversationsIcon() {
  return (
    <svg viewBox="0 0 20 20" fill="none" aria-hidden="true" className="size-5">
      <path
        d="M3 4.75A1.75 1.75 0 0 1 4.75 3h7.5A1.75 1.75 0 0 1 14 4.75v4.5A1.75 1.75 0 0 1 12.25 11H7.5L4.5 13.5V11h.25A1.75 1.75 0 0 1 3 9.25Z"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinejoin="round"
      />
      <path d="M16.5 7.5a1.5 1.5 0 0 1 .5 1.12v4.13A1.75 1.75 0 0 1 15.25 14.5H15V17l-3-2.5H9.5" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

function PlusIcon() {
  return (
    <svg viewBox="0 0 20 20" fill="none" aria-hidden="true" className="size-5">
      <path d="M10 4v12M4 10h12" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" />
    </svg>
  );
}

const headerIconButton =
  "focus-ring inline-flex size-9 shrink-0 items-center justify-center rounded-lg text-fg-muted transition-colors hover:bg-surface-muted hover:text-fg md:hidden";

/**
 * The whole /chat and /chat/[sessionId] screen. It lives in app/chat/layout.tsx so that a stream
 * started on /chat keeps running (and stays on screen) when the URL becomes /chat/<id> after the
 * server's `meta` event names the new conversation.
 */
export function ChatWorkspace({ renderedGreeting = null }: { renderedGreeting?: RenderedGreeting | null }) {
  const params = useAppParams<{ sessionId?: string }>();
  const paramSession = typeof params.sessionId === "string" ? params.sessionId : null;
  const router = useRouter();
  const auth = useAuth();
  const profile = useAssistantProfile();
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const [tab, setTab] = useState<Tab>("chat");
  const [purchasesOpened, setPurchasesOpened] = useState(false);
  if (tab === "purchases" && !purchasesOpened) setPurchasesOpened(true);
  useEffect(preloadPurchasesPanel, []);
  const baseId = useId();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [search, setSearch] = useState("");
  const { ref: screenRef, top: screenTop } = useTopOffset(auth.status === "authenticated");

  // Grown past a phone's width, the list is in the sidebar again: no drawer over it.
  useEffect(() => {
    if (!drawerOpen) return;
    const wide = window.matchMedia(WIDE_SCREEN);
    const onChange = () => {
      if (wide.matches) setDrawerOpen(false);
    };
    onChange();
    wide.addEventListener("change", onChange);
    return () => wide.removeEventListener("change", onChange);
  }, [drawerOpen]);

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
  const askedAbout = useAppSearchParams().get("product");
  const product = useAskedAboutProduct(!paramSession && askedAbout && isUuid(askedAbout) ? askedAbout : null);
  const initialDraft = product.data ? `Tell me about ${product.data.name}: ` : null;

  const focusComposer = () => requestAnimationFrame(() => inputRef.current?.focus());

  const newChat = () => {
    setDrawerOpen(false);
    setAdopted(null);
    setTab("chat");
    router.push("/chat");
    focusComposer();
  };
  const openedFromList = () => {
    setDrawerOpen(false);
    setTab("chat");
  };

  const botName = profile.data?.settings.botName || "Assistant";
  const botColor = profile.data && HEX_COLOUR.test(profile.data.settings.botColor) ? profile.data.settings.botColor : undefined;
  const nameColor = botColor ? textColourOnLight(botColor) : undefined;


  if (auth.status === "loading") {
    return (
      <div role="status" aria-busy="true" aria-label="Loading the assistant" className="flex h-[calc(100dvh-8rem)] min-h-[28rem] gap-4">
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

  const sidebar = {
    activeId: sessionId,
    onNewChat: newChat,
    onActiveDeleted: newChat,
    onOpen: openedFromList,
    search,
    onSearch: setSearch,
  };

  return (
    <div
      ref={screenRef}
      style={screenTop !== null ? ({ "--chat-top": `${screenTop}px` } as CSSProperties) : undefined}
      className={cn(
        "flex flex-col gap-4 md:h-[calc(100dvh-8rem)] md:min-h-[32rem] md:flex-row",
        // A phone: edge to edge under the app's header, exactly one screen tall, so only the messages scroll.
        // Until measured (the server's render, before hydration) the top is the header's height on a phone,
        // one row of py-3 around 2rem and its border: the composer is painted where it will stay.
        "max-md:-mx-4 max-md:-my-6 sm:max-md:-mx-6 max-md:h-[calc(100dvh-var(--chat-top,3.5625rem))] max-md:min-h-[20rem]",
      )}
    >
      <SessionSidebar {...sidebar} className="hidden md:flex md:w-64 md:shrink-0" />
      <LazySheet open={drawerOpen} onClose={() => setDrawerOpen(false)} title="Conversations">
        <SessionSidebar {...sidebar} className="flex-1" />
      </LazySheet>
      <section
        aria-labelledby={`${baseId}-title`}
        className="flex min-h-0 min-w-0 flex-1 flex-col overflow-hidden bg-background md:rounded-lg md:border md:border-border md:shadow-sm"
      >
        <header className="flex flex-wrap items-center justify-between gap-2 border-b border-border bg-surface px-2 py-2 md:gap-3 md:px-4 md:py-3">
          <div className="flex min-w-0 items-center gap-2">
            <button
              type="button"
              className={headerIconButton}
              aria-label="Conversations"
              aria-haspopup="dialog"
              aria-expanded={drawerOpen}
              onClick={() => setDrawerOpen(true)}
            >
              <ConversationsIcon />
            </button>
            <span aria-hidden="true" className="size-3 shrink-0 rounded-full bg-accent" style={botColor ? { backgroundColor: botColor } : undefined} />
            {/* The name takes the business's colour on the light theme when it reads as text there (4.5:1); otherwise, and on the dark theme, the text colour. */}
            <h1
              id={`${baseId}-title`}
              className={cn("truncate text-lg font-semibold", nameColor ? "text-(--bot-color) dark:text-fg" : null)}
              style={nameColor ? ({ "--bot-color": nameColor } as CSSProperties) : undefined}
            >
              {profile.isPending ? <span className="inline-block h-5 w-28 animate-pulse rounded bg-surface-muted align-middle" /> : botName}
            </h1>
          </div>
          <div className="flex shrink-0 items-center gap-1">
            <BalanceIndicator />
            <button type="button" className={headerIconButton} aria-label="New chat" title="New chat" onClick={newChat}>
              <PlusIcon />
            </button>
          </div>
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
            renderedGreeting={renderedGreeting}
            turn={sender.turn}
            streaming={sender.isStreaming}
            send={sender.send}
            stop={sender.stop}
            settle={sender.settle}
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
          {purchasesOpened ? <PurchasesPanel userId={auth.user?.id ?? null} onOpenConversation={() => setTab("chat")} /> : null}
        </div>
      </section>
    </div>
  );
}
