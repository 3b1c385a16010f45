import { Badge, type BadgeProps } from "@/components/ui/badge";
import type { SessionStatus } from "@/lib/chat/vocabulary";
import { STATUS_LABELS, STATUS_TONES } from "./format";

/** A conversation's status in words (colour only backs the text up). */
export function ConversationStatus({ status, ...props }: Omit<BadgeProps, "tone" | "children"> & { status: SessionStatus }) {
  return (
    <Badge tone={STATUS_TONES[status]} data-status={status} {...props}>
      {status === "needs_person" ? (
        <span aria-hidden="true" className="mr-1 inline-block size-1.5 rounded-full bg-current" />
      ) : null}
      {STATUS_LABELS[status]}
    </Badge>
  );
}
