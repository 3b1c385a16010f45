"use client";

import dynamic from "next/dynamic";

/**
 * The app shell, loaded only when it is rendered: the public pages render it for a signed-in member,
 * and a visitor's copy of those pages never downloads it (React Query, axios, next-auth's client,
 * the toaster and the navigation) — the server-rendered site shell stands in for them.
 */
export const MemberShell = dynamic(() => import("./app-shell").then((module) => module.AppShell));
