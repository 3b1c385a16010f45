"use client";

import axios, { isAxiosError, isCancel, type AxiosError, type InternalAxiosRequestConfig } from "axios";
import { getAccessToken, renewAccessToken, type Tokens } from "@/lib/api-client";

/**
 * The axios side of `lib/api-client.ts`, loaded after the page is up (pages arrive with their first
 * data, so nothing waits for it before the first paint): the instances and their token handling.
 */
export const api = axios.create({ headers: { Accept: "application/json" } });

// Token traffic bypasses `api`'s interceptors, so a failing refresh cannot recurse into itself.
export const bare = axios.create({ headers: { Accept: "application/json" }, withCredentials: true });

export { isAxiosError, isCancel };

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

/** The server answered that these credentials hold no session (not a timeout, a rate limit or its own failure). */
function refused(error: unknown): boolean {
  const status = isAxiosError(error) ? error.response?.status : undefined;
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** Tokens for the browser's session cookie; null when it holds no session. Throws when the server could not say. */
export async function mintTokens(): Promise<Tokens | null> {
  try {
    const { data } = await bare.get<{ token: string; refresh: string }>("/api/auth/mint-token");
    return { access: data.token, refresh: data.refresh };
  } catch (error) {
    if (refused(error)) return null;
    throw error;
  }
}

/**
 * New tokens for a refresh token; null when it is spent, revoked or expired (the session cookie may
 * still be good: it outlives a refresh token, and minting re-checks that the account is active).
 * Throws when the server could not say.
 */
export async function refreshTokens(refresh: string): Promise<Tokens | null> {
  try {
    const { data } = await bare.post<{ access: string; refresh: string }>("/api/auth/refresh", { refresh });
    return { access: data.access, refresh: data.refresh };
  } catch (error) {
    if (refused(error)) return null;
    throw error;
  }
}
