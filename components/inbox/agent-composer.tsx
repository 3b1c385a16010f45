"use client";

import { useId, type KeyboardEvent } from "react";
import { Button, Label, Textarea, InteractiveFieldset } from "@/components/ui";
import { useAgentReply } from "@/hooks/use-inbox";
import { useTypingSignal } from "@/hooks/use-typing-signal";
import { errorMessage } from "@/lib/api-client";
import { MESSAGE_MAX_CHARS, type SessionStatus } from "@/lib/chat/vocabulary";
import { formatCount } from "@/lib/format";

export interface AgentComposerProps {
  sessionId: string;
  status: SessionStatus | null;
  /** Another person of the business the conversation is with, when it is. */
  otherAgentName?: string | null;
  personName: string;
  selfName: string;
  /** The unsent reply, kept by the inbox so it outlives this box when another conversation is opened. */
  draft: string;
  onDraftChange: (text: string) => void;
  /** A reply of this box reached the server (whatever conversation is open by then). */
  onSent: (sessionId: string, text: string) => void;
}

/** The admin's reply box: sends as a person of the business, and tells the owner while they type. */
export function AgentComposer({ sessionId, status, otherAgentName = null, personName, selfName, draft, onDraftChange, onSent }: AgentComposerProps) {
  const hintId = useId();
  const errorId = useId();
  const reply = useAgentReply(sessionId, { onSent });
  const signal = useTypingSignal(sessionId);
  const closed = status === "closed";
  const length = draft.trim().length;
  const tooLong = length > MESSAGE_MAX_CHARS;
  const canSend = length > 0 && !tooLong && !closed && !reply.isPending;

  const send = () => {
    if (!canSend) return;
    signal.stop();
    // The box keeps its text until the server has it; what is typed meanwhile stays once it has.
    reply.mutate(draft.trim());
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends, Shift+Enter is a newline; an IME composing text uses Enter to commit it.
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    send();
  };

  const hint = closed
    ? "This conversation has closed: the visitor's chat timed out."
    : status === "with_person" && otherAgentName
      ? `${otherAgentName} is answering ${personName}: leave it to them, or ask them to hand it back.`
      : status === "with_person"
        ? `${personName} sees your replies with your name.`
      : "Sending takes this conversation over from the assistant.";

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <InteractiveFieldset className="border-t border-border bg-surface p-3">
        <Label htmlFor={`${hintId}-reply`} className="sr-only">
          Reply
        </Label>
        <div className="flex items-end gap-2">
          <Textarea
            id={`${hintId}-reply`}
            rows={2}
            value={draft}
            disabled={closed}
            placeholder={closed ? "Closed" : `Reply as ${selfName}…`}
            aria-describedby={[hintId, reply.isError || tooLong ? errorId : null].filter(Boolean).join(" ")}
            aria-invalid={tooLong || undefined}
            onChange={(event) => {
              onDraftChange(event.target.value);
              if (event.target.value.trim()) signal.typing();
              else signal.stop();
            }}
            onKeyDown={onKeyDown}
            onBlur={signal.stop}
            className="max-h-40 min-h-11 flex-1 resize-none"
          />
          <Button type="submit" disabled={!canSend} loading={reply.isPending}>
            Send
          </Button>
        </div>
        <p id={hintId} className="mt-1.5 text-xs text-fg-muted">
          {hint}
          {closed ? null : " Enter sends, Shift+Enter adds a line."}
        </p>
        {tooLong ? (
          <p id={errorId} role="alert" className="mt-1 text-sm font-medium text-danger-fg">
            The reply is longer than {formatCount(MESSAGE_MAX_CHARS)} characters.
          </p>
        ) : reply.isError ? (
          <p id={errorId} role="alert" className="mt-1 text-sm font-medium text-danger-fg">
            {errorMessage(reply.error, "The reply could not be sent.")}
          </p>
        ) : null}
      </InteractiveFieldset>
    </form>
  );
}
