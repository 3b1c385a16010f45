"use client";

import { useId, type KeyboardEvent, type RefObject } from "react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { MESSAGE_MAX_CHARS } from "@/lib/chat/schemas";
import { formatCount } from "@/lib/format";

export interface ComposerProps {
  value: string;
  onChange: (value: string) => void;
  onSend: () => void;
  onStop: () => void;
  streaming: boolean;
  /** Sending is blocked (another answer is still streaming elsewhere, or the session is gone). */
  blockedReason?: string | null;
  inputRef: RefObject<HTMLTextAreaElement | null>;
}

export function Composer({ value, onChange, onSend, onStop, streaming, blockedReason, inputRef }: ComposerProps) {
  const hintId = useId();
  const errorId = useId();
  const length = value.trim().length;
  const tooLong = length > MESSAGE_MAX_CHARS;
  const canSend = length > 0 && !tooLong && !streaming && !blockedReason;

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends, Shift+Enter is a newline; an IME composing text uses Enter to commit it.
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    if (canSend) onSend();
  };

  return (
    <form
      className="border-t border-border bg-surface p-3"
      onSubmit={(event) => {
        event.preventDefault();
        if (canSend) onSend();
      }}
    >
      <Label htmlFor="chat-message" className="sr-only">
        Message
      </Label>
      <div className="flex items-end gap-2">
        <Textarea
          id="chat-message"
          ref={inputRef}
          rows={2}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder="Ask about products, prices, or say “buy 1 …”"
          aria-describedby={tooLong ? `${hintId} ${errorId}` : hintId}
          aria-invalid={tooLong || undefined}
          className="max-h-48 min-h-12 flex-1 resize-none"
        />
        {streaming ? (
          <Button type="button" variant="secondary" onClick={onStop}>
            Stop
          </Button>
        ) : (
          <Button type="submit" disabled={!canSend}>
            Send
          </Button>
        )}
      </div>
      <p id={hintId} className="mt-1 text-xs text-fg-muted">
        {blockedReason ?? "Enter to send, Shift+Enter for a new line."}
      </p>
      {tooLong ? (
        <p id={errorId} role="alert" className="mt-1 text-xs font-medium text-danger-fg">
          Messages can be at most {formatCount(MESSAGE_MAX_CHARS)} characters ({formatCount(length)} now).
        </p>
      ) : null}
    </form>
  );
}
