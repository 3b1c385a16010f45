"use client";

import { z } from "zod";
import type { ApiKeyKind, ApiKeyScope } from "@/db/schema";
import { apiError } from "@/lib/api-client";
import { API_KEY_LIMITS, API_KEY_SCOPE_DESCRIPTIONS, API_KEY_SCOPE_VALUES, PUBLISHABLE_SCOPES, originProblem } from "@/lib/api-keys/schemas";

/** The allowed-origins textarea: one origin a line, blank lines ignored, each checked as the API checks it. */
export const originLinesSchema = z.string().superRefine((text, ctx) => {
  const origins = originLines(text);
  const problems = origins.flatMap((origin, index) => {
    const problem = originProblem(origin);
    return problem ? [`Line ${index + 1}: ${problem}`] : [];
  });
  if (origins.length > API_KEY_LIMITS.allowedOrigins) problems.push(`At most ${API_KEY_LIMITS.allowedOrigins} origins.`);
  if (new Set(origins).size !== origins.length) problems.push("Each origin may be listed once.");
  if (problems.length > 0) ctx.addIssue({ code: "custom", message: problems.join(" ") });
});

export function originLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/**
 * The API reports a bad list item under its index (`allowedOrigins.2`); the form has one field for the
 * whole list, so those messages are moved onto it before they are shown.
 */
export function foldListFieldErrors(error: unknown, lists: readonly string[]): void {
  const fields = apiError(error)?.fields;
  if (!fields) return;
  for (const key of Object.keys(fields)) {
    const list = lists.find((name) => key.startsWith(`${name}.`) && /^\d+$/.test(key.slice(name.length + 1)));
    if (!list) continue;
    fields[list] = [...(fields[list] ?? []), ...fields[key]!];
    delete fields[key];
  }
}

/** Scope checkboxes; a publishable key can only chat, so its other scopes are shown but cannot be chosen. */
export function ScopeCheckboxes({
  kind,
  value,
  onChange,
  error,
  disabled,
}: {
  kind: ApiKeyKind;
  value: readonly ApiKeyScope[];
  onChange: (scopes: ApiKeyScope[]) => void;
  error?: string;
  disabled?: boolean;
}) {
  const toggle = (scope: ApiKeyScope, checked: boolean) =>
    onChange(API_KEY_SCOPE_VALUES.filter((candidate) => (candidate === scope ? checked : value.includes(candidate))));
  return (
    <fieldset className="space-y-2" aria-invalid={error ? true : undefined} disabled={disabled}>
      <legend className="text-sm font-medium text-fg">Scopes</legend>
      {API_KEY_SCOPE_VALUES.map((scope) => {
        const allowed = kind === "secret" || PUBLISHABLE_SCOPES.includes(scope);
        return (
          <label key={scope} className={`flex items-start gap-2 text-sm ${allowed ? "text-fg" : "text-fg-muted"}`}>
            <input
              type="checkbox"
              name="scopes"
              value={scope}
              className="focus-ring mt-0.5 size-4 accent-accent"
              checked={allowed && value.includes(scope)}
              disabled={!allowed}
              onChange={(event) => toggle(scope, event.target.checked)}
            />
            <span>
              <span className="font-mono text-xs">{scope}</span> — {API_KEY_SCOPE_DESCRIPTIONS[scope]}
              {allowed ? null : <span className="block text-xs">Secret keys only: a publishable key is public.</span>}
            </span>
          </label>
        );
      })}
      {error ? (
        <p role="alert" className="text-sm font-medium text-danger-fg">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
