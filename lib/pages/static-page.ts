import type { GetServerSidePropsContext, GetServerSidePropsResult } from "next";
import { AppError } from "@/lib/errors";
import { previewBase } from "./preview-base";

/*
 * A visitor's public page under the Pages Router (pages/visitor): server-rendered HTML with no script
 * at all, not even the framework's (each page's `config`, which Next reads only as a literal:
 * `{ runtime: "nodejs", unstable_runtimeJS: false }`), so it costs a phone nothing to run. next.config.ts
 * sends a request without a session cookie there (lib/pages/visitor-pages.ts); a member's copy of the
 * same page is the App Router's.
 */

/** The page's data, and where its link previews resolve addresses (`base`, for its head). */
export type StaticPageProps<P> = { found: true; data: P; base: string | null } | { found: false };

/** Loads a page's data; a business or product that does not exist answers 404 with the page's own "not found". */
export async function staticPageProps<P>(context: GetServerSidePropsContext, load: () => Promise<P>): Promise<GetServerSidePropsResult<StaticPageProps<P>>> {
  try {
    // Props cross JSON on their way to the page (Next checks it in development): the loaders' plain
    // data survives it but for fields left undefined, which JSON drops and Next refuses.
    return { props: { found: true, data: JSON.parse(JSON.stringify(await load())) as P, base: previewBase() ?? null } };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") {
      context.res.statusCode = 404;
      return { props: { found: false } };
    }
    throw error;
  }
}

/** A dynamic segment of the page's route, as one string. */
export function segment(context: GetServerSidePropsContext, name: string): string {
  const value = context.params?.[name];
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}
