import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { ChatWorkspace } from "@/components/chat/chat-workspace";

export const metadata: Metadata = { title: "Assistant" };

// The chat's composer sits on the screen's bottom edge: reaching under a phone's rounded corners and
// home indicator lets it pad itself with env(safe-area-inset-bottom) instead of leaving a strip.
export const viewport: Viewport = { viewportFit: "cover" };

/**
 * The chat screen is the layout, not the pages: moving from /chat to /chat/<id> (after the first
 * message names the conversation) or between conversations keeps it mounted, so a streaming answer
 * is never cut off by navigation.
 */
export default function ChatLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <ChatWorkspace />
      {children}
    </>
  );
}
