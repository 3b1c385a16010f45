import { EmbedUnavailable } from "@/components/widget/embed-unavailable";

export default function EmbedNotFound() {
  return <EmbedUnavailable />;
}
