import { useParams, usePathname, useSearchParams, type ReadonlyURLSearchParams } from "next/navigation";

// A visitor's public pages are served by Next's Pages Router (pages/visitor), so Next types these hooks
// as possibly null: a Pages Router page asks before its router is ready. Every component that calls
// them renders under the App Router, where they always answer; these say so once instead of at each call.
function answered<T>(value: T | null, hook: string): T {
  if (value === null) throw new Error(`${hook} answers only under the App Router`);
  return value;
}

/** The page's path, as `usePathname` answers it under the App Router. */
export function useAppPathname(): string {
  return answered(usePathname(), "usePathname");
}

/** The page's query, as `useSearchParams` answers it under the App Router. */
export function useAppSearchParams(): ReadonlyURLSearchParams {
  return answered(useSearchParams(), "useSearchParams");
}

/** The route's dynamic segments, as `useParams` answers them under the App Router. */
export function useAppParams<T extends Record<string, string | string[]>>(): T {
  return answered(useParams<T>(), "useParams");
}
