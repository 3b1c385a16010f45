import type { ConversationMessage } from "@/lib/chat/stream-client";

// Apart from message-meta.ts: the conversation needs only this on its first render, and the rest of
// those helpers (with the model names) belong to a message's actions, which load after the page.

export type VersionPosition = {
  /** 1-based, as the switcher shows it ("2 / 3"). */
  number: number;
  total: number;
  previousId: string | null;
  nextId: string | null;
};

/** Where a message stands among its versions (oldest first); null when it has only one. */
export function versionPosition(message: Pick<ConversationMessage, "id" | "versions">): VersionPosition | null {
  const versions = message.versions;
  if (!versions || versions.length < 2) return null;
  const at = versions.indexOf(message.id);
  if (at < 0) return null;
  return { number: at + 1, total: versions.length, previousId: versions[at - 1] ?? null, nextId: versions[at + 1] ?? null };
}
