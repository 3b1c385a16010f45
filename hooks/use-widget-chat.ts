"use client";

import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import {
  isTurnActive,
  startTurn,
  turnReducer,
  type ConversationMessage,
  type TurnAction,
  type TurnBranch,
  type TurnState,
} from "@/lib/chat/stream-client";
import { readChatEvents } from "@/lib/chat/stream-reader";
import { connectEventStream } from "@/lib/events/client";
import type { AppEvent } from "@/lib/events/schemas";
import { TYPING_SIGNAL_EVERY_MS } from "@/lib/inbox/typers";
import type { ModelChoiceRequest, PageContext, VisitorIdentity } from "@/lib/widget/protocol";
import {
  createVisitorSession,
  failureOfError,
  fetchVisitorHistory,
  fetchVisitorSession,
  handoffNotice,
  mintVisitorToken,
  personHandlingOf,
  postVisitorMessage,
  postVisitorTyping,
  refusedModelChoiceWarning,
  regenerateVisitorAnswer,
  refusesModelChoice,
  requestErrorOf,
  visibleHistory,
  visitorFailure,
  withdrawVisitorPersonRequest,
  type VisitorToken,
} from "@/lib/widget/visitor-client";
import { anonymousIdFor, rememberSession, rememberedSession } from "@/lib/widget/visitor-storage";

/**
 * The widget iframe's conversation: a visitor token minted on first need (anonymous, or for the
 * identity the host page passed), one session at a time, streamed turns read with the same reader
 * and reducer as the members' chat. Expired sessions and tokens are replaced without the visitor
 * noticing: a 410 opens a new session and sends again, a 401 mints a new token and retries once.
 * A model the embed tag asks for and the server refuses is dropped (with a console warning), and
 * the business's own model answers.
 */

const HISTORY_PAGE_SIZE = 50;

type Store = { turn: TurnState | null };
type StoreAction = { type: "start"; turn: TurnState } | { type: "event"; localId: string; action: TurnAction } | { type: "reset" };

function storeReducer(state: Store, action: StoreAction): Store {
  if (action.type === "reset") return { turn: null };
  if (action.type === "start") return { turn: action.turn };
  // A superseded turn's stream may still be draining: its events must not touch the new one.
  if (!state.turn || state.turn.localId !== action.localId) return state;
  return { turn: turnReducer(state.turn, action.action) };
}

function sameIdentity(a: VisitorIdentity | null, b: VisitorIdentity | null): boolean {
  return a?.userIdentifier === b?.userIdentifier && a?.userHash === b?.userHash;
}

let localIds = 0;

/** A turn's messages as the conversation shows them: no assistant message when it went to a person. */
function turnMessages(turn: TurnState): ConversationMessage[] {
  return turn.handedOff ? [turn.user] : [turn.user, turn.assistant];
}

/** `messages` with those of `more` it does not hold yet, in order. */
function withNew(messages: ConversationMessage[], more: ConversationMessage[]): ConversationMessage[] {
  const fresh = more.filter((message) => !messages.some((m) => m.id === message.id));
  return fresh.length ? [...messages, ...fresh] : messages;
}

/** How a send ended; `stored` is false when the server kept nothing (the text goes back to the composer). */
export type WidgetSendOutcome = { stored: boolean };

/**
 * A line in the conversation about who answers it ("Ada from the team joined the conversation."), after the
 * first `after` messages, as many as there were when it happened (messages are only ever added, and
 * a turn's keep their place when the server names them). Seen live only: a reloaded widget shows who
 * answers now, not how it came to be.
 */
export type WidgetNotice = { id: string; after: number; text: string };

export function useWidgetChat({ publishableKey, onReply }: { publishableKey: string; /** An answer arrived: the assistant's finished, or a person's. */ onReply?: () => void }) {
  const [store, dispatch] = useReducer(storeReducer, { turn: null });
  const [history, setHistory] = useState<ConversationMessage[]>([]);
  const [restarted, setRestarted] = useState(false);
  const [identity, setIdentity] = useState<VisitorIdentity | null>(null);
  // The conversation the live stream follows (a person's replies and typing arrive through it).
  const [liveSession, setLiveSession] = useState<string | null>(null);
  const [personTyping, setPersonTyping] = useState<{ name: string; until: number } | null>(null);
  // Who the visitor's messages go to when not the assistant: a person asked for and not yet there
  // ("needs_person", which the visitor may take back), or one who is with the conversation. Known from
  // the stored conversation when it is restored, then kept by its turns and live events.
  const [handoff, setHandoff] = useState<"needs_person" | "with_person" | null>(null);
  // Whether the visitor's earlier conversation (if any) has been read back, so `handoff` is known.
  const [restored, setRestored] = useState(false);
  const [notices, setNotices] = useState<WidgetNotice[]>([]);
  const onReplyRef = useRef(onReply);
  const handoffRef = useRef(handoff);
  // The conversation the visitor's last "typing" signal went to, and when.
  const typingSignal = useRef<{ sessionId: string; at: number } | null>(null);
  const messageCount = useRef(0);
  // A person's replies already told to the host page (an event delivered twice is one reply).
  const repliesTold = useRef(new Set<string>());
  // The conversation read back from storage before its live stream was open: read again once it is
  // (or, when the visitor's message was under way by then, once its turn has ended).
  const readBeforeStream = useRef<string | null>(null);
  // A person's replies that came while the visitor's message was being answered, shown after that answer.
  const [repliesAfterTurn, setRepliesAfterTurn] = useState<ConversationMessage[]>([]);
  const heldReplies = useRef<ConversationMessage[]>([]);
  const holdReplies = useCallback((replies: ConversationMessage[]) => {
    heldReplies.current = replies;
    setRepliesAfterTurn(replies);
  }, []);
  // The turn (its local id) during which a person took the conversation over or handed it back.
  const handoffChangedDuringTurn = useRef<string | null>(null);
  // The remembered conversation, continued without its history after the read on this page failed.
  const continuedUnread = useRef<string | null>(null);
  const readAfterTurn = useRef<(() => void) | null>(null);

  const identityRef = useRef<VisitorIdentity | null>(null);
  const pageRef = useRef<PageContext | null>(null);
  const modelChoiceRef = useRef<ModelChoiceRequest | null>(null);
  // Once the server refused the embed tag's choice, this page's conversations use the business's model.
  const modelRefused = useRef(false);
  const tokenRef = useRef<Promise<VisitorToken> | null>(null);
  const sessionRef = useRef<string | null>(null);
  const turnRef = useRef<TurnState | null>(null);
  const controllerRef = useRef<AbortController | null>(null);
  const initialised = useRef(false);
  // Bumped when the visitor changes: answers to the previous visitor's requests are dropped.
  const generation = useRef(0);

  useEffect(() => {
    turnRef.current = store.turn;
    if (readAfterTurn.current && !isTurnActive(store.turn)) {
      const read = readAfterTurn.current;
      readAfterTurn.current = null;
      read();
    }
  }, [store.turn]);
  useEffect(() => {
    onReplyRef.current = onReply;
  }, [onReply]);
  useEffect(() => {
    handoffRef.current = handoff;
  }, [handoff]);

  const token = useCallback(
    async (renew = false): Promise<string> => {
      if (renew || !tokenRef.current) {
        const current = identityRef.current;
        const minting = mintVisitorToken({
          publishableKey,
          identity: current,
          anonymousId: current ? "" : anonymousIdFor(publishableKey),
        });
        tokenRef.current = minting;
        minting.catch(() => {
          if (tokenRef.current === minting) tokenRef.current = null;
        });
      }
      return (await tokenRef.current).token;
    },
    [publishableKey],
  );

  /** A call with the visitor token; a 401 (the token ran out) mints a new one and tries once more. */
  const authed = useCallback(
    async (call: (token: string) => Promise<Response>): Promise<Response> => {
      const response = await call(await token());
      if (response.status !== 401) return response;
      return call(await token(true));
    },
    [token],
  );

  const keepSession = useCallback(
    (sessionId: string | null) => {
      sessionRef.current = sessionId;
      setLiveSession(sessionId);
      rememberSession(publishableKey, identityRef.current, sessionId);
    },
    [publishableKey],
  );

  /** A new conversation for the visitor of generation `started`; never remembered for a visitor who came after. */
  const openSession = useCallback(
    async (started: number): Promise<string> => {
      const create = (modelChoice: ModelChoiceRequest | null) => authed((t) => createVisitorSession({ token: t, pageContext: pageRef.current, modelChoice }));
      const choice = modelChoiceRef.current;
      let response = await create(choice);
      if (!response.ok && choice) {
        const error = await requestErrorOf(response);
        if (!refusesModelChoice(error)) throw error;
        // Removed by the operator, or its provider has no key: the widget still answers, with the business's model.
        modelRefused.current = true;
        modelChoiceRef.current = null;
        console.warn(refusedModelChoiceWarning(choice, error));
        response = await create(null);
      }
      if (!response.ok) throw await requestErrorOf(response);
      const { id } = (await response.json()) as { id: string };
      if (started !== generation.current) throw new DOMException("Another visitor took over.", "AbortError");
      keepSession(id);
      return id;
    },
    [authed, keepSession],
  );

  /**
   * A stored conversation's newest messages and who answers it; null when it is gone for this visitor
   * (404: deleted, or another visitor's). Any other failure (a 503, a rate limit, a proxy's page) throws:
   * the conversation is most likely still there.
   */
  const readStored = useCallback(
    async (sessionId: string): Promise<{ messages: ConversationMessage[]; handling: "needs_person" | "with_person" | null } | null> => {
      const [response, details] = await Promise.all([
        authed((t) => fetchVisitorHistory({ token: t, sessionId, pageSize: HISTORY_PAGE_SIZE })),
        authed((t) => fetchVisitorSession({ token: t, sessionId })),
      ]);
      if (response.status === 404 || details.status === 404) return null;
      if (!response.ok) throw await requestErrorOf(response);
      if (!details.ok) throw await requestErrorOf(details);
      const [page, session] = (await Promise.all([response.json(), details.json()])) as [{ results?: unknown }, { status?: unknown }];
      return { messages: visibleHistory(Array.isArray(page.results) ? page.results : []), handling: personHandlingOf(session.status) };
    },
    [authed],
  );

  /** Continues the conversation this visitor had open on an earlier page, if it is still readable. */
  const restore = useCallback(async () => {
    const sessionId = rememberedSession(publishableKey, identityRef.current);
    const started = generation.current;
    try {
      if (!sessionId) return;
      const stored = await readStored(sessionId);
      if (started !== generation.current || sessionRef.current) return;
      if (!stored) {
        rememberSession(publishableKey, identityRef.current, null);
        return;
      }
      sessionRef.current = sessionId;
      readBeforeStream.current = sessionId;
      // Replies from before this page: the launcher counted them there already.
      for (const message of stored.messages) if (message.role === "agent") repliesTold.current.add(message.id);
      setLiveSession(sessionId);
      setHistory(stored.messages);
      setHandoff(stored.handling);
    } catch {
      // Not read now (a 503, the network): the conversation is continued unread rather than forgotten. The
      // live stream reads it once it opens, and a message sent before that finds out whether it is gone.
      if (!sessionId || started !== generation.current || sessionRef.current) return;
      sessionRef.current = sessionId;
      readBeforeStream.current = sessionId;
      continuedUnread.current = sessionId;
      setLiveSession(sessionId);
    } finally {
      if (started === generation.current) setRestored(true);
    }
  }, [publishableKey, readStored]);

  /**
   * The conversation as stored, after the live stream lost track of it (or opened after it was read): a
   * person's reply that came unheard is told to the host page as a live one would have been.
   */
  const refresh = useCallback(
    async (sessionId: string) => {
      try {
        const stored = await readStored(sessionId);
        if (sessionRef.current !== sessionId) return;
        if (!stored) {
          // Continued unread and gone after all: forgotten, as the first read would have. (A conversation
          // the visitor has seen stays on the screen; their next message starts a new one.)
          if (continuedUnread.current === sessionId) {
            continuedUnread.current = null;
            keepSession(null);
          }
          return;
        }
        // The first read of a conversation continued unread is this page's first: as in `restore`, its
        // replies were counted on the page before.
        const firstRead = continuedUnread.current === sessionId;
        continuedUnread.current = null;
        // The stored conversation holds the replies kept to follow a turn, in their place.
        holdReplies([]);
        setHistory(stored.messages);
        setHandoff(stored.handling);
        for (const message of stored.messages) {
          if (message.role !== "agent" || repliesTold.current.has(message.id)) continue;
          repliesTold.current.add(message.id);
          if (!firstRead) onReplyRef.current?.();
        }
      } catch {
        // The next event or reconnect tries again.
      }
    },
    [readStored, keepSession, holdReplies],
  );

  const switchVisitor = useCallback(
    (next: VisitorIdentity | null) => {
      generation.current += 1;
      controllerRef.current?.abort();
      identityRef.current = next;
      tokenRef.current = null;
      sessionRef.current = null;
      continuedUnread.current = null;
      setLiveSession(null);
      setPersonTyping(null);
      setHandoff(null);
      setRestored(false);
      setNotices([]);
      setIdentity(next);
      holdReplies([]);
      setHistory([]);
      setRestarted(false);
      dispatch({ type: "reset" });
      void restore();
    },
    [restore, holdReplies],
  );

  /** The host page's first word: who the visitor is (if known), the page the chat is opened on, and the model its tag asks for. */
  const init = useCallback(
    (input: { identity: VisitorIdentity | null; page: PageContext | null; modelChoice: ModelChoiceRequest | null }) => {
      if (input.page) pageRef.current = input.page;
      if (!modelRefused.current) modelChoiceRef.current = input.modelChoice;
      if (!initialised.current) {
        initialised.current = true;
        identityRef.current = input.identity;
        setIdentity(input.identity);
        void restore();
      } else if (!sameIdentity(identityRef.current, input.identity)) {
        switchVisitor(input.identity);
      }
    },
    [restore, switchVisitor],
  );

  /**
   * ProductAssistant.identify(): another visitor is another conversation, under a new token; null (the
   * visitor signed out of the page) forgets them: the chat goes on as an anonymous visitor's.
   */
  const identify = useCallback(
    (next: VisitorIdentity | null) => {
      initialised.current = true;
      if (!sameIdentity(identityRef.current, next)) switchVisitor(next);
    },
    [switchVisitor],
  );

  /**
   * A turn: a new message, or (`branch`) a new answer to a stored question whose answer failed, which
   * stores nothing twice. A branch's conversation that has timed out carries on in a new one, as a send does.
   */
  const runTurn = useCallback(
    async (text: string, branch: TurnBranch | null): Promise<WidgetSendOutcome> => {
      const message = text.trim();
      if (!message || isTurnActive(turnRef.current)) return { stored: false };
      // The message itself ends the "typing" the person sees.
      typingSignal.current = null;
      const previous = turnRef.current;
      const held = heldReplies.current;
      holdReplies([]);
      // The question answered again stays; its failed answer gives way to the new one.
      const kept = previous?.acknowledged ? (branch ? [previous.user] : turnMessages(previous)) : [];
      setHistory((messages) => withNew(messages, [...kept, ...held]));

      const localId = `widget-${++localIds}`;
      const turn = startTurn({ message, sessionId: sessionRef.current, localId, now: new Date().toISOString(), branch });
      turnRef.current = turn;
      dispatch({ type: "start", turn });
      const controller = new AbortController();
      controllerRef.current = controller;
      const started = generation.current;
      let acknowledged = false;
      let ended = false;
      const act = (action: TurnAction) => {
        if (action.event === "meta") acknowledged = true;
        if (action.event === "handoff") setHandoff(action.data.status === "needs_person" ? "needs_person" : "with_person");
        // The answer says who has the conversation now: a person, when the assistant asked for one.
        if (action.event === "done") {
          // A takeover's own event, come while the answer was written, is as new as the answer's word or newer.
          if (handoffChangedDuringTurn.current !== localId) setHandoff(personHandlingOf(action.data.status));
          onReplyRef.current?.();
        }
        if (action.event === "done" || action.event === "error" || action.event === "handoff") ended = true;
        dispatch({ type: "event", localId, action });
      };

      try {
        let sessionId = sessionRef.current ?? (await openSession(started));
        const post = (id: string) => authed((t) => postVisitorMessage({ token: t, sessionId: id, message, signal: controller.signal }));
        let response = branch?.kind === "regenerate" ? await authed((t) => regenerateVisitorAnswer({ token: t, answerId: branch.answerId, signal: controller.signal })) : await post(sessionId);
        if (response.status === 410 || response.status === 404) {
          // The conversation timed out (or is gone): carry on in a new one, as the visitor expects. Nobody
          // was asked to join the new one, and nobody types in it.
          holdReplies([]);
          setHistory([]);
          setNotices([]);
          setHandoff(null);
          setPersonTyping(null);
          setRestarted(true);
          sessionId = await openSession(started);
          response = await post(sessionId);
        }
        if (!response.ok) {
          const error = await requestErrorOf(response);
          act({ event: "failed", failure: failureOfError(error) });
          return { stored: false };
        }
        if (!response.body) {
          act({ event: "failed", failure: visitorFailure({ code: "interrupted" }) });
          return { stored: false };
        }
        await readChatEvents({ body: response.body, onEvent: act });
        if (!ended) act({ event: "failed", failure: visitorFailure({ code: "interrupted" }) });
      } catch (error) {
        if (controller.signal.aborted) act({ event: "aborted" });
        else act({ event: "failed", failure: failureOfError(error) });
      } finally {
        if (controllerRef.current === controller) controllerRef.current = null;
      }
      return { stored: acknowledged };
    },
    [authed, openSession, holdReplies],
  );

  const send = useCallback((text: string) => runTurn(text, null), [runTurn]);

  /**
   * Retry after a failure: an answer that failed once its question was stored is answered again (its
   * question is not sent twice); a message nothing was stored of is sent again.
   */
  const retry = useCallback(() => {
    const failed = turnRef.current;
    if (!failed) return Promise.resolve<WidgetSendOutcome>({ stored: false });
    const stored = failed.acknowledged && !failed.handedOff && !failed.assistant.id.startsWith("local-");
    return runTurn(failed.message, stored ? { kind: "regenerate", answerId: failed.assistant.id, questionId: failed.user.id } : null);
  }, [runTurn]);

  const stop = useCallback(() => controllerRef.current?.abort(), []);

  /** "Continue with the assistant": stops waiting for a person who has not joined. False when the server refused. */
  const continueWithAssistant = useCallback(async (): Promise<boolean> => {
    const sessionId = sessionRef.current;
    if (!sessionId) return false;
    try {
      const response = await authed((t) => withdrawVisitorPersonRequest({ token: t, sessionId }));
      if (!response.ok) return false;
      setHandoff(null);
      return true;
    } catch {
      return false;
    }
  }, [authed]);

  const signalTyping = useCallback(
    (sessionId: string, on: boolean) => {
      // A hint only: a refused or lost signal (429 included) is not worth telling the visitor about.
      void authed((t) => postVisitorTyping({ token: t, sessionId, on })).catch(() => undefined);
    },
    [authed],
  );

  /**
   * The composer's text changed: while a person is in the conversation (or asked for), they see the
   * visitor typing, one signal per TYPING_SIGNAL_EVERY_MS at most, and its end when the box is emptied.
   * The assistant needs no such signal, so none is sent to it.
   */
  const typing = useCallback(
    (text: string) => {
      const sessionId = sessionRef.current;
      const last = typingSignal.current;
      if (!text.trim()) {
        if (last) signalTyping(last.sessionId, false);
        typingSignal.current = null;
        return;
      }
      if (!sessionId || handoffRef.current === null) return;
      const now = Date.now();
      if (last?.sessionId === sessionId && now - last.at < TYPING_SIGNAL_EVERY_MS) return;
      typingSignal.current = { sessionId, at: now };
      signalTyping(sessionId, true);
    },
    [signalTyping],
  );

  useEffect(() => () => controllerRef.current?.abort(), []);

  // A person of the business may answer in this conversation: their replies and typing come live.
  useEffect(() => {
    if (!liveSession) return;
    const apply = (event: AppEvent) => {
      const data = event.data as { sessionId?: string; message?: ConversationMessage; who?: { kind?: string; name?: string }; on?: boolean; expiresAt?: string };
      if (event.type === "session") {
        // A person took the conversation over or handed it back, or the visitor's request was taken back elsewhere.
        const change = event.data as { action?: string; session?: { id?: string; status?: unknown }; agent?: { name?: unknown } | null; reason?: unknown };
        if (change.action !== "handoff" || change.session?.id !== liveSession) return;
        if (isTurnActive(turnRef.current)) handoffChangedDuringTurn.current = turnRef.current?.localId ?? null;
        setHandoff(personHandlingOf(change.session.status));
        const text = handoffNotice({ status: change.session.status, agent: change.agent, reason: change.reason });
        if (text) setNotices((shown) => [...shown, { id: `notice-${event.id}`, after: messageCount.current, text }]);
        return;
      }
      if (data.sessionId !== liveSession) return;
      if (event.type === "message" && data.message?.role === "agent") {
        const message = data.message;
        setPersonTyping(null);
        // A person answering has the conversation (a reply takes it over): there is no request left to take back.
        setHandoff("with_person");
        const finished = turnRef.current;
        if (isTurnActive(finished)) {
          // Said while the visitor's message was being answered: shown after that answer, not above the question.
          if (!heldReplies.current.some((m) => m.id === message.id)) holdReplies([...heldReplies.current, message]);
        } else {
          // The reply follows the visitor's last message: a finished turn, and replies held during it, join the history before it.
          const before = [...(finished?.acknowledged ? turnMessages(finished) : []), ...heldReplies.current];
          holdReplies([]);
          setHistory((messages) => withNew(withNew(messages, before), [message]));
        }
        if (!repliesTold.current.has(message.id)) {
          repliesTold.current.add(message.id);
          onReplyRef.current?.();
        }
      } else if (event.type === "typing" && data.who?.kind === "agent") {
        setPersonTyping(data.on && data.expiresAt ? { name: data.who.name ?? "Someone", until: Date.parse(data.expiresAt) } : null);
      }
    };
    // Events that come while the conversation is read again wait for the read, which may not hold them.
    let reading = 0;
    let held: AppEvent[] = [];
    let closed = false;
    const readAgain = async () => {
      reading += 1;
      try {
        await refresh(liveSession);
      } finally {
        reading -= 1;
      }
      if (reading > 0 || closed) return;
      const waiting = held;
      held = [];
      for (const event of waiting) apply(event);
    };
    const connection = connectEventStream({
      authorization: async () => `Bearer ${await token()}`,
      // The stream ends when the visitor token does (and is refused with it): a new one is minted.
      renewAuthorization: async () => `Bearer ${await token(true)}`,
      handlers: {
        onEvent: (event) => {
          if (reading > 0) held.push(event);
          else apply(event);
        },
        onResync: () => void readAgain(),
        onReady: () => {
          // What a person said or did between reading the conversation back and this stream opening is
          // in neither: read it again, once the visitor's own message is no longer under way (a read
          // meanwhile would show the stored copy of the answer being written instead of the turn's).
          if (readBeforeStream.current !== liveSession) return;
          readBeforeStream.current = null;
          if (!isTurnActive(turnRef.current)) void readAgain();
          else readAfterTurn.current = () => void readAgain();
        },
      },
    });
    return () => {
      closed = true;
      readAfterTurn.current = null;
      connection.close();
    };
  }, [liveSession, token, refresh, holdReplies]);

  // "…is typing" switches itself off when it expires.
  useEffect(() => {
    if (!personTyping) return;
    const timer = setTimeout(() => setPersonTyping(null), Math.max(0, personTyping.until - Date.now()));
    return () => clearTimeout(timer);
  }, [personTyping]);

  const turn = store.turn;
  const messages = useMemo(() => {
    // A message the server refused before storing anything is not part of the conversation.
    if (!turn || (!turn.acknowledged && turn.phase === "error")) return withNew(history, repliesAfterTurn);
    // A person's reply that arrived live is in the history already, or held to follow the turn; the turn adds what it holds.
    const shown = withNew(history, turnMessages(turn));
    return withNew(shown, repliesAfterTurn);
  }, [history, turn, repliesAfterTurn]);
  useEffect(() => {
    messageCount.current = messages.length;
  }, [messages]);

  return {
    messages,
    turn,
    streaming: isTurnActive(turn),
    failure: turn?.phase === "error" ? turn.failure : null,
    /** The conversation timed out while the visitor was away, and the last message started a new one. */
    restarted,
    /** A person of the business is typing in this conversation ("Ada is typing…"), or null. */
    personTyping: personTyping?.name ?? null,
    /** The last message went to a person of the business, not to the assistant (and the visitor has not taken that back). */
    withPerson: handoff !== null,
    /** Whether `withPerson` is known: the visitor's earlier conversation, if any, has been read back. */
    restored,
    /** A person was asked for and has not joined: the visitor may go back to the assistant. */
    waitingForPerson: handoff === "needs_person",
    /** Lines about who answers the conversation, as they happened while the widget was open (hidden or not). */
    notices,
    continueWithAssistant,
    typing,
    identity,
    init,
    identify,
    send,
    retry,
    stop,
  };
}
