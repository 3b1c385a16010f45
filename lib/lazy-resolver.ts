"use client";

import type { FieldErrors, FieldValues, Resolver } from "react-hook-form";
import { lazyModule, UNREACHABLE_MESSAGE } from "@/lib/lazy-module";

/**
 * A form's validation whose schema library (zod, 32 kB) loads after the page is up instead of with
 * it: the form is on the first paint, its rules arrive before anyone can have typed much. `load`
 * resolves to the resolver, `zodResolver(schema)` in a module of the form's own. A validation that
 * comes before it waits for it; one whose download fails leaves the form unsent with a message on the
 * form, and the next try downloads again.
 */
export function lazyResolver<Input extends FieldValues, Context, Output>(load: () => Promise<Resolver<Input, Context, Output>>) {
  const rules = lazyModule(load);
  const resolver: Resolver<Input, Context, Output> = async (values, context, options) => {
    let validate: Resolver<Input, Context, Output>;
    try {
      validate = await rules.preload();
    } catch {
      const errors = { root: { type: "unavailable", message: UNREACHABLE_MESSAGE } } as FieldErrors<Input>;
      return { values: {}, errors };
    }
    return validate(values, context, options);
  };
  /** Starts the download (call it once the form is on screen). */
  const preload = () => void rules.preload().catch(() => undefined);
  return { resolver, preload };
}
