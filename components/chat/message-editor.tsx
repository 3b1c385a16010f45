"use client";

import { useId, useState, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { MESSAGE_MAX_CHARS } from "@/lib/chat/vocabulary";
import { formatCount } from "@/lib/format";
import { editProblem } from "./message-meta";

export interface MessageEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** Sends the new text (already checked) as a new branch of the conversation. */
  onSend: (text: string) => void;
  onCancel: () => void;
  /** Sending waits (an answer is being written); null when it need not. */
  blockedReason?: string | null;
}

/**
 * The member's own message opened for editing, in place: Save & send (or Ctrl/⌘+Enter) sends the
 * new text from where the message was; Cancel or Escape leaves it as it is.
 */
export function MessageEditor({ value, onChange, onSend, onCancel, blockedReason = null }: MessageEditorProps) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const length = value.trim().length;
  // Too long is said while typing, as the composer does; empty only when sending is tried.
  const tooLong = length > MESSAGE_MAX_CHARS ? `Messages can be at most ${formatCount(MESSAGE_MAX_CHARS)} characters (${formatCount(length)} now).` : null;
  const shownError = tooLong ?? error;

  const send = () => {
    const problem = editProblem(value);
    setError(problem);
    if (problem || blockedReason) return;
    onSend(value.trim());
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (event.key === "Escape") {
      event.preventDefault();
      // The conversation's own Escape handlers (a tooltip) have nothing to do with this one.
      event.stopPropagation();
      onCancel();
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      send();
    }
  };

  return (
    <form
      aria-label="Edit message"
      data-testid="message-editor"
      className="w-full max-w-[85%] space-y-2 rounded-2xl border border-border bg-surface p-3 shadow-sm max-md:max-w-full"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <Label htmlFor={id} className="sr-only">
        Edit your message
      </Label>
      <Textarea
        id={id}
        // Opened by the member's own Edit: the text they asked to change takes the focus.
        autoFocus
        onFocus={(event) => {
          const end = event.currentTarget.value.length;
          event.currentTarget.setSelectionRange(end, end);
        }}
        rows={3}
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
          if (error) setError(null);
        }}
        onKeyDown={onKeyDown}
        aria-invalid={shownError ? true : undefined}
        aria-describedby={shownError ? `${id}-hint ${id}-error` : `${id}-hint`}
        className="max-h-64 min-h-20 resize-y"
      />
      {shownError ? (
        <p id={`${id}-error`} role="alert" className="text-xs font-medium text-danger-fg">
          {shownError}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center justify-end gap-2">
        <p id={`${id}-hint`} className="mr-auto text-xs text-fg-muted">
          {blockedReason ?? (
            <>
              The original stays as another version.
              {/* On a phone the keyboard hint only takes room; screen readers still hear it. */}
              <span className="max-md:sr-only"> Ctrl/⌘+Enter sends, Esc cancels.</span>
            </>
          )}
        </p>
        <Button type="button" variant="secondary" size="sm" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" size="sm" disabled={blockedReason !== null || tooLong !== null}>
          Save &amp; send
        </Button>
      </div>
    </form>
  );
}
