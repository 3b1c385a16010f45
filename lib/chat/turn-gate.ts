/**
 * One chat turn at a time in a tab. A turn holds the gate from its send until its stream has closed.
 * Once the server has ended it (`done`, `error`), its answer is shown whole while the stream still
 * closes: a message sent in that moment waits for the close instead of being refused. A turn still
 * being written refuses the next.
 */
export type TurnSlot = {
  /** The server ended the turn: the next send may wait for the close. */
  end(): void;
  /** The stream has closed: the gate is free. */
  release(): void;
};

export function turnGate(): { acquire(): Promise<TurnSlot | null> } {
  let held: { ended: boolean; released: Promise<void> } | null = null;
  return {
    async acquire() {
      while (held?.ended) await held.released;
      if (held) return null;
      let release!: () => void;
      const slot = { ended: false, released: new Promise<void>((resolve) => (release = resolve)) };
      held = slot;
      return {
        end: () => {
          slot.ended = true;
        },
        release: () => {
          if (held === slot) held = null;
          release();
        },
      };
    },
  };
}
