"use client";

import { useEffect, useLayoutEffect, useRef, useState, type FormEvent } from "react";
import { flushSync } from "react-dom";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { useDeleteSession, useRenameSession } from "@/hooks/use-chat-edits";
import { errorMessage } from "@/lib/api-client";
import type { ChatSessionDto } from "@/lib/chat/schemas";
import { SESSION_TITLE_MAX_CHARS } from "@/lib/chat/vocabulary";

/** The chat sidebar's ways to change a conversation, loaded after the chat (components/chat/session-sidebar.tsx). */

export function DeleteSessionDialog({
  session,
  onCancel,
  onDeleted,
}: {
  /** The conversation to delete; the dialog is open while there is one. */
  session: ChatSessionDto | null;
  onCancel: () => void;
  /** The conversation is gone (the dialog is still open: the caller closes it). */
  onDeleted: (session: ChatSessionDto) => void;
}) {
  const remove = useDeleteSession();
  const [error, setError] = useState<string | null>(null);
  // Each conversation asked about starts without the last one's failure.
  const [shown, setShown] = useState(session);
  if (shown !== session) {
    setShown(session);
    setError(null);
  }
  // Read before the dialog takes focus (a layout effect runs ahead of the dialog's own effect), while
  // focus is still on the Delete button in the list.
  const listSearchBox = useRef<HTMLInputElement | null>(null);
  useLayoutEffect(() => {
    if (session) listSearchBox.current = document.activeElement?.closest("aside")?.querySelector<HTMLInputElement>('input[type="search"]') ?? null;
  }, [session]);
  const confirm = () => {
    if (!session) return;
    const target = session;
    setError(null);
    // The Delete button that opened the dialog goes with its row, so focus has nowhere to return to:
    // it goes to the search box of the same list (the sidebar's or the phone drawer's).
    const searchBox = listSearchBox.current;
    remove.mutate(target.id, {
      onSuccess: () => {
        // Closed at once, so what `onDeleted` focuses (a new chat's composer) is not behind a modal dialog.
        flushSync(() => onDeleted(target));
        if (!document.activeElement || document.activeElement === document.body) searchBox?.focus();
      },
      onError: (failure) => setError(errorMessage(failure, "The conversation could not be deleted.")),
    });
  };
  // A delete on its way cannot be called back: the dialog stays to say how it ended.
  const cancel = () => {
    if (!remove.isPending) onCancel();
  };
  return (
    <Dialog
      open={session !== null}
      onClose={cancel}
      title="Delete this conversation?"
      description={session ? `“${session.title}” and all its messages will be deleted. This can't be undone.` : undefined}
      size="sm"
      footer={
        <>
          <Button type="button" variant="secondary" onClick={cancel} disabled={remove.isPending} data-autofocus>
            Cancel
          </Button>
          <Button type="button" variant="danger" loading={remove.isPending} onClick={confirm}>
            Delete
          </Button>
        </>
      }
    >
      {error ? (
        <p role="alert" className="text-danger-fg">
          {error}
        </p>
      ) : null}
    </Dialog>
  );
}

export function RenameForm({ session, onDone }: { session: ChatSessionDto; onDone: () => void }) {
  const rename = useRenameSession();
  const [title, setTitle] = useState(session.title);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = title.trim();
    if (!next) {
      setError("A title is required.");
      return;
    }
    if (next === session.title) {
      onDone();
      return;
    }
    rename.mutate(
      { id: session.id, title: next },
      { onSuccess: onDone, onError: (failure) => setError(errorMessage(failure, "The conversation could not be renamed.")) },
    );
  };

  return (
    <form onSubmit={submit} className="space-y-1 rounded-lg bg-surface-muted p-2">
      <label htmlFor={`rename-${session.id}`} className="sr-only">
        Conversation title
      </label>
      <Input
        ref={inputRef}
        id={`rename-${session.id}`}
        value={title}
        maxLength={SESSION_TITLE_MAX_CHARS}
        onChange={(event) => setTitle(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.preventDefault();
            onDone();
          }
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `rename-${session.id}-error` : undefined}
        className="h-8"
      />
      {error ? (
        <p id={`rename-${session.id}-error`} role="alert" className="text-xs text-danger-fg">
          {error}
        </p>
      ) : null}
      <div className="flex justify-end gap-1">
        <Button type="button" size="sm" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" size="sm" loading={rename.isPending}>
          Save
        </Button>
      </div>
    </form>
  );
}
