"use client";

import { lazyModule } from "@/lib/lazy-module";

/**
 * next-auth's browser client (sign-in, sign-out, the session cookie's refresh, and the session's sync
 * between tabs), 9.6 kB: no page needs it to paint, so it loads once the page is up
 * (components/layout/session-sync.tsx) or when a sign-in is submitted.
 */
export const nextAuthClient = lazyModule(() => import("next-auth/react"));
