"use client";

import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { listPageOf } from "@/lib/pagination";
import { useAppPathname, useAppSearchParams } from "@/hooks/use-app-route";

/**
 * A list page's filters and page number kept in the URL, so a filtered view survives a reload, can
 * be linked and is reached again with Back. `update` sets the given params (an empty value removes
 * one) and moves to `page`, the first page unless given: a new filter starts from the top.
 */
export function useListParams() {
  const searchParams = useAppSearchParams();
  const router = useRouter();
  const pathname = useAppPathname();
  const page = listPageOf(searchParams);

  const update = useCallback(
    ({ params = {}, page: target = 1 }: { params?: Record<string, string | undefined>; page?: number }) => {
      const next = new URLSearchParams(searchParams.toString());
      for (const [key, value] of Object.entries({ ...params, page: target > 1 ? String(target) : undefined })) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      const query = next.toString();
      router.push(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [pathname, router, searchParams],
  );

  return { searchParams, page, update };
}
