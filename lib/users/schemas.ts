import { z } from "zod";
import { pageQuery } from "@/lib/pagination-query";
import type { Role } from "@/db/schema";
import { emailSchema, inviteCodeSchema, passwordSchema, personNameSchema } from "@/lib/auth/schemas";
import { ROLE_VALUES } from "./vocabulary";

/** Shared by the /users page forms and the users / invites API. */

export const INVITE_TTL_DAYS = 7;

export const roleSchema = z.enum(ROLE_VALUES, { error: "Role must be one of admin, editor, approver, viewer." });

export const createUserSchema = z
  .object({
    email: emailSchema,
    name: personNameSchema,
    role: roleSchema,
    // Left out, the server generates a temporary password and returns it once.
    password: passwordSchema.optional(),
  })
  .strict();

export const updateUserSchema = z
  .object({
    role: roleSchema.optional(),
    name: personNameSchema.optional(),
    active: z.boolean({ error: "active must be true or false." }).optional(),
  })
  .strict()
  .refine((value) => value.role !== undefined || value.name !== undefined || value.active !== undefined, {
    message: "Give at least one of role, name, active.",
    path: ["_"],
  });

export const listUsersQuerySchema = z.object({
  ...pageQuery,
  q: z.string().trim().max(200).optional(),
  role: roleSchema.optional(),
  status: z.enum(["active", "inactive"]).optional(),
});

export const createInviteSchema = z
  .object({
    role: roleSchema,
    // When given, only this address may use the invite.
    email: emailSchema.optional(),
  })
  .strict();

/** A user as every API returns it: never the password hash. */
export type UserDto = {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  credits: number;
  lastLoginAt: string | null;
  createdAt: string;
};

/** POST /api/invites/describe: the code travels in a body, never in a URL a log could keep. */
export const describeInviteSchema = z.object({ inviteCode: inviteCodeSchema }).strict();

/** What the sign-up page shows for a working invite code. */
export type InviteDescription = { businessName: string; role: Role; email: string | null };

export const listInvitesQuerySchema = z.object({ ...pageQuery });

/** A pending invite as the API lists it: never its code (only the hash is kept). */
export type InviteDto = {
  id: string;
  role: Role;
  email: string | null;
  createdAt: string;
  expiresAt: string;
  lastSentAt: string | null;
  invitedBy: { id: string; name: string } | null;
};

export type ListInvitesQuery = z.infer<typeof listInvitesQuerySchema>;
export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
export type ListUsersQuery = z.infer<typeof listUsersQuerySchema>;
export type CreateInviteInput = z.infer<typeof createInviteSchema>;
