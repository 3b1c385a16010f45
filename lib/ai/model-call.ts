import { UpstreamError } from "./types";

class TimeoutSignal extends Error {}

/** How a provider's SDK reports a stop and a failure. */
export type ModelCallPolicy = {
  /** Longest silence (before the first event, and between two) before the call counts as timed out. */
  timeoutMs: number;
  /** The SDK's own way of saying the caller stopped the call. */
  isAbort: (error: unknown) => boolean;
  toUpstreamError: (error: unknown, timedOut: boolean) => UpstreamError;
  /** The default wait before the one retry, when the endpoint does not say (Retry-After). */
  retryDelayMs: number;
};

/** Shared by every call of one answer: one retry per answer, and only while the user has seen nothing. */
export type RetryBudget = { retried: boolean; shown: () => boolean };

function retryable(error: UpstreamError): boolean {
  return error.kind !== "status" || error.status === 429 || error.status === 408 || (error.status ?? 0) >= 500;
}

/** The endpoint's Retry-After (both SDKs keep the response headers on their errors), at most 2 s; else the default. */
function retryDelay(error: unknown, fallbackMs: number): number {
  const headers = error !== null && typeof error === "object" && "headers" in error && error.headers instanceof Headers ? error.headers : null;
  const seconds = Number(headers?.get("retry-after") ?? Number.NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, 2000) : fallbackMs;
}

/**
 * One streamed model call under the rules every provider keeps: the caller's signal stops it, a
 * silence longer than `timeoutMs` times it out, and a failure is retried once per answer — only
 * while the user has seen nothing, since a retry after shown text would repeat or contradict it,
 * and only when it may pass (429, 408, 5xx, a timeout, a broken connection). Yields the events of
 * the attempt that succeeds; `onRetry` drops what a failed attempt gathered, and `finish` (after
 * the last event) may throw to fail an attempt whose stream ended early.
 */
export async function* streamWithRetry<Event>(
  call: {
    signal: AbortSignal;
    open: (signal: AbortSignal) => Promise<AsyncIterable<Event>>;
    onRetry?: () => void;
    finish?: () => void;
  },
  policy: ModelCallPolicy,
  budget: RetryBudget,
): AsyncGenerator<Event> {
  for (;;) {
    const attempt = new AbortController();
    const onAbort = () => attempt.abort(call.signal.reason);
    call.signal.addEventListener("abort", onAbort, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => attempt.abort(new TimeoutSignal()), policy.timeoutMs);
    };
    try {
      if (call.signal.aborted) throw new DOMException("The operation was aborted.", "AbortError");
      arm();
      const stream = await call.open(attempt.signal);
      for await (const event of stream) {
        arm();
        yield event;
      }
      // SDKs end the iteration quietly when their signal aborts: a timeout or a stop must not pass for a finished answer.
      if (attempt.signal.aborted) throw attempt.signal.reason instanceof Error ? attempt.signal.reason : new DOMException("The operation was aborted.", "AbortError");
      call.finish?.();
      return;
    } catch (error) {
      const timedOut = attempt.signal.reason instanceof TimeoutSignal;
      if (call.signal.aborted || (policy.isAbort(error) && !timedOut)) throw error;
      const failure = policy.toUpstreamError(error, timedOut);
      if (budget.retried || budget.shown() || !retryable(failure)) throw failure;
      budget.retried = true;
      call.onRetry?.();
      await new Promise((resolve) => setTimeout(resolve, retryDelay(error, policy.retryDelayMs)));
    } finally {
      clearTimeout(timer);
      call.signal.removeEventListener("abort", onAbort);
    }
  }
}
