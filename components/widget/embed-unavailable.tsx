/** What /embed shows for a key that is unknown, revoked or expired. */
export function EmbedUnavailable() {
  return (
    <div className="fixed inset-0 grid place-items-center bg-surface p-6 text-center text-fg">
      <div className="max-w-xs space-y-2">
        <h1 className="text-base font-semibold">This assistant is not available</h1>
        <p className="text-sm text-fg-muted">The chat on this page is switched off or not set up correctly. Please try again later.</p>
      </div>
    </div>
  );
}
