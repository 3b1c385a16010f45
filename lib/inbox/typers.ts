/**
 * Who is typing in a conversation, as plain data kept per conversation in the inbox's cache; each
 * signal ends by itself at its `expiresAt`. Free of the event schemas, so the inbox's first load
 * carries only this and lib/inbox/live.ts comes with the live connection.
 */

/** The server allows one "typing" signal per person every 2 s (more answer 429). */
export const TYPING_SIGNAL_EVERY_MS = 2_000;

/** Someone typing in a conversation: its owner, or a person of the business answering it. */
export type Typer = { kind: "owner" | "agent"; id: string; name: string; expiresAt: string };

/** The conversation's typers with `typer` in it (a renewed signal replaces the older one). */
export function withTyper(typers: readonly Typer[] | undefined, typer: Typer): Typer[] {
  return [...(typers ?? []).filter((t) => !(t.kind === typer.kind && t.id === typer.id)), typer];
}

/** Whom a stop names: one person by id, or by name (what an agent's message carries), or everyone of that kind. */
export type StoppedTyper = { kind: Typer["kind"]; id?: string; name?: string };

/** The typers left after `who` stopped. */
export function withoutTypers(typers: readonly Typer[] | undefined, who: StoppedTyper): Typer[] {
  return (typers ?? []).filter((t) => !(t.kind === who.kind && (who.id === undefined || t.id === who.id) && (who.name === undefined || t.name === who.name)));
}

/** Those still typing at `now` (ms). */
export function activeTypers(typers: readonly Typer[] | undefined, now: number): Typer[] {
  return (typers ?? []).filter((t) => Date.parse(t.expiresAt) > now);
}

/** When the first of the signals runs out (ms; possibly already past), or null when there is none. */
export function firstTypingExpiry(typers: readonly Typer[] | undefined): number | null {
  const ends = (typers ?? []).map((t) => Date.parse(t.expiresAt)).map((end) => (Number.isFinite(end) ? end : 0));
  return ends.length > 0 ? Math.min(...ends) : null;
}

/** "Vic is typing…", "Vic and Ada are typing…", or null. */
export function typingLabel(typers: readonly Typer[]): string | null {
  const names = [...new Set(typers.map((t) => t.name))];
  if (names.length === 0) return null;
  if (names.length === 1) return `${names[0]} is typing…`;
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)} are typing…`;
}
