"use client";

import axios, { isAxiosError, isCancel, type AxiosError, type InternalAxiosRequestConfig } from "axios";
import { getAccessToken, renewAccessToken } from "@/lib/api-client";

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
