"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Role } from "@/db/schema";
import { api, definedOnly } from "@/lib/api-client";
import type { Page } from "@/lib/pagination";
import type { CreateInviteInput, CreateUserInput, UpdateUserInput, UserDto } from "@/lib/users/schemas";

export type { UserDto } from "@/lib/users/schemas";

export type UsersFilter = { page: number; pageSize?: number; q?: string; role?: Role; status?: "active" | "inactive" };

export type CreatedUser = { user: UserDto; temporaryPassword?: string };

export type CreatedInvite = { inviteCode: string; expiresAt: string; role: Role; email: string | null };

/** Every users query lives under ["users"]: one invalidation after a write refreshes every page. */
export const userKeys = {
  all: ["users"] as const,
  list: (filter: UsersFilter) => ["users", "list", filter] as const,
};

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
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

/** PATCH /api/users/:id — role, name, active. */
export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, changes }: { id: string; changes: UpdateUserInput }) =>
      (await api.patch<{ user: UserDto }>(`/api/users/${encodeURIComponent(id)}`, changes)).data.user,
    // Another user's credits may be shown elsewhere (e.g. purchases filters): refresh every users view.
    onSettled: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

/** DELETE /api/users/:id — deactivates. */
export function useDeactivateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      await api.delete(`/api/users/${encodeURIComponent(id)}`);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

/** POST /api/invites — the code is returned once. */
export function useCreateInvite() {
  return useMutation({
    mutationFn: async (input: CreateInviteInput) => (await api.post<CreatedInvite>("/api/invites", input)).data,
  });
}
