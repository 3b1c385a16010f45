"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { ApiKeyDto, CreateApiKeyInput, CreatedApiKey, UpdateApiKeyInput } from "@/lib/api-keys/schemas";
import type { Page } from "@/lib/pagination";
import { auditKeys } from "@/lib/query-keys";

export type { ApiKeyDto, CreatedApiKey };

/** Every API keys query lives under ["api-keys"]: one invalidation after a write refreshes every page. */
export const apiKeyKeys = {
  all: ["api-keys"] as const,
  list: (page: number, pageSize: number) => ["api-keys", "list", page, pageSize] as const,
};

/** GET /api/api-keys — the business's keys, newest first, revoked ones included. */
export function useApiKeys(page: number, pageSize: number) {
  return useQuery({
    queryKey: apiKeyKeys.list(page, pageSize),
    queryFn: async ({ signal }) => (await api.get<Page<ApiKeyDto>>("/api/api-keys", { params: { page, pageSize }, signal })).data,
    placeholderData: keepPreviousData,
  });
}

function useApiKeyMutation<Input, Output>(mutationFn: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: apiKeyKeys.all });
      void queryClient.invalidateQueries({ queryKey: auditKeys.all() });
    },
  });
}

/** POST /api/api-keys — the whole key is in this answer only. */
export function useCreateApiKey() {
  return useApiKeyMutation(async (input: CreateApiKeyInput) => (await api.post<CreatedApiKey>("/api/api-keys", input)).data);
}

/** PATCH /api/api-keys/:id — name, scopes, allowed origins. */
export function useUpdateApiKey() {
  return useApiKeyMutation(
    async ({ id, changes }: { id: string; changes: UpdateApiKeyInput }) =>
      (await api.patch<{ apiKey: ApiKeyDto }>(`/api/api-keys/${encodeURIComponent(id)}`, changes)).data.apiKey,
  );
}

/** DELETE /api/api-keys/:id — revokes for good. */
export function useRevokeApiKey() {
  return useApiKeyMutation(
    async (id: string) => (await api.delete<{ apiKey: ApiKeyDto }>(`/api/api-keys/${encodeURIComponent(id)}`)).data.apiKey,
  );
}
