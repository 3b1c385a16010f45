"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { useMessageFeedback, type MessageFeedback } from "@/hooks/use-chat-edits";
import { errorMessage } from "@/lib/api-client";
import { FEEDBACK_REASON_MAX_CHARS } from "@/lib/chat/vocabulary";
import type { ConversationMessage } from "@/lib/chat/stream-client";
import { formatCount } from "@/lib/format";
import { toast } from "@/lib/toast";
import { copyText } from "./clipboard";
import { canEdit, canRate, canRegenerate, costLines, type CostLine } from "./message-meta";
import { versionPosition } from "./versions";

export interface MessageActionsProps {
  message: ConversationMessage;
  /** Admins also see an answer's tokens, the model's cost and the model. */
  showUsage: boolean;
  /** The conversation where the member's 👍/👎 is stored; without it answers cannot be rated. */
  rating?: { sessionId: string | null };
  /** Writes a new answer to the same question; without it answers offer no Regenerate. */
  onRegenerate?: (message: ConversationMessage) => void;
  /** Opens the member's own message for editing; without it there is no Edit. */
  onEdit?: (message: ConversationMessage) => void;
  /** Shows another version of the message (an id from its `versions`). */
  onSwitchVersion?: (messageId: string) => void;
  /** Why regenerating, editing and switching versions wait just now (an answer is being written); null when they need not. */
  branchBlocked?: string | null;
  /** A switch of versions is on its way. */
  switching?: boolean;
}

const COPIED_FOR_MS = 2000;

function ActionButton({
  label,
  title,
  pressed,
  onClick,
  disabled,
  children,
  className,
  ...rest
}: {
  label: string;
  /** Shown on hover; the label by default. */
  title?: string;
  pressed?: boolean;
  onClick: () => void;
  disabled?: boolean;
  children: ReactNode;
  className?: string;
  "aria-describedby"?: string;
  "aria-disabled"?: boolean;
  "data-action"?: string;
  onFocus?: () => void;
  onBlur?: () => void;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      aria-pressed={pressed}
      title={title ?? label}
      onClick={onClick}
      disabled={disabled}
      className={cn(
        "focus-ring inline-flex h-7 min-w-7 items-center justify-center gap-1 rounded-md px-1.5 text-xs text-fg-muted transition-colors",
        "hover:bg-surface-muted hover:text-fg disabled:cursor-not-allowed disabled:opacity-60",
        "aria-disabled:cursor-not-allowed aria-disabled:opacity-60 aria-disabled:hover:bg-transparent aria-disabled:hover:text-fg-muted",
        pressed ? "bg-accent-soft text-accent-fg hover:text-accent-fg" : null,
        className,
      )}
      {...rest}
    >
      {children}
    </button>
  );
}

const ICON = "size-4";

function CopyIcon() {
  return (
    <svg viewBox="0 0 20 20" fill="none" aria-hidden="true" className={ICON}>
      <rect x="7" y="7" width="9" height="10" rx="1.5" stroke="currentColor" strokeWidth="1.5" />
      <path d="M13 7V4.5A1.5 1.5 0 0011.5 3h-6A1.5 1.5 0 004 4.5v8A1.5 1.5 0 005.5 14H7" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

function CheckIcon() {
  return (
    <svg viewBox="0 0 20 20" fill="none" aria-hidden="true" className={ICON}>
      <path d="M4.5 10.5l3.5 3.5 7.5-8" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

function ThumbIcon({ down = false, filled = false }: { down?: boolean; filled?: boolean }) {
  return (
    <svg viewBox="0 0 20 20" fill={filled ? "currentColor" : "none"} aria-hidden="true" className={cn(ICON, down ? "rotate-180" : null)}>
      <path
        d="M6.5 9l3-5.5a1.6 1.6 0 012.9 1.2L11.7 8h3.6a1.7 1.7 0 011.7 2l-1 5a1.7 1.7 0 01-1.7 1.5H6.5M6.5 9v7.5M6.5 9H4a1 1 0 00-1 1v5.5a1 1 0 001 1h2.5"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinejoin="round"
      />
    </svg>
  );
}

function RegenerateIcon() {
  return (
    <svg viewBox="0 0 20 20" fill="none" aria-hidden="true" className={ICON}>
      <path d="M15.5 8A6 6 0 004.7 6.5M4.5 12a6 6 0 0010.8 1.5" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      <path d="M4.5 3.5v3.25h3.25M15.5 16.5v-3.25h-3.25" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

function EditIcon() {
  return (
    <svg viewBox="0 0 20 20" fill="none" aria-hidden="true" className={ICON}>
      <path d="M12.5 4.5l3 3M4 16l.7-3.3L13.3 4a1.4 1.4 0 012 0l1 1a1.4 1.4 0 010 2l-8.6 8.6L4 16z" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
    </svg>
  );
}

function ChevronIcon({ right = false }: { right?: boolean }) {
  return (
    <svg viewBox="0 0 20 20" fill="none" aria-hidden="true" className={cn(ICON, right ? "rotate-180" : null)}>
      <path d="M12 5l-5 5 5 5" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/**
 * "‹ 2 / 3 ›" under a message with several versions. The ends are aria-disabled rather than
 * disabled, so the button that was just pressed keeps the keyboard focus when it reaches one.
 */
function VersionSwitcher({
  message,
  onSwitch,
  blocked,
  switching,
}: {
  message: ConversationMessage;
  onSwitch: (messageId: string) => void;
  blocked: string | null;
  switching: boolean;
}) {
  const position = versionPosition(message);
  if (!position) return null;
  const go = (id: string | null) => {
    if (id && !blocked && !switching) onSwitch(id);
  };
  return (
    <div role="group" aria-label="Versions" aria-busy={switching || undefined} data-testid="version-switcher" className="inline-flex items-center">
      <ActionButton
        label="Previous version"
        title={blocked ?? undefined}
        aria-disabled={!position.previousId || blocked !== null || switching || undefined}
        onClick={() => go(position.previousId)}
      >
        <ChevronIcon />
      </ActionButton>
      <span aria-hidden="true" className="min-w-9 text-center text-xs text-fg-muted tabular-nums">
        {position.number} / {position.total}
      </span>
      <span className="sr-only">{`Version ${position.number} of ${position.total}`}</span>
      <ActionButton
        label="Next version"
        title={blocked ?? undefined}
        aria-disabled={!position.nextId || blocked !== null || switching || undefined}
        onClick={() => go(position.nextId)}
      >
        <ChevronIcon right />
      </ActionButton>
    </div>
  );
}

function CostIcon() {
  return (
    <svg viewBox="0 0 20 20" fill="none" aria-hidden="true" className={ICON}>
      <circle cx="10" cy="10" r="7" stroke="currentColor" strokeWidth="1.5" />
      <path d="M10 9v4.5M10 6.5v.01" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" />
    </svg>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), COPIED_FOR_MS);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = async () => {
    try {
      await copyText(text);
      setCopied(true);
      toast.success("Copied to the clipboard.");
    } catch {
      toast.error("This browser did not allow copying. Select the text and copy it instead.");
    }
  };
  return (
    <ActionButton label={copied ? "Copied" : "Copy message"} onClick={() => void copy()}>
      {copied ? (
        <>
          <CheckIcon />
          <span aria-hidden="true">Copied</span>
        </>
      ) : (
        <CopyIcon />
      )}
    </ActionButton>
  );
}

/**
 * The cost of an answer, shown while its button is hovered or focused (so keyboard users reach it
 * too) and dismissed with Escape without moving focus; the button's description is the same text.
 */
function CostInfo({ lines }: { lines: CostLine[] }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <span className="inline-flex" onMouseEnter={() => setOpen(true)} onMouseLeave={() => setOpen(false)}>
      <ActionButton
        label="Cost of this answer"
        aria-describedby={id}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        // Opens, never toggles: a pointer's hover or a tap's focus has opened it already by the time the click comes.
        onClick={() => setOpen(true)}
      >
        <CostIcon />
      </ActionButton>
      {/* Padding, not a margin, between the button and the box: the pointer can move onto it without it closing. */}
      <div role="tooltip" id={id} hidden={!open} data-testid="message-cost" className="absolute bottom-full left-0 z-20 pb-1">
        <div className="w-max max-w-[min(18rem,calc(100vw-3rem))] rounded-md border border-border bg-surface px-3 py-2 text-xs text-fg shadow-lg">
          {lines.map((line) => (
            <div key={line.label} className="flex gap-2">
              <span className="text-fg-muted">{`${line.label}: `}</span>
              <span className="font-medium [overflow-wrap:anywhere]">{line.value}</span>
            </div>
          ))}
        </div>
      </div>
      {open ? <EscapeCloses onClose={() => setOpen(false)} /> : null}
    </span>
  );
}

/** WCAG 1.4.13: content shown on hover or focus can be dismissed without moving the pointer or focus. */
function EscapeCloses({ onClose }: { onClose: () => void }) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onClose]);
  return null;
}

function Feedback({ message, sessionId }: { message: ConversationMessage; sessionId: string | null }) {
  const { mutateAsync: save } = useMessageFeedback(sessionId);
  // The member's latest choice here (null: taken back) wins over the copy read with the history until that is re-read.
  const [chosen, setChosen] = useState<MessageFeedback | null | undefined>(undefined);
  const current = chosen !== undefined ? chosen : (message.feedback ?? null);
  const [posting, setPosting] = useState(false);
  const [asking, setAsking] = useState(false);
  // The reason's own request: the 👎 that opened the dialog may still be on its way, and need not hold it up.
  const [sending, setSending] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  // One write at a time, in the order they were made: the reason never lands before its 👎.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const reasonId = useId();

  /** Resolves true once stored; on failure the previous rating is shown again and the member told. */
  const rate = (next: MessageFeedback | null): Promise<boolean> => {
    const previous = current;
    setChosen(next);
    setPosting(true);
    const write = queue.current.then(() => save({ messageId: message.id, rating: next?.rating ?? null, reason: next?.reason }));
    queue.current = write.catch(() => undefined);
    return write
      .then((saved) => {
        setChosen(saved);
        return true;
      })
      .catch((error: unknown) => {
        setChosen(previous);
        toast.error(errorMessage(error, "Your feedback could not be saved. Please try again."));
        return false;
      })
      .finally(() => setPosting(false));
  };

  // Each thumb is a toggle: pressed again, it takes the rating back.
  const up = () => {
    if (posting) return;
    const taking = current?.rating === "up";
    void rate(taking ? null : { rating: "up", reason: null }).then((saved) => {
      if (saved) toast.success(taking ? "Rating removed." : "Thanks for the feedback.");
    });
  };

  const down = () => {
    if (posting) return;
    if (current?.rating === "down") {
      void rate(null).then((saved) => {
        if (saved) toast.success("Rating removed.");
      });
      return;
    }
    setReason("");
    setReasonError(null);
    void rate({ rating: "down", reason: null });
    setAsking(true);
  };

  const sendReason = async () => {
    if (sending) return;
    const text = reason.trim();
    if (text.length > FEEDBACK_REASON_MAX_CHARS) {
      setReasonError(`At most ${formatCount(FEEDBACK_REASON_MAX_CHARS)} characters (${formatCount(text.length)} now).`);
      return;
    }
    setSending(true);
    const saved = await rate({ rating: "down", reason: text || null });
    setSending(false);
    if (!saved) return;
    setAsking(false);
    toast.success("Thanks for the feedback.");
  };

  return (
    <>
      <ActionButton label="Good answer" pressed={current?.rating === "up"} onClick={up}>
        <ThumbIcon filled={current?.rating === "up"} />
      </ActionButton>
      <ActionButton
        label="Bad answer"
        // The member's own reason, on hover: it is theirs to see again.
        title={current?.rating === "down" && current.reason ? `Bad answer: “${current.reason}”` : undefined}
        pressed={current?.rating === "down"}
        onClick={down}
      >
        <ThumbIcon down filled={current?.rating === "down"} />
      </ActionButton>
      <Dialog
        open={asking}
        onClose={() => setAsking(false)}
        title="What was wrong with this answer?"
        description="Optional: a few words help the team improve the assistant."
        size="sm"
        closeOnBackdropClick={false}
        footer={
          <>
            <Button type="button" variant="secondary" onClick={() => setAsking(false)}>
              Skip
            </Button>
            <Button type="button" loading={sending} onClick={() => void sendReason()}>
              Send feedback
            </Button>
          </>
        }
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void sendReason();
          }}
          className="space-y-1"
        >
          <Label htmlFor={reasonId}>Reason (optional)</Label>
          <Textarea
            id={reasonId}
            data-autofocus
            rows={3}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            aria-invalid={reasonError ? true : undefined}
            aria-describedby={reasonError ? `${reasonId}-error` : undefined}
            placeholder="e.g. the price was wrong, it missed the product I asked about"
          />
          {reasonError ? (
            <p id={`${reasonId}-error`} role="alert" className="text-xs font-medium text-danger-fg">
              {reasonError}
            </p>
          ) : null}
        </form>
      </Dialog>
    </>
  );
}

/**
 * Under a message: Copy for every message; its versions when it has several; Edit for the member's
 * own; for the assistant's answers Regenerate, 👍/👎 and the cost.
 */
export function MessageActions({ message, showUsage, rating, onRegenerate, onEdit, onSwitchVersion, branchBlocked = null, switching = false }: MessageActionsProps) {
  if (message.status === "streaming" || (message.content.trim() === "" && message.role !== "assistant")) return null;
  const lines = message.role === "assistant" ? costLines(message, { showUsage }) : [];
  const rateable = rating !== undefined && canRate(message);
  const regenerable = onRegenerate && canRegenerate(message);
  const editable = onEdit && canEdit(message);
  const versions = onSwitchVersion && versionPosition(message) !== null;
  if (message.content.trim() === "" && !rateable && !regenerable && !versions && lines.length === 0) return null;
  return (
    <div
      role="group"
      aria-label="Message actions"
      data-testid="message-actions"
      className={cn("relative mt-1 flex flex-wrap items-center gap-0.5", message.role === "user" ? "justify-end" : "justify-start")}
    >
      {versions ? <VersionSwitcher message={message} onSwitch={onSwitchVersion} blocked={branchBlocked} switching={switching} /> : null}
      {editable ? (
        <ActionButton label="Edit message" title={branchBlocked ?? undefined} disabled={branchBlocked !== null} onClick={() => onEdit(message)} data-action="edit">
          <EditIcon />
        </ActionButton>
      ) : null}
      {/* Keyed by the message: another version shown in its place starts with its own state. */}
      {message.content.trim() ? <CopyButton key={`copy-${message.id}`} text={message.content} /> : null}
      {regenerable ? (
        <ActionButton
          label="Regenerate answer"
          title={branchBlocked ?? "Regenerate answer (charged like a message)"}
          disabled={branchBlocked !== null}
          onClick={() => onRegenerate(message)}
        >
          <RegenerateIcon />
        </ActionButton>
      ) : null}
      {rateable ? <Feedback key={`feedback-${message.id}`} message={message} sessionId={rating.sessionId} /> : null}
      {lines.length > 0 ? <CostInfo key={`cost-${message.id}`} lines={lines} /> : null}
    </div>
  );
}
