"use client";

import type { FieldValues, Path, RegisterOptions, UseFormRegister, UseFormRegisterReturn } from "react-hook-form";

type ServerRenderedField<N extends string> = UseFormRegisterReturn<N> & { defaultValue?: string | number; defaultChecked?: boolean };

/**
 * `register` that also writes each field's starting value into the HTML. The form library fills
 * uncontrolled fields only once it runs, so a form the server renders with its data would paint
 * empty and fill in at hydration. Only for flat forms whose starting values are the `defaults` given.
 */
export function registerWithDefaults<T extends FieldValues>(register: UseFormRegister<T>, defaults: T) {
  return <N extends Path<T>>(name: N, options?: RegisterOptions<T, N>): ServerRenderedField<N> => {
    const registration = register(name, options);
    const value: unknown = defaults[name];
    if (typeof value === "boolean") return { ...registration, defaultChecked: value };
    if (typeof value === "string" || typeof value === "number") return { ...registration, defaultValue: value };
    return registration;
  };
}
