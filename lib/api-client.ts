"use client";

import type { AxiosError, AxiosInstance } from "axios";
import { lazyModule, UNREACHABLE_MESSAGE } from "@/lib/lazy-module";

/**
 * The browser's one HTTP client. The access token lives only in this module's memory (never
 * localStorage or a readable cookie): a page load mints one from the next-auth session cookie,
 * and a 401 triggers one refresh however many requests failed at once. axios itself (21 kB) loads
 * after the page is up (`lib/axios-client.ts`): every call here waits for it.
 */
export type Tokens = { access: string; refresh: string | null };

let tokens: Tokens | null = null;
// Set when the cookie held no session, so anonymous pages do not ask again on every request.
let anonymous = false;
let inflight: Promise<Tokens | null> | null = null;
let onSessionLost: (() => void) | null = null;

export type ApiError = { error: string; detail?: string; fields?: Record<string, string[]> };

const axiosClient = lazyModule(() => import("@/lib/axios-client"));

/** The client's code could not be downloaded (offline, or a deploy replaced it): no request was sent. */
class ClientUnavailableError extends Error {}

async function client() {
  try {
    return await axiosClient.preload();
  } catch (cause) {
    throw new ClientUnavailableError(UNREACHABLE_MESSAGE, { cause });
  }
}

/** Starts downloading the client once the page is up, so the first request after it does not wait. */
export async function preloadApiClient(): Promise<void> {
  await axiosClient.preload().catch(() => undefined);
}

type Api = Pick<AxiosInstance, "get" | "post" | "put" | "patch" | "delete">;

/** axios's instance methods, each waiting for the client to land on the first call. */
export const api: Api = {
  get: (async (...args: Parameters<Api["get"]>) => (await client()).api.get(...args)) as Api["get"],
  post: (async (...args: Parameters<Api["post"]>) => (await client()).api.post(...args)) as Api["post"],
  put: (async (...args: Parameters<Api["put"]>) => (await client()).api.put(...args)) as Api["put"],
  patch: (async (...args: Parameters<Api["patch"]>) => (await client()).api.patch(...args)) as Api["patch"],
  delete: (async (...args: Parameters<Api["delete"]>) => (await client()).api.delete(...args)) as Api["delete"],
};

/** A failed request's error: only the loaded client makes them, so before it lands nothing is one. */
export function isHttpError(error: unknown): error is AxiosError {
  return axiosClient.loaded()?.isAxiosError(error) ?? false;
}

/** A request the caller aborted (e.g. a cancelled upload): not a failure to report. */
export function isCanceledRequest(error: unknown): boolean {
  return axiosClient.loaded()?.isCancel(error) ?? false;
}

// Only the server's refusal (no session, a spent refresh token) resolves to null, which signs out. A
// client that cannot be loaded, or a server that could not answer (offline, a 5xx), rejects: the
// request fails as unreachable and the session stays for the next one.
const mint = async () => (await client()).mintTokens();

async function refresh(current: Tokens | null): Promise<Tokens | null> {
  return (current?.refresh && (await (await client()).refreshTokens(current.refresh))) || mint();
}

function singleFlight(task: () => Promise<Tokens | null>): Promise<Tokens | null> {
  inflight ??= task()
    .then((next) => {
      tokens = next;
      anonymous = next === null;
      return next;
    })
    .finally(() => {
      inflight = null;
    });
  return inflight;
}

/** The current access token, minting one from the session cookie when none is held yet. */
export async function getAccessToken(): Promise<string | null> {
  if (inflight) return (await inflight)?.access ?? null;
  if (tokens) return tokens.access;
  if (anonymous) return null;
  return (await singleFlight(mint))?.access ?? null;
}

/**
 * A new access token after `failedToken` was refused. Requests that fail together share one
 * refresh; one whose 401 arrives after the refresh finished just gets the new token. Resolves to
 * null (and signs out) when the session cannot be renewed.
 */
export async function renewAccessToken(failedToken?: string | null): Promise<string | null> {
  if (inflight) return (await inflight)?.access ?? null;
  if (tokens && failedToken && tokens.access !== failedToken) return tokens.access;
  const stale = tokens;
  const next = await singleFlight(() => refresh(stale));
  if (!next) onSessionLost?.();
  return next?.access ?? null;
}

/** Replaces the held tokens (null forgets them, e.g. on sign-in/out; the next request mints anew). */
export function setTokens(next: Tokens | null): void {
  tokens = next;
  anonymous = false;
}

export function heldRefreshToken(): string | null {
  return tokens?.refresh ?? null;
}

/** Called when the session cannot be renewed (e.g. the user was deactivated): sign out. */
export function setSessionLostHandler(handler: (() => void) | null): void {
  onSessionLost = handler;
}

/** Query params without the unset filters, so the URL and the cache key carry only the ones in use. */
export function definedOnly<T extends object>(params: T): Partial<T> {
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined && value !== "")) as Partial<T>;
}

/** The server's JSON error of a failed request, when it sent one. */
export function apiError(error: unknown): ApiError | null {
  if (isHttpError(error) && error.response?.data && typeof error.response.data === "object") {
    return error.response.data as ApiError;
  }
  return null;
}

/** A human sentence for any failed request. */
export function errorMessage(error: unknown, fallback = "Something went wrong. Please try again."): string {
  const body = apiError(error);
  if (body?.detail) return body.detail;
  if (error instanceof ClientUnavailableError || (isHttpError(error) && !error.response)) return UNREACHABLE_MESSAGE;
  return fallback;
}
