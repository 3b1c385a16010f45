// Shared look of text-like form controls; aria-invalid comes from FormField (or the caller).
export const controlClasses =
  "focus-ring block w-full rounded-lg border border-border-strong bg-surface px-3 text-sm text-fg shadow-sm " +
  "placeholder:text-fg-muted transition-colors " +
  "disabled:cursor-not-allowed disabled:bg-surface-muted disabled:opacity-70 " +
  "aria-invalid:border-danger-fg aria-invalid:focus-visible:outline-danger-fg";
