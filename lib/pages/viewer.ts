import "server-only";
import type { Session } from "next-auth";
import type { DehydratedState } from "@tanstack/react-query";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { canOpenPage } from "@/lib/auth/page-access";
import type { AuthenticatedUser } from "@/lib/auth/require-user";
import { getMe } from "@/lib/auth/service";
import { getSessionFromRequest } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getBusiness } from "@/lib/business/service";
import { RENDERED_EVENT_POSITION_KEY, type RenderedEventPosition } from "@/lib/events/schemas";
import { currentEventPosition } from "@/lib/events/stream";
import { businessKeys, ME_QUERY_KEY } from "@/lib/query-keys";
import { DEFAULT_TIME_ZONE, knownTimeZone, TIME_ZONE_COOKIE, type RenderedTime } from "@/lib/time-zone";
import { asWire, prefetchPageData } from "./prefetch";

/** What GET /api/auth/me answers, as the page's first render hands it to the tab. */
export type PageMe = Awaited<ReturnType<typeof getMe>>;

/** `eventPosition`: where the member's live events stood before the page read anything else. */
export type PageViewer = { session: Session; me: PageMe; actor: AuthenticatedUser; eventPosition: number };

/**
 * The member behind the page request's session cookie, read while the page renders on the server, so
 * the page arrives knowing who is signed in (and with its first data) instead of asking after it has
 * loaded. next-auth's own session read applies (expiry, signature, the account still active); a cookie
 * change it would make (a slid expiry) is left to the tab's next API call, which makes it too.
 * Once per request however many server components ask.
 */
export const getPageViewer = cache(async (): Promise<PageViewer | null> => {
  const { session } = await getSessionFromRequest(new Request("http://page.invalid/", { headers: await headers() }));
  if (!session) return null;
  const { id, role, businessId, email, name } = session.user;
  const actor: AuthenticatedUser = { id, role, businessId, email, name };
  // Read first, before the member and the page's data: an event committed after it is replayed to the
  // tab's first live connection, whether or not the page's data already shows its change.
  const eventPosition = await currentEventPosition(businessId);
  try {
    return { session: asWire(session), me: asWire(await getMe(actor)), actor, eventPosition };
  } catch (error) {
    // The account went away between the session read and this one: a visitor, as the API would say.
    if (error instanceof AppError && error.code === "unauthorized") return null;
    throw error;
  }
});

/**
 * What every signed-in page shows, in the tab's cache from the start: the member and their balance, their
 * business (the navigation's storefront link); and where the page stood in the live events.
 */
export async function viewerShellData(viewer: PageViewer): Promise<DehydratedState> {
  return prefetchPageData([
    { key: ME_QUERY_KEY, load: async () => viewer.me },
    { key: businessKeys.business(), load: () => getBusiness(viewer.actor) },
    {
      key: RENDERED_EVENT_POSITION_KEY,
      load: async (): Promise<RenderedEventPosition> => ({ userId: viewer.actor.id, position: String(viewer.eventPosition) }),
    },
  ]);
}

/** The viewer when the page table lets their role open `pathname` (a page reads nothing for anyone else). */
export async function getViewerOf(pathname: string): Promise<PageViewer | null> {
  const viewer = await getPageViewer();
  return viewer && canOpenPage({ pathname, role: viewer.actor.role }) ? viewer : null;
}

/**
 * The zone the page's dates are rendered in (the one the browser named in its cookie, else UTC) and
 * the instant of this render, which relative times count from (lib/time-zone.ts).
 */
export async function pageTime(): Promise<RenderedTime> {
  const timeZone = knownTimeZone((await cookies()).get(TIME_ZONE_COOKIE)?.value) ?? DEFAULT_TIME_ZONE;
  return { timeZone, at: Date.now() };
}
