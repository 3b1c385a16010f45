"use client";

import { Button } from "@/components/ui/button";
import { useRequestPerson, useWithdrawPersonRequest } from "@/hooks/use-chat-edits";
import { errorMessage } from "@/lib/api-client";
import type { ChatSessionDto } from "@/lib/chat/schemas";

/**
 * Under a stored conversation: whether a person of the business is with it, has been asked to join, or
 * can be asked ("Talk to a person"). Not on a new chat's first load (components/chat/conversation.tsx).
 */
export function HandoffStatus({ sessionId, status }: { sessionId: string; status: Exclude<ChatSessionDto["status"], "closed"> }) {
  const requestPerson = useRequestPerson();
  const withdraw = useWithdrawPersonRequest();
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
        <Button type="button" size="sm" variant="secondary" disabled={requestPerson.isPending} onClick={() => requestPerson.mutate(sessionId)}>
          Talk to a person
        </Button>
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
