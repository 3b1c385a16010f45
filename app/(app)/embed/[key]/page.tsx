import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EmbedChat } from "@/components/widget/embed-chat";
import { getEmbedPage } from "@/lib/widget/embed";

export const metadata: Metadata = { title: "Chat", robots: { index: false, follow: false } };

/**
 * The widget's chat, loaded by /widget.js in an iframe on the business's pages. proxy.ts lets only
 * the key's allowed origins frame it; an unknown, revoked or expired key gets the not-found page.
 */
export default async function EmbedPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const embed = await getEmbedPage({ key });
  if (!embed) notFound();
  return <EmbedChat publishableKey={key} allowedOrigins={embed.allowedOrigins} look={embed.look} greeting={embed.greeting} />;
}
