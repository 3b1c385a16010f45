import type { NextConfig } from "next";
// Relative: next.config.ts loads this file, outside the "@/" alias.
import { SESSION_COOKIE_NAMES } from "../auth/session-cookie-names";

/*
 * Which public pages a visitor gets without script (pages/visitor, the Pages Router), as next.config.ts
 * routes them. A visitor is a request without next-auth's session cookie: a cookie that no longer
 * holds a session still gets the App Router's copy, which then shows the visitor's page with the app's
 * code (app/(site)/layout.tsx). Config rewrites rather than the proxy's: Next serves a proxy's rewrite
 * as another site's when started with `-H 127.0.0.1` (vercel/next.js#94745).
 */

type Rewrite = Extract<Awaited<ReturnType<NonNullable<NextConfig["rewrites"]>>>, unknown[]>[number];
type Redirect = Awaited<ReturnType<NonNullable<NextConfig["redirects"]>>>[number];

/** Where the Pages Router serves a visitor's copies. */
export const STATIC_PAGES_PREFIX = "/visitor";

// A member: either cookie name, whole or as the first of the chunks next-auth splits a large one into.
// A navigation inside the app (an RSC request, from a tab that has the app's code already: /login,
// /catalog, a sign-out) stays with the App Router, whose copy for a visitor is the same page.
const VISITOR_DOCUMENT_LOAD = [
  ...SESSION_COOKIE_NAMES.flatMap((name) => [name, `${name}.0`]).map((key) => ({ type: "cookie" as const, key })),
  { type: "header" as const, key: "rsc" },
];

/** The front page, a storefront and a product, each to its copy without script for a visitor's load. */
export function staticVisitorRewrites(): Rewrite[] {
  return [
    { source: "/", destination: STATIC_PAGES_PREFIX, missing: VISITOR_DOCUMENT_LOAD },
    { source: "/shop/:slug", destination: `${STATIC_PAGES_PREFIX}/shop/:slug`, missing: VISITOR_DOCUMENT_LOAD },
    { source: "/shop/:slug/:product", destination: `${STATIC_PAGES_PREFIX}/shop/:slug/:product`, missing: VISITOR_DOCUMENT_LOAD },
    { source: "/login", destination: `${STATIC_PAGES_PREFIX}/login`, missing: VISITOR_DOCUMENT_LOAD },
  ];
}

/** The copies have no address of their own: asked for directly, they send on to the public one. */
export function staticPagesRedirects(): Redirect[] {
  return [
    { source: STATIC_PAGES_PREFIX, destination: "/", permanent: false },
    { source: `${STATIC_PAGES_PREFIX}/:path+`, destination: "/:path+", permanent: false },
  ];
}
