"use client";

import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { listPageOf } from "@/lib/pagination";
import { useAppPathname, useAppSearchParams } from "@/hooks/use-app-route";

/**
 * A list page's filters and page number kept in the URL, so a filtered view survives a reload, can
 * be linked and is reached again with Back. `update` sets the given params (an empty value removes
 * one) and moves to `page`, the first page unless given: a new filter starts from the top.
 *
 * `searchParams` is the address as last asked for: a navigation takes a moment (longer on a slow
 * link), and a second click meanwhile (a sort header clicked twice for descending, the next page
 * after a filter) builds on the first rather than on the address it is leaving. Once the address
 * moves, to that or anywhere else (Back), it is what the list shows again.
 */
export function useListParams() {
  const address = useAppSearchParams();
  const router = useRouter();
  const pathname = useAppPathname();
  const [asked, setAsked] = useState<{ from: string; to: string } | null>(null);
  const current = address.toString();
  if (asked && asked.from !== current) setAsked(null);
  const searchParams = asked && asked.from === current ? new URLSearchParams(asked.to) : address;
  const page = listPageOf(searchParams);
  const base = searchParams.toString();

  const update = useCallback(
    ({ params = {}, page: target = 1 }: { params?: Record<string, string | undefined>; page?: number }) => {
      const next = new URLSearchParams(base);
      for (const [key, value] of Object.entries({ ...params, page: target > 1 ? String(target) : undefined })) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      const query = next.toString();
      setAsked({ from: current, to: query });
      router.push(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [base, current, pathname, router],
  );

  return { searchParams, page, update };
}
