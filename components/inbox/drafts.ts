/**
 * The admin's unsent replies, one per conversation, kept by the inbox while it is open: a reply
 * half-written in one conversation is still there after reading another.
 */
export type Drafts = Readonly<Record<string, string>>;

/** What the reply box holds once `sent` has been sent from it: whatever was typed after it, else nothing. */
export function draftAfterSend(current: string, sent: string): string {
  const text = current.trimStart();
  if (!text.startsWith(sent)) return current;
  return text.slice(sent.length).trimStart();
}

export function withDraft(drafts: Drafts, sessionId: string, text: string): Drafts {
  if ((drafts[sessionId] ?? "") === text) return drafts;
  const next = { ...drafts };
  if (text) next[sessionId] = text;
  else delete next[sessionId];
  return next;
}

/** The conversation's draft once its reply `sent` reached the server. */
export function withReplySent(drafts: Drafts, sessionId: string, sent: string): Drafts {
  return withDraft(drafts, sessionId, draftAfterSend(drafts[sessionId] ?? "", sent));
}
