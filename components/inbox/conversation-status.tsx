import { Badge, type BadgeProps } from "@/components/ui/badge";
import type { SessionStatus } from "@/lib/chat/vocabulary";
import { STATUS_LABELS, STATUS_TONES } from "./format";

/**
 * A conversation's status in words (colour only backs the text up); one a person of the business is with
 * names them ("With Ada", "With you" for the admin reading), so two admins see who has it.
 */
export function ConversationStatus({
  status,
  agent = null,
  selfId = null,
  ...props
}: Omit<BadgeProps, "tone" | "children"> & { status: SessionStatus; agent?: { id: string; name: string } | null; selfId?: string | null }) {
  const withWhom = status === "with_person" && agent ? `With ${agent.id === selfId ? "you" : agent.name}` : null;
  return (
    <Badge tone={STATUS_TONES[status]} data-status={status} {...props}>
      {status === "needs_person" ? (
        <span aria-hidden="true" className="mr-1 inline-block size-1.5 rounded-full bg-current" />
      ) : null}
      {withWhom ?? STATUS_LABELS[status]}
    </Badge>
  );
}
