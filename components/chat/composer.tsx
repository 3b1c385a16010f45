"use client";

import { useId, useRef, type KeyboardEvent, type ReactNode, type RefObject } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { useHydrated } from "@/hooks/use-hydrated";
import { MESSAGE_MAX_CHARS } from "@/lib/chat/vocabulary";
import { ATTACH_ACCEPT } from "@/lib/files/schemas";
import { formatCount } from "@/lib/format";

export interface ComposerProps {
  value: string;
  onChange: (value: string) => void;
  onSend: () => void;
  onStop: () => void;
  streaming: boolean;
  /** Stop was pressed and is waiting for the server to acknowledge the answer before cutting it. */
  stopping?: boolean;
  /** Sending is blocked (another answer is still streaming elsewhere, or the session is gone). */
  blockedReason?: string | null;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  /** Files chosen with the Attach button; without it there is no button. */
  onAttach?: (files: File[]) => void;
  attachDisabled?: boolean;
  /** Shown above the message box: the attached files and an upload under way. */
  attachments?: ReactNode;
}

export function Composer({
  value,
  onChange,
  onSend,
  onStop,
  streaming,
  stopping = false,
  blockedReason,
  inputRef,
  onAttach,
  attachDisabled = false,
  attachments,
}: ComposerProps) {
  const hintId = useId();
  const errorId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  // Read-only until the page is interactive: text typed earlier would be lost on hydration.
  const interactive = useHydrated();
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
      // On a phone the form is the screen's bottom edge: it stays clear of the home indicator.
      className="border-t border-border bg-surface p-3 pb-[max(0.75rem,env(safe-area-inset-bottom))]"
      onSubmit={(event) => {
        event.preventDefault();
        if (canSend) onSend();
      }}
    >
      {attachments}
      <Label htmlFor="chat-message" className="sr-only">
        Message
      </Label>
      <div className="flex items-end gap-2">
        {onAttach ? (
          <>
            <button
              type="button"
              onClick={() => fileRef.current?.click()}
              disabled={attachDisabled}
              aria-label="Attach a file"
              title="Attach a CSV, TSV or JSON file"
              className="focus-ring inline-flex size-10 shrink-0 items-center justify-center rounded-lg text-fg-muted transition-colors hover:bg-surface-muted hover:text-fg disabled:cursor-not-allowed disabled:opacity-60 disabled:hover:bg-transparent"
            >
              <svg viewBox="0 0 20 20" fill="none" aria-hidden="true" className="size-5">
                <path
                  d="M15.5 9.5l-5.8 5.8a3.5 3.5 0 01-5-5l6.4-6.4a2.3 2.3 0 013.3 3.3l-6.3 6.3a1.2 1.2 0 01-1.7-1.7l5.6-5.6"
                  stroke="currentColor"
                  strokeWidth="1.5"
                  strokeLinecap="round"
                  strokeLinejoin="round"
                />
              </svg>
            </button>
            <input
              ref={fileRef}
              type="file"
              accept={ATTACH_ACCEPT}
              multiple
              hidden
              tabIndex={-1}
              onChange={(event) => {
                const files = Array.from(event.target.files ?? []);
                // Cleared so choosing the same file again (after deleting it) fires a change.
                event.target.value = "";
                if (files.length > 0) onAttach(files);
              }}
            />
          </>
        ) : null}
        <Textarea
          id="chat-message"
          ref={inputRef}
          rows={2}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={onKeyDown}
          readOnly={!interactive}
          placeholder="Ask about products, prices, or say “buy 1 …”"
          aria-describedby={tooLong ? `${hintId} ${errorId}` : hintId}
          aria-invalid={tooLong || undefined}
          className="max-h-48 min-h-12 flex-1 resize-none"
        />
        {streaming ? (
          <Button type="button" variant="secondary" onClick={onStop} aria-disabled={stopping || undefined} aria-label="Stop" className="animate-arm-after-swap">
            {stopping ? "Stopping…" : "Stop"}
          </Button>
        ) : (
          <Button type="submit" disabled={!canSend}>
            Send
          </Button>
        )}
      </div>
      {/* On a phone the keyboard hint only takes room from the messages; screen readers still hear it. */}
      <p id={hintId} className={cn("mt-1 text-xs text-fg-muted", blockedReason ? null : "max-md:sr-only")}>
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
