"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { useRequestPerson, useWithdrawPersonRequest } from "@/hooks/use-chat-edits";
import { useTypingSignal } from "@/hooks/use-typing-signal";
import { useUnreadRepliesTitle } from "@/hooks/use-unread-replies-title";
import { errorMessage } from "@/lib/api-client";
import { ASSISTANT_AGAIN_LINE } from "@/lib/chat/handoff-lines";
import type { ChatSessionDto } from "@/lib/chat/schemas";

export type HandoffStatusProps = {
  sessionId: string;
  status: Exclude<ChatSessionDto["status"], "closed">;
  /** What the member has written and not yet sent: while a person is asked for or present, they see the member typing. */
  draft: string;
};

/**
 * Under a stored conversation: whether a person of the business is with it, has been asked to join, or
 * can be asked ("Talk to a person"). Not on a new chat's first load (components/chat/conversation.tsx).
 * It also sends the member's typing signal while a person is asked for or present, counts a person's replies
 * in the tab's title while the tab is hidden, and says when the assistant answers again after a person: only
 * a conversation with a person needs these, so their code loads with the line.
 */
export function HandoffStatus({ sessionId, status, draft }: HandoffStatusProps) {
  const requestPerson = useRequestPerson();
  const withdraw = useWithdrawPersonRequest();
  // A person handed the conversation back (or left it quiet) while it was on the screen: said until it changes again.
  const [shown, setShown] = useState({ status, handedBack: false });
  if (shown.status !== status) setShown({ status, handedBack: shown.status === "with_person" && status === "assistant" });
  const { typing, stop } = useTypingSignal(status === "assistant" ? null : sessionId);
  useUnreadRepliesTitle(sessionId);
  // Only a keystroke is typing: a draft kept from before, or a person joining while one waits, is not.
  const lastDraft = useRef(draft);
  useEffect(() => {
    if (draft === lastDraft.current) return;
    lastDraft.current = draft;
    if (draft.trim()) typing();
    else stop();
  }, [draft, typing, stop]);
  return (
    // Hidden while the conversation's messages wait for their code behind the skeleton (the server may send
    // their HTML after it): shown below the skeleton, their arrival would push this line down the screen.
    <div className="mt-4 flex flex-wrap items-center justify-center gap-2 text-xs text-fg-muted group-has-[[data-skeleton]]/messages:hidden" data-testid="handoff-status">
      {status === "with_person" ? (
        <p>You&rsquo;re talking with a person from the team; they reply here.</p>
      ) : status === "needs_person" ? (
        <>
          <p>A person from the team has been asked to join and will reply here. Until then the assistant waits.</p>
          <Button type="button" size="sm" variant="secondary" disabled={withdraw.isPending} onClick={() => withdraw.mutate(sessionId)}>
            Continue with the assistant
          </Button>
        </>
      ) : (
        <>
          {shown.handedBack ? <p>{ASSISTANT_AGAIN_LINE}</p> : null}
          <Button type="button" size="sm" variant="secondary" disabled={requestPerson.isPending} onClick={() => requestPerson.mutate(sessionId)}>
            Talk to a person
          </Button>
        </>
      )}
      {requestPerson.isError ? (
        <p role="alert" className="w-full text-center font-medium text-danger-fg">
          {errorMessage(requestPerson.error, "A person could not be asked to join just now. Please try again.")}
        </p>
      ) : null}
      {withdraw.isError ? (
        <p role="alert" className="w-full text-center font-medium text-danger-fg">
          {errorMessage(withdraw.error, "The assistant could not take the conversation back just now. Please try again.")}
        </p>
      ) : null}
    </div>
  );
}
