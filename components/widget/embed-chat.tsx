"use client";

import { Fragment, useCallback, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore, type CSSProperties } from "react";
import { useWidgetChat, type WidgetNotice } from "@/hooks/use-widget-chat";
import type { ConversationMessage } from "@/lib/chat/stream-client";
import { hostMessageSchema, readableTextOn, WIDGET_MESSAGES, WIDGET_MESSAGE_SOURCE, type LauncherLook } from "@/lib/widget/protocol";
import { WidgetComposer } from "./widget-composer";
import { WidgetMessage } from "./widget-message";

// Within this distance of the bottom the list keeps following new text; further up, the reader is left alone.
const STICK_THRESHOLD_PX = 80;

export interface EmbedChatProps {
  publishableKey: string;
  /** The only origins whose pages may talk to this iframe (the key's allowed origins). */
  allowedOrigins: string[];
  look: LauncherLook;
  greeting: string;
}

/** The chat inside the widget's iframe on /embed/<key>. */
export function EmbedChat({ publishableKey, allowedOrigins, look, greeting }: EmbedChatProps) {
  // Whether a page frames us never changes while we live; the server renders as if not framed.
  const framed = useSyncExternalStore(
    noSubscription,
    () => window.parent !== window,
    () => false,
  );

  // The host page's origin once it has spoken to us; until then, the browser's word for it.
  const hostOrigin = useRef<string | null>(null);

  /** To the host page, and only ever to an origin the key allows. */
  const tellHost = useCallback(
    (message: Record<string, unknown>) => {
      if (window.parent === window) return;
      const targets = hostOrigin.current ? [hostOrigin.current] : likelyHostOrigins(allowedOrigins);
      for (const origin of targets) window.parent.postMessage({ source: WIDGET_MESSAGE_SOURCE, ...message }, origin);
    },
    [allowedOrigins],
  );

  // The launcher counts answers that arrive while the panel is closed.
  const onReply = useCallback(() => tellHost({ type: WIDGET_MESSAGES.reply }), [tellHost]);
  const chat = useWidgetChat({ publishableKey, onReply });
  const { init, identify, withPerson, restored } = chat;
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const [draft, setDraft] = useState("");

  // The host page loads the chat with each page while a person is in the conversation (or asked for).
  // Told once the earlier conversation has been read back: before, "no person" would only mean "not known yet",
  // and would clear the host's flag until then.
  const following = useRef<boolean | null>(null);
  useEffect(() => {
    if (!restored || following.current === withPerson) return;
    following.current = withPerson;
    tellHost({ type: WIDGET_MESSAGES.follow, following: withPerson });
  }, [restored, withPerson, tellHost]);

  useEffect(() => {
    const inFrame = window.parent !== window;
    const onMessage = (event: MessageEvent) => {
      // Only the page that frames us, and only if it is one the key allows: any other window or
      // origin could otherwise pick who the visitor is.
      if (event.source !== window.parent || !allowedOrigins.includes(event.origin)) return;
      const parsed = hostMessageSchema.safeParse(event.data);
      if (!parsed.success) return;
      hostOrigin.current = event.origin;
      const message = parsed.data;
      if (message.type === WIDGET_MESSAGES.init) init({ identity: message.identity, page: message.page, modelChoice: message.modelChoice });
      else if (message.type === WIDGET_MESSAGES.identify) {
        identify(message.userIdentifier === null ? null : { userIdentifier: message.userIdentifier, userHash: message.userHash });
      } else inputRef.current?.focus();
    };
    window.addEventListener("message", onMessage);
    if (inFrame) tellHost({ type: WIDGET_MESSAGES.ready, look });
    else init({ identity: null, page: null, modelChoice: null });
    return () => window.removeEventListener("message", onMessage);
  }, [allowedOrigins, init, identify, look, tellHost]);

  const close = useCallback(() => tellHost({ type: WIDGET_MESSAGES.close }), [tellHost]);

  useEffect(() => {
    // Keys pressed in the iframe never reach the host page, so Escape is passed on from here.
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented) close();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [close]);

  // ---- autoscroll -----------------------------------------------------------------------------
  const scrollRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const last = chat.messages.at(-1);
  useLayoutEffect(() => {
    const list = scrollRef.current;
    if (list && stickToBottom.current) list.scrollTop = list.scrollHeight;
  }, [chat.messages.length, last?.content.length, last?.productCards?.length, chat.failure]);

  const submit = () => {
    const text = draft;
    setDraft("");
    stickToBottom.current = true;
    inputRef.current?.focus();
    void chat.send(text).then((outcome) => {
      // Refused before anything was stored: nothing typed is lost.
      if (!outcome.stored) setDraft((current) => current || text);
    });
  };

  const retry = () => {
    if (chat.turn) void chat.retry();
  };

  const accentText = readableTextOn(look.botColor);
  const style = { "--widget-accent": look.botColor, "--widget-accent-fg": accentText } as CSSProperties;
  const streaming = chat.streaming;
  const aborted = chat.turn?.phase === "aborted";
  const showRetry = chat.failure?.retryable && chat.turn?.acknowledged && !streaming;

  return (
    <div style={style} className="fixed inset-0 flex flex-col bg-background text-fg">
      <header className="flex shrink-0 items-center gap-3 bg-(--widget-accent) px-4 py-3 text-(--widget-accent-fg)">
        <span aria-hidden="true" className="grid size-9 shrink-0 place-items-center rounded-full bg-white/20 text-lg font-semibold">
          {look.botIcon ?? look.botName.slice(0, 1).toUpperCase()}
        </span>
        <div className="min-w-0 flex-1">
          <h1 className="truncate text-base leading-tight font-semibold">{look.botName}</h1>
          {chat.identity ? <p className="truncate text-xs">Signed in as {chat.identity.userIdentifier}</p> : null}
        </div>
        {framed ? (
          <button
            type="button"
            onClick={close}
            aria-label="Close chat"
            className="grid size-9 shrink-0 place-items-center rounded-full outline-offset-2 outline-current hover:bg-white/15 focus-visible:outline-2"
          >
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round">
              <path d="M6 6l12 12M18 6L6 18" />
            </svg>
          </button>
        ) : null}
      </header>

      <div
        ref={scrollRef}
        // Focusable so keyboard users can scroll the messages (WCAG 2.1.1).
        tabIndex={0}
        role="region"
        aria-label="Messages"
        onScroll={(event) => {
          const list = event.currentTarget;
          stickToBottom.current = list.scrollHeight - list.scrollTop - list.clientHeight < STICK_THRESHOLD_PX;
        }}
        className="focus-ring min-h-0 flex-1 overflow-y-auto px-3 py-4"
      >
        <div role="log" aria-label="Conversation" aria-live="polite" aria-busy={streaming || undefined} className="space-y-3">
          <WidgetMessage message={greetingMessage(greeting)} botName={look.botName} greeting />
          {chat.restarted ? (
            <p className="text-center text-xs text-fg-muted">Your earlier conversation timed out, so this is a new one.</p>
          ) : null}
          <Notices notices={chat.notices} at={0} shown={chat.messages.length} />
          {chat.messages.map((message, index) => (
            <Fragment key={message.id}>
              <WidgetMessage message={message} botName={look.botName} />
              <Notices notices={chat.notices} at={index + 1} shown={chat.messages.length} />
            </Fragment>
          ))}
          {chat.withPerson && !chat.personTyping ? (
            <p className="text-center text-xs text-fg-muted">
              {chat.waitingForPerson
                ? "A person from the team has your message and will reply here."
                : "You\u2019re talking with a person from the team; they reply here."}
            </p>
          ) : null}
          {chat.waitingForPerson && !chat.personTyping ? <ContinueWithAssistant onContinue={chat.continueWithAssistant} /> : null}
          {chat.personTyping ? (
            <p data-testid="person-typing" className="text-xs text-fg-muted">
              {chat.personTyping} is typing…
            </p>
          ) : null}
        </div>
        {chat.failure ? (
          <div role="alert" className="mt-3 flex flex-wrap items-center gap-2 rounded-lg border border-danger/40 bg-surface p-3 text-sm">
            <p className="flex-1 text-danger-fg">{chat.failure.detail}</p>
            {showRetry ? (
              <button
                type="button"
                onClick={retry}
                className="focus-ring rounded-md border border-border-strong px-2.5 py-1 text-xs font-medium hover:bg-surface-muted"
              >
                Retry
              </button>
            ) : null}
          </div>
        ) : null}
      </div>

      <p role="status" className="sr-only">
        {streaming ? `${look.botName} is answering…` : aborted ? "Stopped." : ""}
      </p>
      <WidgetComposer
        value={draft}
        onChange={(text) => {
          setDraft(text);
          chat.typing(text);
        }}
        onSend={submit}
        onStop={() => {
          chat.stop();
          inputRef.current?.focus();
        }}
        streaming={streaming}
        inputRef={inputRef}
      />
    </div>
  );
}

/**
 * Where the framing page is, among the allowed origins: Chromium and Safari name it
 * (ancestorOrigins), else the referrer usually does. Failing both, every allowed origin: the
 * browser delivers a message only to the one that matches, and nothing sent before the host
 * page speaks is private (the launcher's look, a request to close).
 */
function likelyHostOrigins(allowedOrigins: string[]): string[] {
  const named = window.location.ancestorOrigins?.[0];
  if (named) return allowedOrigins.includes(named) ? [named] : [];
  try {
    const referrer = new URL(document.referrer).origin;
    if (allowedOrigins.includes(referrer)) return [referrer];
  } catch {
    // No referrer (a no-referrer policy): fall through.
  }
  return allowedOrigins;
}

/** The notices placed after the first `at` of the `shown` messages (one placed past the end, after the last). */
function Notices({ notices, at, shown }: { notices: WidgetNotice[]; at: number; shown: number }) {
  return notices
    .filter((notice) => Math.min(notice.after, shown) === at)
    .map((notice) => (
      <p key={notice.id} data-testid="widget-notice" className="text-center text-xs text-fg-muted">
        {notice.text}
      </p>
    ));
}

function noSubscription(): () => void {
  return () => {};
}

function greetingMessage(greeting: string): ConversationMessage {
  return { id: "greeting", role: "assistant", content: greeting, status: "complete", createdAt: "", productCards: null, proposal: null };
}

/** While a person has been asked for and has not joined: the visitor may go back to the assistant. */
function ContinueWithAssistant({ onContinue }: { onContinue: () => Promise<boolean> }) {
  const [state, setState] = useState<"idle" | "busy" | "failed">("idle");
  return (
    <div className="flex flex-col items-center gap-1.5">
      <button
        type="button"
        disabled={state === "busy"}
        onClick={async () => {
          setState("busy");
          setState((await onContinue()) ? "idle" : "failed");
        }}
        className="focus-ring rounded-md border border-border-strong px-2.5 py-1 text-xs font-medium hover:bg-surface-muted disabled:opacity-60"
      >
        Continue with the assistant
      </button>
      {state === "failed" ? (
        <p role="alert" className="text-xs text-danger-fg">
          The assistant could not take the conversation back just now. Please try again.
        </p>
      ) : null}
    </div>
  );
}
