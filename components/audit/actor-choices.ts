import type { AuditActor } from "@/hooks/use-audit";
import type { AuditEntryDto } from "@/lib/audit/schemas";

/**
 * The Actor filter's choices: the business's members as the users API lists them (its first 100), and
 * the one chosen when it is not among them (someone further down, or a shared link filtered on them),
 * named as the log's entries name them, so the filter shows who it filters on rather than "Anyone".
 */
export function actorChoices(
  members: readonly AuditActor[] | undefined,
  chosenId: string | undefined,
  entries: readonly Pick<AuditEntryDto, "actorId" | "actorName" | "actorEmail">[] | undefined,
): { id: string; label: string }[] {
  const choices = (members ?? []).map((member) => ({ id: member.id, label: `${member.name} (${member.email})` }));
  if (!members || !chosenId || members.some((member) => member.id === chosenId)) return choices;
  const named = entries?.find((entry) => entry.actorId === chosenId && entry.actorName);
  return [...choices, { id: chosenId, label: named ? `${named.actorName} (${named.actorEmail ?? "no email"})` : "The chosen member" }];
}
