"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Role } from "@/db/schema";
import { api, definedOnly } from "@/lib/api-client";
import type { Page } from "@/lib/pagination";
import { inviteKeys, ME_QUERY_KEY, userKeys, type UsersFilter } from "@/lib/query-keys";
import type { CreateInviteInput, CreateUserInput, InviteDescription, InviteDto, UpdateUserInput, UserDto } from "@/lib/users/schemas";

export type { UserDto } from "@/lib/users/schemas";

export type { UsersFilter } from "@/lib/query-keys";

export type CreatedUser = { user: UserDto; temporaryPassword?: string };

export type CreatedInvite = { id: string; inviteCode: string; expiresAt: string; role: Role; email: string | null; emailSent: boolean };

export type { InviteDto } from "@/lib/users/schemas";

/** GET /api/users — the admin's business, paginated. */
export function useUsers(filter: UsersFilter) {
  return useQuery({
    queryKey: userKeys.list(filter),
    queryFn: async ({ signal }) => (await api.get<Page<UserDto>>("/api/users", { params: definedOnly(filter), signal })).data,
    placeholderData: keepPreviousData,
  });
}

/** POST /api/users */
export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: CreateUserInput) => (await api.post<CreatedUser>("/api/users", input)).data,
    // An invite to the new member's address is withdrawn as they join (the server does it): refresh those too.
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: userKeys.all }), queryClient.invalidateQueries({ queryKey: inviteKeys.all })]),
  });
}

/** PATCH /api/users/:id — role, name, active. */
export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, changes }: { id: string; changes: UpdateUserInput }) =>
      (await api.patch<{ user: UserDto }>(`/api/users/${encodeURIComponent(id)}`, changes)).data.user,
    // Another user's credits may be shown elsewhere (e.g. purchases filters): refresh every users view. An
    // admin demoted or deactivated leaves no pending invite (the server withdraws them): refresh those too.
    // An admin who changed their own role is someone else now: the pages they may see follow their account.
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: userKeys.all }),
        queryClient.invalidateQueries({ queryKey: inviteKeys.all }),
        queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY }),
      ]),
  });
}

/** DELETE /api/users/:id — deactivates. */
export function useDeactivateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      await api.delete(`/api/users/${encodeURIComponent(id)}`);
    },
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: userKeys.all }), queryClient.invalidateQueries({ queryKey: inviteKeys.all })]),
  });
}

/** POST /api/invites — the code is returned once; an invite tied to an email is mailed. */
export function useCreateInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: CreateInviteInput) => (await api.post<CreatedInvite>("/api/invites", input)).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inviteKeys.all }),
  });
}

/** GET /api/invites — the business's pending invites. */
export function useInvites(page: number) {
  return useQuery({
    queryKey: inviteKeys.list(page),
    queryFn: async ({ signal }) => (await api.get<Page<InviteDto>>("/api/invites", { params: { page }, signal })).data,
    placeholderData: keepPreviousData,
  });
}

/** POST /api/invites/describe — what the sign-up page says of an invite link's code; asked once. */
export function useInviteDescription(inviteCode: string) {
  return useQuery({
    queryKey: [...inviteKeys.all, "description", inviteCode],
    queryFn: async ({ signal }) => (await api.post<InviteDescription>("/api/invites/describe", { inviteCode }, { signal })).data,
    enabled: inviteCode !== "",
    retry: false,
    staleTime: Infinity,
  });
}

/** DELETE /api/invites/:id — the code stops working. */
export function useRevokeInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      await api.delete(`/api/invites/${encodeURIComponent(id)}`);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: inviteKeys.all }),
  });
}

/** POST /api/invites/:id/resend — mailed again with a new code. */
export function useResendInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => (await api.post<{ invite: InviteDto }>(`/api/invites/${encodeURIComponent(id)}/resend`)).data.invite,
    onSettled: () => queryClient.invalidateQueries({ queryKey: inviteKeys.all }),
  });
}
