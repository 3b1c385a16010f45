/** /chat — a new conversation; rendered by app/chat/layout.tsx. */
export default function NewChatPage() {
  return null;
}
