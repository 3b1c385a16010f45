"use client";

import { useLiveEvents } from "@/hooks/use-live-events";

/** What other tabs and the server change reaches this tab while a member is signed in. */
export default function LiveEvents() {
  useLiveEvents();
  return null;
}
