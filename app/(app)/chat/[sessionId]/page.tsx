/** /chat/[sessionId] — one conversation; rendered by app/chat/layout.tsx, which reads the id. */
export default function ChatSessionPage() {
  return null;
}
