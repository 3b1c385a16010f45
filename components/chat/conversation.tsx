"use client";

import dynamic from "next/dynamic";
import { memo, Suspense, useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from "react";
import { Button } from "@/components/ui/button";
import { LazyPart } from "@/components/ui/lazy-part";
import { useAuth } from "@/hooks/use-auth";
import { useBusiness } from "@/hooks/use-business";
import {
  useChatHistory,
  useMyPurchases,
  useSessionSummary,
  useSwitchBranch,
  useTypingIndicator,
  type TurnOutcome,
} from "@/hooks/use-chat";
import { useChatFiles, useUploadChatFile } from "@/hooks/use-chat-files";
import { errorMessage, isHttpError } from "@/lib/api-client";
import { lazyModule, UNREACHABLE_MESSAGE } from "@/lib/lazy-module";
import { conversationMessages, type ChatFailure, type ConversationMessage, type TurnBranch, type TurnState } from "@/lib/chat/stream-client";
import { toast } from "@/lib/toast";
import { Composer } from "./composer";
import { FileDropZone, preloadDropHighlight } from "./file-drop-zone";
import type { HandoffStatusProps } from "./handoff-status";
import { preloadMarkdown } from "./lazy-markdown";
import { MessageItem, preloadMessageExtras, type MessageItemProps, type RenderedGreeting } from "./message-item";
import { versionPosition } from "./versions";
import { purchasedProposals } from "./proposals";
import { SuggestedPrompts } from "./suggested-prompts";

// An open file's panel: closed on every first paint, so its code (and its table) loads after the page.
const FilePanel = dynamic(() => import("./file-panel").then((module) => module.FilePanel), { ssr: false });
// The tray above the message box shows only once a conversation has files (or an upload is under way):
// a conversation that has them renders it on the server and its code comes with the page; otherwise it
// is fetched once the chat is up, with the message extras.
const FileTray = dynamic(() => import("./file-tray").then((module) => module.FileTray));
const preloadFileTray = () => void import("./file-tray").catch(() => undefined);
// Whether a person is with a stored conversation, or can be asked: a stored conversation's page renders it
// on the server and hydrates it once its code has come after the page (LazyPart); a new chat fetches it
// once the chat is up.
const handoffStatus = lazyModule(() => import("./handoff-status"));
const preloadHandoffStatus = () => void handoffStatus.preload().catch(() => undefined);
// What a chosen or dropped file is checked against before it is sent: needed only once one is.
const fileChecks = lazyModule(() => import("./file-checks"));

export interface ConversationProps {
  sessionId: string | null;
  userId: string | null;
  botName: string;
  greeting: string | null;
  /** The greeting as the server rendered it (Markdown), shown while the greeting is still that text. */
  renderedGreeting?: RenderedGreeting | null;
  turn: TurnState | null;
  streaming: boolean;
  send: (input: { message: string; sessionId: string | null; branch?: TurnBranch | null }) => Promise<TurnOutcome>;
  stop: () => void;
  /** The finished turn stops adding to what is shown (another version is about to be). */
  settle: () => void;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  onNewChat: () => void;
  /** A file attached to a new chat created its conversation (before the file was sent). */
  onSessionCreated: (sessionId: string) => void;
  /** What a new chat's message box starts with until the user types (e.g. a question about a product). */
  initialDraft?: string | null;
}

// Within this distance of the bottom the list keeps following new text; further up, the reader is left alone.
const STICK_THRESHOLD_PX = 80;

export function Conversation({
  sessionId,
  userId,
  botName,
  greeting,
  renderedGreeting = null,
  turn,
  streaming,
  send,
  stop,
  settle,
  inputRef,
  onNewChat,
  onSessionCreated,
  initialDraft = null,
}: ConversationProps) {
  const streamingHere = streaming && turn?.sessionId === sessionId;
  const history = useChatHistory(sessionId);
  const summary = useSessionSummary(sessionId);
  // Who answers an open conversation: the line under it says, or offers a person.
  const handoff = sessionId && summary && summary.status !== "closed" ? { sessionId, status: summary.status } : null;
  const personTyping = useTypingIndicator(sessionId);
  const purchases = useMyPurchases(userId);
  const { role } = useAuth();
  // The storefront's product page is where every member (any role) may open an approved product and buy it.
  const shopSlug = useBusiness().data?.slug ?? null;
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  // The Markdown renderer, a message's extras and the files' code are fetched once the page is up, before the first answer or file needs them.
  useEffect(() => {
    preloadMarkdown();
    preloadMessageExtras();
    preloadFileTray();
    preloadDropHighlight();
    preloadHandoffStatus();
    fileChecks.preload().catch(() => undefined);
  }, []);
  const draftKey = sessionId ?? "new";
  const draft = drafts[draftKey] ?? (draftKey === "new" ? (initialDraft ?? "") : "");
  const setDraft = useCallback((key: string, value: string) => setDrafts((all) => ({ ...all, [key]: value })), []);

  // ---- files ----------------------------------------------------------------------------------
  const files = useChatFiles(sessionId);
  const attached = useMemo(() => files.data?.results ?? [], [files.data]);
  const upload = useUploadChatFile({
    onSessionCreated: useCallback(
      (id: string) => {
        // What was typed into the new chat stays in the box once it becomes this conversation.
        setDrafts((all) => (all.new ? { ...all, [id]: all[id] || all.new, new: "" } : all));
        onSessionCreated(id);
      },
      [onSessionCreated],
    ),
  });
  const [attachError, setAttachError] = useState<string | null>(null);
  const [attachedNote, setAttachedNote] = useState("");
  const [openFileId, setOpenFileId] = useState<string | null>(null);
  const openFile = attached.find((file) => file.id === openFileId) ?? null;
  const uploadingHere = upload.progress !== null && upload.progress.sessionId === sessionId;
  // A deleted file's chip, which opened the panel, cannot take focus back: the message box does.
  const focusInputAfterPanel = useRef(false);
  useEffect(() => {
    // Runs after the dialog closed in the same commit, when the page is no longer inert.
    if (openFileId !== null || !focusInputAfterPanel.current) return;
    focusInputAfterPanel.current = false;
    inputRef.current?.focus();
  }, [openFileId, inputRef]);
  // The member's own message open for editing, with the text as changed so far.
  const [editing, setEditing] = useState<{ messageId: string; text: string } | null>(null);
  const [versionNote, setVersionNote] = useState("");
  const [seenSession, setSeenSession] = useState(sessionId);
  if (seenSession !== sessionId) {
    setSeenSession(sessionId);
    setAttachError(null);
    setOpenFileId(null);
    setEditing(null);
    setVersionNote("");
  }

  const messages = useMemo(
    () => conversationMessages({ history: history.messages, turn, sessionId }),
    [history.messages, turn, sessionId],
  );
  const purchased = useMemo(
    () =>
      purchasedProposals({
        messages,
        purchases: purchases.data?.pages.flatMap((page) => page.results) ?? [],
        sessionId,
      }),
    [messages, purchases.data, sessionId],
  );

  // ---- autoscroll -----------------------------------------------------------------------------
  const scrollRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const restoreFrom = useRef<{ height: number; top: number } | null>(null);

  useLayoutEffect(() => {
    stickToBottom.current = true;
    scrollRef.current?.scrollTo({ top: scrollRef.current.scrollHeight });
  }, [sessionId]);

  // The list follows its content: a reader at the bottom stays there as messages arrive or grow (a
  // streamed answer, "Seen", the line about a person, a card's picture), and older messages put above
  // keep the one being read in place.
  const contentRef = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const list = scrollRef.current!;
    const observer = new ResizeObserver(() => {
      if (restoreFrom.current) {
        list.scrollTop = restoreFrom.current.top + (list.scrollHeight - restoreFrom.current.height);
        restoreFrom.current = null;
      } else if (stickToBottom.current) {
        list.scrollTop = list.scrollHeight;
      }
    });
    observer.observe(contentRef.current!);
    return () => observer.disconnect();
  }, []);

  const loadOlder = () => {
    const list = scrollRef.current;
    if (list) restoreFrom.current = { height: list.scrollHeight, top: list.scrollTop };
    void history.fetchNextPage();
  };

  // ---- sending --------------------------------------------------------------------------------
  const submit = (text: string, targetSession: string | null) => {
    const message = text.trim();
    const key = targetSession ?? "new";
    setDraft(key, "");
    stickToBottom.current = true;
    inputRef.current?.focus();
    void send({ message, sessionId: targetSession }).then((outcome: TurnOutcome) => {
      // Refused before anything was stored (402, 400, unreachable): nothing typed is lost.
      if (outcome.sent && !outcome.acknowledged && outcome.phase === "error") {
        setDrafts((all) => (all[key] ? all : { ...all, [key]: message }));
      }
    });
  };

  // ---- versions: regenerate, edit and switch ------------------------------------------------------
  /** Streams a new branch like a send; an edit the server refused before storing anything opens again with its text. */
  const startBranch = (message: string, branch: TurnBranch) => {
    if (!sessionId) return;
    setVersionNote("");
    stickToBottom.current = true;
    inputRef.current?.focus();
    void send({ message, sessionId, branch }).then((outcome) => {
      if (branch.kind === "edit" && outcome.sent && !outcome.acknowledged && outcome.phase === "error") {
        setEditing((current) => current ?? { messageId: branch.messageId, text: message });
      }
    });
  };
  const regenerate = (answer: ConversationMessage) => {
    if (!answer.parentId) return;
    const question = messages.find((message) => message.id === answer.parentId);
    startBranch(question?.content ?? "", { kind: "regenerate", answerId: answer.id, questionId: answer.parentId });
  };
  const sendEdit = (messageId: string, text: string) => {
    setEditing(null);
    startBranch(text, { kind: "edit", messageId });
  };

  const switchBranch = useSwitchBranch(sessionId);
  const showVersion = (messageId: string) => {
    setEditing(null);
    setVersionNote("");
    // What was streamed here belongs to the version being left: from now on the history alone is shown.
    settle();
    switchBranch.mutate(messageId, {
      onSuccess: (page) => {
        const shown = page.results.find((message) => message.id === messageId);
        const position = shown ? versionPosition(shown) : null;
        if (position) setVersionNote(`Showing version ${position.number} of ${position.total}.`);
      },
      onError: (error) => toast.error(errorMessage(error, "That version could not be shown. Please try again.")),
    });
  };

  const onStop = () => {
    stop();
    inputRef.current?.focus();
  };
  const stopping = streamingHere && turn?.stopRequested === true;

  // "Seen" goes under the newest of the user's messages a person of the business has read.
  const seenUpTo = summary?.seenUpTo ? Date.parse(summary.seenUpTo) : null;
  const seenMessageId =
    seenUpTo === null ? null : (messages.findLast((message) => message.role === "user" && Date.parse(message.createdAt) <= seenUpTo)?.id ?? null);

  const liveFailure: ChatFailure | null = turn && turn.sessionId === sessionId && turn.phase === "error" ? turn.failure : null;
  const last = messages.at(-1);
  const storedFailure = !liveFailure && !streamingHere && last?.role === "assistant" && last.status === "error";
  const retryMessage = (): string | null => {
    if (liveFailure && turn) return turn.message;
    return messages.findLast((message) => message.role === "user")?.content ?? null;
  };
  const retry = () => {
    const message = retryMessage();
    if (!message) return;
    // Once the failed answer is stored, that answer is regenerated: sending its question again would
    // store the question twice and show it to the model twice. A turn refused before anything was
    // stored is sent again as itself.
    const live = liveFailure ? turn : null;
    if (live?.acknowledged && !live.assistant.id.startsWith("local-")) startBranch(message, { kind: "regenerate", answerId: live.assistant.id, questionId: live.user.id });
    else if (live?.branch) startBranch(message, live.branch);
    else if (storedFailure && last.parentId) regenerate(last);
    else submit(message, sessionId);
  };

  const notFound = history.isError && isHttpError(history.error) && history.error.response?.status === 404;
  const blockedReason = notFound
    ? "This conversation is gone. Start a new chat."
    : streaming && !streamingHere
      ? "Another answer is still being written. Wait for it to finish."
      : uploadingHere
        ? "Wait for the file to finish uploading, so the assistant can read it."
        : null;
  const attachRefusal = notFound
    ? "This conversation is gone. Start a new chat to attach a file."
    : upload.isUploading
      ? "Wait for the file being uploaded to finish."
      : streamingHere
        ? "Wait for the answer to finish before attaching a file."
        : null;
  const branchBlocked = streaming
    ? "Wait for the answer being written to finish."
    : // With a person, or one asked for (a member's own conversation never closes).
      summary && summary.status !== "assistant"
      ? "A person from the team is handling this conversation."
      : notFound
        ? "This conversation is gone."
        : null;

  const trayError = attachError ?? (upload.error && upload.errorSession === sessionId ? errorMessage(upload.error, "The file could not be attached.") : null);

  const attach = async (chosen: File[]) => {
    setAttachError(null);
    upload.reset();
    let refusal = attachRefusal;
    if (!refusal) {
      try {
        refusal = (await fileChecks.preload()).attachmentProblem({ files: chosen, attached: attached.length });
      } catch {
        refusal = UNREACHABLE_MESSAGE;
      }
    }
    if (refusal) {
      setAttachError(refusal);
      return;
    }
    let target = sessionId;
    for (const file of chosen) {
      try {
        const stored = await upload.upload({ file, sessionId: target });
        target = stored.sessionId;
        setAttachedNote(`${stored.name} attached.`);
      } catch {
        // The hook holds the failure for the tray; a cancel or a failure skips the files after it.
        return;
      }
    }
  };

  // What the message list is handed stays the same objects from render to render while what they hold is
  // unchanged, so the memoised list (below) is not rendered again. The handlers read the latest state
  // through a ref.
  const handlers = useRef({ regenerate, showVersion, sendEdit });
  useLayoutEffect(() => {
    handlers.current = { regenerate, showVersion, sendEdit };
  });
  // A conversation that only holds files so far still opens with the greeting.
  const greetingShown = messages.length === 0 && greeting !== null && greeting !== "" && (!sessionId || history.isSuccess);
  const greetingRendered = renderedGreeting?.text === greeting ? renderedGreeting.node : undefined;
  const switching = switchBranch.isPending;
  const listData = useMemo(
    () => ({
      greeting: greetingShown ? greeting : null,
      renderedGreeting: greetingRendered,
      messages,
      botName,
      seenMessageId,
      purchased,
      sessionId,
      actions: {
        showUsage: role === "admin",
        rating: { sessionId },
        onRegenerate: (answer: ConversationMessage) => handlers.current.regenerate(answer),
        onEdit: (mine: ConversationMessage) => setEditing({ messageId: mine.id, text: mine.content }),
        onSwitchVersion: (messageId: string) => handlers.current.showVersion(messageId),
        branchBlocked,
        switching,
      },
      shop: { slug: shopSlug, sessionId },
    }),
    [greetingShown, greeting, greetingRendered, messages, botName, seenMessageId, purchased, sessionId, role, branchBlocked, switching, shopSlug],
  );
  // The messages render what changed in them as a transition (deferred): a stored conversation's page
  // keeps the server's HTML of them until their code has come, and React would throw that HTML away
  // for the skeleton if an urgent render reached them first (the tab hydrating, the member's purchases
  // arriving, the history read again). The message being edited is not deferred: its box is typed in.
  // A list that was empty has no HTML to keep: its first messages render at once, so while their code is
  // on its way the boundary shows the skeleton, not an empty conversation.
  const deferredList = useDeferredValue(listData);
  const showsDeferred = deferredList.messages.length > 0;


  return (
    <FileDropZone onFiles={(chosen) => void attach(chosen)} className="flex min-h-0 flex-1 flex-col">
      <div
        ref={scrollRef}
        data-testid="message-scroller"
        // Focusable so keyboard users can scroll the messages (WCAG 2.1.1).
        tabIndex={0}
        role="region"
        aria-label="Messages"
        onScroll={(event) => {
          const list = event.currentTarget;
          stickToBottom.current = list.scrollHeight - list.scrollTop - list.clientHeight < STICK_THRESHOLD_PX;
        }}
        className="group/messages focus-ring min-h-0 flex-1 overflow-x-hidden overflow-y-auto overscroll-contain px-3 py-4 md:px-4"
      >
        <div ref={contentRef}>
          {history.hasNextPage ? (
            <div className="mb-4 flex justify-center">
              <Button type="button" variant="secondary" size="sm" loading={history.isFetchingNextPage} onClick={loadOlder}>
                Load earlier messages
              </Button>
            </div>
          ) : null}
          {sessionId && history.isPending && messages.length === 0 ? (
            <ConversationSkeleton />
          ) : notFound ? (
            <div role="alert" className="mx-auto max-w-md space-y-3 py-12 text-center text-sm">
              <p className="font-medium text-fg">This conversation doesn&rsquo;t exist or was deleted.</p>
              <Button type="button" onClick={onNewChat}>
                Start a new chat
              </Button>
            </div>
          ) : history.isError ? (
            <div role="alert" className="mx-auto max-w-md space-y-3 py-12 text-center text-sm">
              <p className="text-danger-fg">{errorMessage(history.error, "This conversation could not be loaded.")}</p>
              <Button type="button" variant="secondary" onClick={() => void history.refetch()}>
                Retry
              </Button>
            </div>
          ) : null}
          <div
            role="log"
            aria-label="Conversation"
            aria-live="polite"
            aria-busy={streamingHere || undefined}
            className="space-y-4"
          >
            <MessageList {...(showsDeferred ? deferredList : listData)} editing={editing} setEditing={setEditing} handlers={handlers} />
            {personTyping ? (
              <p data-testid="person-typing" className="text-xs text-fg-muted">
                {personTyping} is typing…
              </p>
            ) : null}
          </div>
          {messages.length === 0 && !streamingHere && !notFound && !history.isError && (!sessionId || history.isSuccess) ? (
            <SuggestedPrompts disabled={blockedReason !== null} onPick={(prompt) => submit(prompt, sessionId)} />
          ) : null}
          {handoff ? (
            <HandoffLine key={handoff.sessionId} sessionId={handoff.sessionId} status={handoff.status} draft={handoffStatus.loaded() ? draft : ""} />
          ) : null}
          {liveFailure || storedFailure ? (
            <div role="alert" className="mt-4 flex flex-wrap items-center gap-3 rounded-lg border border-danger/40 bg-surface p-3 text-sm">
              <p className="text-danger-fg">{liveFailure ? liveFailure.detail : "The last answer failed before it finished."}</p>
              {(liveFailure?.retryable ?? true) && retryMessage() && !streaming ? (
                <Button type="button" size="sm" variant="secondary" onClick={retry}>
                  Retry
                </Button>
              ) : null}
            </div>
          ) : null}
        </div>
      </div>
      <p role="status" className="sr-only">
        {streamingHere ? `${botName} is answering…` : turn?.sessionId === sessionId && turn?.phase === "aborted" ? "Stopped." : ""}
      </p>
      <p role="status" className="sr-only">
        {attachedNote}
      </p>
      <p role="status" className="sr-only">
        {versionNote}
      </p>
      <Composer
        value={draft}
        onChange={(value) => setDraft(draftKey, value)}
        onSend={() => submit(draft, sessionId)}
        onStop={onStop}
        streaming={streamingHere}
        stopping={stopping}
        blockedReason={blockedReason}
        inputRef={inputRef}
        onAttach={(chosen) => void attach(chosen)}
        attachDisabled={attachRefusal !== null}
        attachments={
          attached.length === 0 && !uploadingHere && !trayError ? null : (
            <FileTray
              files={attached}
              progress={uploadingHere ? upload.progress : null}
              onCancel={upload.cancel}
              error={trayError}
              onDismissError={() => {
                setAttachError(null);
                upload.reset();
              }}
              onOpen={(file) => setOpenFileId(file.id)}
            />
          )
        }
      />
      <FilePanel
        file={openFile}
        onClose={() => setOpenFileId(null)}
        onDeleted={() => {
          focusInputAfterPanel.current = true;
        }}
      />
    </FileDropZone>
  );
}

function greetingMessage(greeting: string): ConversationMessage {
  return { id: "greeting", role: "assistant", content: greeting, status: "complete", createdAt: "", productCards: null, proposal: null };
}

interface MessageListProps {
  /** The business's greeting, when the conversation opens with it. */
  greeting: string | null;
  renderedGreeting: ReactNode | undefined;
  messages: ConversationMessage[];
  botName: string;
  seenMessageId: string | null;
  /** What the member bought from the conversation's proposals, by message. */
  purchased: Map<string, NonNullable<MessageItemProps["proposal"]>["purchased"]>;
  sessionId: string | null;
  actions: NonNullable<MessageItemProps["actions"]>;
  editing: { messageId: string; text: string } | null;
  setEditing: (editing: { messageId: string; text: string } | null) => void;
  /** The conversation's latest handlers (a ref: the same object every render). */
  handlers: RefObject<{ sendEdit: (messageId: string, text: string) => void }>;
  shop: NonNullable<MessageItemProps["shop"]>;
}

/**
 * The messages. Until the Markdown renderer has loaded they wait as a whole (never shown as raw text
 * first): a stored conversation's page keeps the server's HTML of them meanwhile, which React throws
 * away for the skeleton if the boundary is rendered again before its code has come. Memoised, with props
 * that stay the same objects while the messages do not change, so the conversation rendering again
 * as the tab hydrates and its data arrives does not reach the boundary.
 */
const MessageList = memo(function MessageList({
  greeting,
  renderedGreeting,
  messages,
  botName,
  seenMessageId,
  purchased,
  sessionId,
  actions,
  editing,
  setEditing,
  handlers,
  shop,
}: MessageListProps) {
  const greetingItem = greeting === null ? null : <MessageItem message={greetingMessage(greeting)} botName={botName} greeting rendered={renderedGreeting} />;
  return (
    <>
      {/* The greeting as the server rendered it needs no renderer here, so it stays out of the boundary below:
          the page's first paint shows it, never a placeholder that it then replaces. */}
      {renderedGreeting !== undefined ? greetingItem : null}
      <Suspense fallback={<ConversationSkeleton />}>
        {renderedGreeting === undefined ? greetingItem : null}
        {messages.map((message) => (
          <MessageItem
            // One place for all versions of a message: switching keeps the switcher (and its focus) where it was.
            key={message.versions?.[0] ?? message.id}
            message={message}
            botName={botName}
            seen={message.id === seenMessageId}
            proposal={message.proposal ? { purchased: purchased.get(message.id) ?? null, sessionId } : undefined}
            actions={actions}
            editor={
              editing?.messageId === message.id
                ? {
                    value: editing.text,
                    onChange: (text) => setEditing({ messageId: message.id, text }),
                    onSend: (text) => handlers.current.sendEdit(message.id, text),
                    onCancel: () => setEditing(null),
                    blockedReason: actions.branchBlocked ?? null,
                  }
                : undefined
            }
            shop={shop}
          />
        ))}
      </Suspense>
    </>
  );
});

/** Memoised like the messages, so the line keeps the server's HTML until its code has come (the draft is passed only after). */
const HandoffLine = memo(function HandoffLine(props: HandoffStatusProps) {
  return <LazyPart code={handoffStatus}>{({ HandoffStatus }) => <HandoffStatus {...props} />}</LazyPart>;
});

function ConversationSkeleton() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading conversation" data-skeleton className="space-y-4">
      <div className="ml-auto h-10 w-2/5 animate-pulse rounded-2xl bg-surface-muted" />
      <div className="h-24 w-3/5 animate-pulse rounded-2xl bg-surface-muted" />
      <div className="ml-auto h-10 w-1/3 animate-pulse rounded-2xl bg-surface-muted" />
    </div>
  );
}
