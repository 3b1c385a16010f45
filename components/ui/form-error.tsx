import { cn } from "./cn";

/** A form-level error (the server's answer to a submit), announced when it appears; nothing when empty. */
export function FormError({ message, banner = false }: { message?: string; banner?: boolean }) {
  if (!message) return null;
  return (
    <p
      role="alert"
      className={cn(
        "text-sm font-medium text-danger-fg",
        banner && "rounded-md border border-danger/30 bg-danger/10 px-3 py-2",
      )}
    >
      {message}
    </p>
  );
}
