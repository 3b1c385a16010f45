"use client";

import dynamic from "next/dynamic";

/**
 * The drawer for places where it is closed when the page arrives (the app's menu, the chat's
 * conversations on a phone): it renders only in the browser, its code fetched once the page is up
 * rather than carried in the page's first load. Opened before the code has arrived, it opens when it does.
 */
export const LazySheet = dynamic(() => import("./sheet").then((module) => module.Sheet), { ssr: false });
