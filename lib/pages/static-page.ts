import { randomBytes } from "node:crypto";
import type { GetServerSidePropsContext, GetServerSidePropsResult } from "next";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { previewBase } from "./preview-base";

/*
 * A visitor's public page under the Pages Router (pages/visitor): server-rendered HTML with no script
 * at all, not even the framework's (each page's `config`, which Next reads only as a literal:
 * `{ runtime: "nodejs", unstable_runtimeJS: false }`), so it costs a phone nothing to run. next.config.ts
 * sends a request without a session cookie there (lib/pages/visitor-pages.ts); a member's copy of the
 * same page is the App Router's.
 */

/**
 * The page's data, and where its link previews resolve addresses (`base`, for its head); or nothing,
 * when what it shows does not exist, or when its data failed to load (`failure`: pages/_app.tsx then
 * shows components/layout/static-page-failure.tsx in the page's place).
 */
export type StaticPageProps<P> = { found: true; data: P; base: string | null } | { found: false; failure?: PageFailure };

/** A visitor's page whose data failed to load: the reference the server's log holds for it. */
export type PageFailure = { reference: string };

/**
 * Loads a page's data; a business or product that does not exist answers 404 with the page's own "not
 * found". Any other failure answers 500 with the app's own page saying so, not Next's bare error page
 * (which a page without script cannot replace with an error boundary).
 */
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
    // Short enough to read out; with the time of the log line it names one failure.
    const reference = randomBytes(4).toString("hex");
    logger().error({ err: error, reference, path: context.resolvedUrl }, "a visitor's page could not load its data");
    context.res.statusCode = 500;
    return { props: { found: false, failure: { reference } } };
  }
}

/** A dynamic segment of the page's route, as one string. */
export function segment(context: GetServerSidePropsContext, name: string): string {
  const value = context.params?.[name];
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}
