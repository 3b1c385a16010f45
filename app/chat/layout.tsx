import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ChatWorkspace } from "@/components/chat/chat-workspace";

export const metadata: Metadata = { title: "Assistant" };

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
