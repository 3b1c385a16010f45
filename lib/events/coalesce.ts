/**
 * Writes to many event streams, batched in time. A write costs about the same whether it carries one
 * event or ten — a chunk through the web stream, a socket write, the reader waking up — and one process
 * feeds thousands of streams, so when events come faster than one per `intervalMs`, each stream gets at
 * most one write per `intervalMs` holding everything that came meanwhile, in order. When they are rare
 * a write leaves at once: after the current task, so what the bus hands on together leaves together.
 * Streams that are owed the same pieces get the same bytes, joined once.
 */

/** Something already encoded for the wire; the same object may be sent to many streams. */
export type Piece = { readonly encoded: Uint8Array };

export type Outbox = {
  /** Queues `piece` behind what this stream is already owed. */
  send: (piece: Piece) => void;
  /** Drops what is queued; nothing more is written. */
  close: () => void;
};

type Box = { pending: Piece[]; closed: boolean; write: (bytes: Uint8Array) => void };

export class CoalescingWriter {
  private dirty = new Set<Box>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushQueued = false;
  private lastFlush = -Infinity;
  private readonly keys = new WeakMap<Piece, number>();
  private nextKey = 1;

  /** `onError`: a stream's `write` threw (the other streams are still written). */
  constructor(private readonly options: { intervalMs: number; now?: () => number; onError: (error: unknown) => void }) {}

  /** An outbox for one stream; `write` gets the stream's bytes, in the order they were sent. */
  open(write: (bytes: Uint8Array) => void): Outbox {
    const box: Box = { pending: [], closed: false, write };
    return {
      send: (piece) => {
        if (box.closed) return;
        if (box.pending.length === 0) this.mark(box);
        box.pending.push(piece);
      },
      close: () => {
        box.closed = true;
        box.pending = [];
        this.dirty.delete(box);
      },
    };
  }

  private now(): number {
    return this.options.now ? this.options.now() : performance.now();
  }

  private mark(box: Box): void {
    this.dirty.add(box);
    if (this.timer !== null || this.flushQueued) return;
    const wait = this.lastFlush + this.options.intervalMs - this.now();
    if (wait <= 0) {
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    } else {
      this.timer = setTimeout(() => this.flush(), wait);
    }
  }

  private keyOf(piece: Piece): number {
    let key = this.keys.get(piece);
    if (key === undefined) {
      key = this.nextKey++;
      this.keys.set(piece, key);
    }
    return key;
  }

  private flush(): void {
    this.timer = null;
    this.flushQueued = false;
    this.lastFlush = this.now();
    const boxes = this.dirty;
    this.dirty = new Set();
    const joined = new Map<string, Uint8Array>();
    for (const box of boxes) {
      const pieces = box.pending;
      box.pending = [];
      if (box.closed || pieces.length === 0) continue;
      try {
        box.write(pieces.length === 1 ? pieces[0]!.encoded : this.join(pieces, joined));
      } catch (error) {
        // Thrown from a timer it would end the process; one stream's failure must not cost the others their events.
        this.options.onError(error);
      }
    }
  }

  private join(pieces: Piece[], joined: Map<string, Uint8Array>): Uint8Array {
    const key = pieces.map((piece) => this.keyOf(piece)).join(",");
    let bytes = joined.get(key);
    if (!bytes) {
      bytes = Buffer.concat(pieces.map((piece) => piece.encoded));
      joined.set(key, bytes);
    }
    return bytes;
  }
}
