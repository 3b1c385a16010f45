"use client";

import { useId } from "react";
import { useChatSuggestions } from "@/hooks/use-chat";

export interface SuggestedPromptsProps {
  /** Sends the prompt as the member's message. */
  onPick: (prompt: string) => void;
  /** Why nothing can be sent just now (another answer is being written); the prompts wait. */
  disabled?: boolean;
}

/** Prompts that start a new conversation, from the business's catalog; one click sends one. */
export function SuggestedPrompts({ onPick, disabled = false }: SuggestedPromptsProps) {
  const suggestions = useChatSuggestions(true);
  const headingId = useId();
  // The prompts are a shortcut: a failure to load them leaves the message box, which is all that is needed.
  if (suggestions.isError || (suggestions.isSuccess && suggestions.data.length === 0)) return null;
  return (
    <section aria-labelledby={headingId} data-testid="suggested-prompts" className="mt-4">
      <h2 id={headingId} className="mb-2 text-xs font-semibold tracking-wide text-fg-muted uppercase">
        Try asking
      </h2>
      {suggestions.isPending ? (
        <ul aria-busy="true" aria-label="Loading suggestions" className="flex flex-wrap gap-2">
          {[0, 1, 2, 3].map((i) => (
            <li key={i} className="h-8 w-40 animate-pulse rounded-full bg-surface-muted" />
          ))}
        </ul>
      ) : (
        <ul className="flex flex-wrap gap-2">
          {suggestions.data.map((prompt) => (
            <li key={prompt} className="max-w-full">
              <button
                type="button"
                disabled={disabled}
                onClick={() => onPick(prompt)}
                className="focus-ring max-w-full rounded-full border border-border-strong/60 bg-surface px-3 py-1.5 text-left text-sm [overflow-wrap:anywhere] text-fg shadow-sm transition-colors hover:border-accent hover:bg-accent-soft disabled:cursor-not-allowed disabled:opacity-60"
              >
                {prompt}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
