"use client";

import axios, { AxiosError, type InternalAxiosRequestConfig } from "axios";

/**
 * The browser's one HTTP client. The access token lives only in this module's memory (never
 * localStorage or a readable cookie): a page load mints one from the next-auth session cookie,
 * and a 401 triggers one refresh however many requests failed at once.
 */
type Tokens = { access: string; refresh: string | null };

let tokens: Tokens | null = null;
// Set when the cookie held no session, so anonymous pages do not ask again on every request.
let anonymous = false;
let inflight: Promise<Tokens | null> | null = null;
let onSessionLost: (() => void) | null = null;

export type ApiError = { error: string; detail?: string; fields?: Record<string, string[]> };

export const api = axios.create({ headers: { Accept: "application/json" } });

// Token traffic bypasses `api`'s interceptors, so a failing refresh cannot recurse into itself.
const bare = axios.create({ headers: { Accept: "application/json" }, withCredentials: true });

async function mint(): Promise<Tokens | null> {
  try {
    const { data } = await bare.get<{ token: string; refresh: string }>("/api/auth/mint-token");
    return { access: data.token, refresh: data.refresh };
  } catch {
    return null;
  }
}

async function refresh(current: Tokens | null): Promise<Tokens | null> {
  if (current?.refresh) {
    try {
      const { data } = await bare.post<{ access: string; refresh: string }>("/api/auth/refresh", { refresh: current.refresh });
      return { access: data.access, refresh: data.refresh };
    } catch {
      // Spent, revoked or expired: the session cookie may still be good (it outlives a refresh
      // token), and mint re-checks that the account is active. If it is not, the caller signs out.
    }
  }
  return mint();
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

api.interceptors.request.use(async (config) => {
  const token = await getAccessToken();
  if (token) config.headers.set("Authorization", `Bearer ${token}`);
  return config;
});

api.interceptors.response.use(undefined, async (error: AxiosError) => {
  const config = error.config as (InternalAxiosRequestConfig & { _retried?: boolean }) | undefined;
  const sent = config?.headers?.get?.("Authorization");
  if (error.response?.status !== 401 || !config || config._retried || typeof sent !== "string") throw error;
  config._retried = true;
  const token = await renewAccessToken(sent.replace(/^Bearer\s+/i, ""));
  if (!token) throw error;
  config.headers.set("Authorization", `Bearer ${token}`);
  return api.request(config);
});

/** Query params without the unset filters, so the URL and the cache key carry only the ones in use. */
export function definedOnly<T extends object>(params: T): Partial<T> {
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined && value !== "")) as Partial<T>;
}

/** The server's JSON error of a failed request, when it sent one. */
export function apiError(error: unknown): ApiError | null {
  if (error instanceof AxiosError && error.response?.data && typeof error.response.data === "object") {
    return error.response.data as ApiError;
  }
  return null;
}

/** A human sentence for any failed request. */
export function errorMessage(error: unknown, fallback = "Something went wrong. Please try again."): string {
  const body = apiError(error);
  if (body?.detail) return body.detail;
  if (error instanceof AxiosError && !error.response) return "Cannot reach the server. Check your connection.";
  return fallback;
}
