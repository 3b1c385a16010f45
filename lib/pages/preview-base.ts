import { env } from "@/lib/env";

/** Where link previews resolve the public pages' addresses (NEXTAUTH_URL); without it they stay paths. */
export function previewBase(): string | undefined {
  return env().NEXTAUTH_URL || undefined;
}
