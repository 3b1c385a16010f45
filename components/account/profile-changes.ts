import type { UpdateProfileInput } from "@/lib/auth/schemas";

/**
 * Whether the email typed moves the account to another mailbox, which the server only takes with the
 * current password and a link mailed there. Another letter case of the same address does not: it is
 * the same mailbox, and the server writes it at once.
 */
export function emailMoves(typed: string, current: string): boolean {
  return typed.trim().toLowerCase() !== current.toLowerCase();
}

/** What the profile form sends: the name, the email when it was edited at all, and the password only when the email moves. */
export function profileChanges(values: { name: string; email: string; currentPassword: string }, currentEmail: string): UpdateProfileInput {
  const email = values.email.trim();
  return {
    name: values.name,
    ...(email !== currentEmail ? { email } : {}),
    ...(emailMoves(email, currentEmail) ? { currentPassword: values.currentPassword } : {}),
  };
}
