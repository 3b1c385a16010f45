"use client";

import { useId, type KeyboardEvent, type RefObject } from "react";
import { useHydrated } from "@/hooks/use-hydrated";
import { MESSAGE_MAX_CHARS } from "@/lib/chat/vocabulary";
import { formatCount } from "@/lib/format";

const buttonClass =
  "inline-flex h-10 shrink-0 items-center justify-center rounded-lg px-4 text-sm font-medium outline-offset-2 focus-visible:outline-2 focus-visible:outline-focus disabled:cursor-not-allowed disabled:opacity-50";

export function WidgetComposer({
  value,
  onChange,
  onSend,
  onStop,
  streaming,
  inputRef,
}: {
  value: string;
  onChange: (value: string) => void;
  onSend: () => void;
  onStop: () => void;
  streaming: boolean;
  inputRef: RefObject<HTMLTextAreaElement | null>;
}) {
  // Until the page is interactive the box is read-only: text typed earlier would be lost on hydration.
  const interactive = useHydrated();
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const length = value.trim().length;
  const tooLong = length > MESSAGE_MAX_CHARS;
  const canSend = length > 0 && !tooLong && !streaming;

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends, Shift+Enter is a newline; an IME composing text uses Enter to commit it.
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    if (canSend) onSend();
  };

  return (
    <form
      className="border-t border-border bg-surface px-3 pt-2 pb-3"
      onSubmit={(event) => {
        event.preventDefault();
        if (canSend) onSend();
      }}
    >
      <label htmlFor={inputId} className="sr-only">
        Message
      </label>
      <div className="flex items-end gap-2">
        <textarea
          id={inputId}
          ref={inputRef}
          rows={1}
          value={value}
          readOnly={!interactive}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder="Ask about our products…"
          aria-describedby={tooLong ? `${hintId} ${errorId}` : hintId}
          aria-invalid={tooLong || undefined}
          className="focus-ring max-h-32 min-h-10 flex-1 resize-none rounded-lg border border-border-strong bg-surface px-3 py-2 text-sm text-fg placeholder:text-fg-muted"
        />
        {streaming ? (
          <button type="button" onClick={onStop} className={`${buttonClass} animate-arm-after-swap border border-border-strong bg-surface text-fg hover:bg-surface-muted`}>
            Stop
          </button>
        ) : (
          <button type="submit" disabled={!canSend} className={`${buttonClass} bg-(--widget-accent) text-(--widget-accent-fg) hover:opacity-90`}>
            Send
          </button>
        )}
      </div>
      <p id={hintId} className="mt-1 text-xs text-fg-muted">
        Enter to send, Shift+Enter for a new line.
      </p>
      {tooLong ? (
        <p id={errorId} role="alert" className="mt-1 text-xs font-medium text-danger-fg">
          Messages can be at most {formatCount(MESSAGE_MAX_CHARS)} characters ({formatCount(length)} now).
        </p>
      ) : null}
    </form>
  );
}
