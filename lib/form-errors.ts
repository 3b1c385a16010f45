"use client";

import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { apiError, errorMessage } from "./api-client";

/**
 * Shows a failed submit on a react-hook-form form: each of the server's field errors (the 400's
 * `fields`) on the form's own field, the first one focused, and a form-level message on `root`:
 * "Fix the highlighted fields." when any field got one, else the messages no field could show, else
 * the server's detail or `fallback`. `prefix` strips the API's nesting where the form is flat
 * (`settings.botColor` → `botColor`).
 */
export function applyServerErrors<T extends FieldValues>({
  setError,
  error,
  fields,
  fallback,
  prefix = "",
}: {
  setError: UseFormSetError<T>;
  error: unknown;
  fields: readonly Path<T>[];
  fallback: string;
  prefix?: string;
}): void {
  let placed = false;
  const unplaced: string[] = [];
  for (const [key, messages] of Object.entries(apiError(error)?.fields ?? {})) {
    const name = key.startsWith(prefix) ? key.slice(prefix.length) : key;
    const field = fields.find((candidate) => candidate === name);
    if (field) {
      setError(field, { message: messages.join(" ") }, { shouldFocus: !placed });
      placed = true;
    } else {
      unplaced.push(...messages);
    }
  }
  const message = placed ? "Fix the highlighted fields." : unplaced.length > 0 ? unplaced.join(" ") : errorMessage(error, fallback);
  setError("root", { message });
}
