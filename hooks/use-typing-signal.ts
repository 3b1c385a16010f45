"use client";

import { useCallback, useEffect, useRef } from "react";
import { api } from "@/lib/api-client";
import { TYPING_SIGNAL_EVERY_MS } from "@/lib/inbox/typers";

function postTyping(sessionId: string, on: boolean) {
  // A hint only: a refused or lost signal (429 included) is not worth telling anyone about.
  api.post(`/api/chat/sessions/${encodeURIComponent(sessionId)}/typing`, { on }).catch(() => undefined);
}

/**
 * A signed-in person's "typing" signal in a conversation: an admin replying from the inbox, or a member
 * writing in their own conversation while a person of the team is asked for or with it. `typing()` on
 * each keystroke sends `on` at most once per TYPING_SIGNAL_EVERY_MS; `stop()` (on send, blur, an emptied
 * box) sends `off` when an `on` went out. A null `sessionId` signals nothing.
 */
export function useTypingSignal(sessionId: string | null) {
  const lastOn = useRef(0);
  const signalled = useRef<string | null>(null);

  const stop = useCallback(() => {
    const id = signalled.current;
    if (!id) return;
    signalled.current = null;
    postTyping(id, false);
  }, []);

  const typing = useCallback(() => {
    if (!sessionId) return;
    const now = Date.now();
    if (now - lastOn.current < TYPING_SIGNAL_EVERY_MS) return;
    lastOn.current = now;
    signalled.current = sessionId;
    postTyping(sessionId, true);
  }, [sessionId]);

  // Another conversation opened, the person left it, or the page left: the old signal ends now, not in 8 s.
  useEffect(() => stop, [sessionId, stop]);

  return { typing, stop };
}
