"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { BusinessView } from "@/lib/business/schemas";
import { businessKeys } from "@/lib/query-keys";

// Every member's page reads the business (the navigation's storefront link): its edits, the identity
// secret (hooks/use-business-settings.ts) and credits (hooks/use-credits.ts) live apart, so that pages
// which never change them do not download them.

export type { BusinessView };

export { businessKeys };

/** GET /api/business. Admins get a BusinessView; other members only its public part (name, slug, chat look). */
export function useBusiness(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: businessKeys.business(),
    queryFn: async () => (await api.get<BusinessView>("/api/business")).data,
    enabled: options.enabled ?? true,
  });
}
