import axios, { AxiosError, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from "axios";
import { beforeEach, describe, expect, it, vi } from "vitest";

type Reply = { status: number; data: unknown };
type Handler = (config: InternalAxiosRequestConfig) => Reply | Promise<Reply>;

let handler: Handler;
const calls: string[] = [];

// Every axios instance the client creates inherits this adapter, so no request leaves the process.
const adapter: AxiosAdapter = async (config) => {
  const key = `${config.method?.toUpperCase()} ${config.url}`;
  calls.push(key);
  const reply = await handler(config);
  const response: AxiosResponse = { status: reply.status, statusText: String(reply.status), data: reply.data, headers: {}, config };
  if (reply.status >= 400) throw new AxiosError(`status ${reply.status}`, "ERR_BAD_REQUEST", config, null, response);
  return response;
};
axios.defaults.adapter = adapter;

async function freshClient() {
  vi.resetModules();
  return import("./api-client");
}

const count = (key: string) => calls.filter((call) => call === key).length;
const bearer = (config: InternalAxiosRequestConfig) => String(config.headers.get("Authorization") ?? "");

beforeEach(() => {
  calls.length = 0;
});

describe("api client", () => {
  it("mints once from the session cookie, and five requests failing at once share one refresh", async () => {
    const client = await freshClient();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let waiting = 0;
    handler = async (config) => {
      if (config.url === "/api/auth/mint-token") return { status: 200, data: { token: "access-1", refresh: "refresh-1" } };
      if (config.url === "/api/auth/refresh") {
        expect(JSON.parse(String(config.data))).toEqual({ refresh: "refresh-1" });
        return { status: 200, data: { access: "access-2", refresh: "refresh-2" } };
      }
      if (bearer(config) === "Bearer access-1") {
        // Hold every first attempt until all five have been sent, so their 401s arrive together.
        if (++waiting === 5) release();
        await gate;
        return { status: 401, data: { error: "unauthorized" } };
      }
      return { status: 200, data: { ok: bearer(config) } };
    };
    const results = await Promise.all(Array.from({ length: 5 }, (_, index) => client.api.get(`/api/thing/${index}`)));
    expect(results.map((result) => result.data)).toEqual(Array(5).fill({ ok: "Bearer access-2" }));
    expect(count("GET /api/auth/mint-token")).toBe(1);
    expect(count("POST /api/auth/refresh")).toBe(1);
    expect(client.heldRefreshToken()).toBe("refresh-2");
  });

  it("a 401 arriving after the refresh finished retries with the new token, without refreshing again", async () => {
    const client = await freshClient();
    client.setTokens({ access: "old", refresh: "r-old" });
    handler = (config) => {
      if (config.url === "/api/auth/refresh") return { status: 200, data: { access: "new", refresh: "r-new" } };
      return bearer(config) === "Bearer new" ? { status: 200, data: "fine" } : { status: 401, data: { error: "unauthorized" } };
    };
    await client.api.get("/api/one");
    expect(await client.renewAccessToken("old")).toBe("new");
    expect(count("POST /api/auth/refresh")).toBe(1);
  });

  it("when neither refresh nor the session cookie works it signs out once and the request fails", async () => {
    const client = await freshClient();
    client.setTokens({ access: "dead", refresh: "r-dead" });
    const lost = vi.fn();
    client.setSessionLostHandler(lost);
    handler = () => ({ status: 401, data: { error: "unauthorized" } });
    const results = await Promise.allSettled([client.api.get("/api/a"), client.api.get("/api/b")]);
    expect(results.every((result) => result.status === "rejected")).toBe(true);
    expect(lost).toHaveBeenCalledTimes(1);
    expect(count("POST /api/auth/refresh")).toBe(1);
    expect(count("GET /api/auth/mint-token")).toBe(1);
  });

  it("a renewal the server could not answer (offline, a 5xx) keeps the session: the request fails as unreachable, and the next one renews", async () => {
    const client = await freshClient();
    client.setTokens({ access: "stale", refresh: "r-kept" });
    const lost = vi.fn();
    client.setSessionLostHandler(lost);
    let outage: "offline" | "failing" | null = "offline";
    handler = (config) => {
      if (config.url === "/api/auth/refresh" || config.url === "/api/auth/mint-token") {
        if (outage === "offline") throw new AxiosError("Network Error", "ERR_NETWORK", config);
        if (outage === "failing") return { status: 503, data: { error: "service_unavailable" } };
        return config.url === "/api/auth/refresh" ? { status: 200, data: { access: "fresh", refresh: "r-next" } } : { status: 401, data: { error: "unauthorized" } };
      }
      return bearer(config) === "Bearer fresh" ? { status: 200, data: "fine" } : { status: 401, data: { error: "unauthorized" } };
    };
    const offline = await client.api.get("/api/one").catch((error: unknown) => error);
    expect(client.errorMessage(offline)).toBe("Cannot reach the server. Check your connection.");
    outage = "failing";
    await expect(client.api.get("/api/one")).rejects.toThrow();
    expect(lost).not.toHaveBeenCalled();
    expect(client.heldRefreshToken()).toBe("r-kept");

    outage = null;
    expect((await client.api.get("/api/one")).data).toBe("fine");
    expect(client.heldRefreshToken()).toBe("r-next");
    expect(lost).not.toHaveBeenCalled();
  });

  it("anonymous visitors are not asked to mint again on every request, and nothing is stored in web storage", async () => {
    const client = await freshClient();
    handler = (config) =>
      config.url === "/api/auth/mint-token" ? { status: 401, data: { error: "unauthorized" } } : { status: 200, data: bearer(config) };
    expect((await client.api.get("/api/products")).data).toBe("");
    expect((await client.api.get("/api/products")).data).toBe("");
    expect(count("GET /api/auth/mint-token")).toBe(1);
    client.setTokens(null);
    await client.api.get("/api/products");
    expect(count("GET /api/auth/mint-token")).toBe(2);
    expect(typeof globalThis.localStorage === "undefined" || globalThis.localStorage.length === 0).toBe(true);
  });

  it("sends only the filters in use as query params", async () => {
    const client = await freshClient();
    expect(client.definedOnly({ q: "", status: undefined, page: 2, mine: false })).toEqual({ page: 2, mine: false });
  });

  it("downloads axios on the first request, not with the page; a failed download sends nothing, keeps the session and is tried again", async () => {
    const client = await freshClient();
    client.setTokens({ access: "kept", refresh: "r-kept" });
    const lost = vi.fn();
    client.setSessionLostHandler(lost);
    handler = (config) => ({ status: 200, data: bearer(config) });
    // A module that throws while loading stands for a chunk the browser could not fetch.
    vi.doMock("./axios-client", () => {
      throw new Error("Failed to load chunk");
    });
    const failure = await client.api.get("/api/products").catch((error: unknown) => error);
    expect(client.isHttpError(failure)).toBe(false);
    expect(client.errorMessage(failure)).toBe("Cannot reach the server. Check your connection.");
    expect(await client.getAccessToken()).toBe("kept");
    expect(calls).toEqual([]);
    expect(lost).not.toHaveBeenCalled();

    vi.doUnmock("./axios-client");
    expect((await client.api.get("/api/products")).data).toBe("Bearer kept");
    expect(calls).toEqual(["GET /api/products"]);
  });

  it("tells the server's refusals from other errors once the client is there", async () => {
    const client = await freshClient();
    expect(client.isHttpError(new AxiosError("status 404"))).toBe(false);
    await client.preloadApiClient();
    handler = () => ({ status: 404, data: { error: "not_found", detail: "No such product." } });
    const refused = await client.api.get("/api/products/x").catch((error: unknown) => error);
    expect(client.isHttpError(refused)).toBe(true);
    expect(client.apiError(refused)).toEqual({ error: "not_found", detail: "No such product." });
    expect(client.errorMessage(refused)).toBe("No such product.");
    expect(client.isHttpError(new Error("plain"))).toBe(false);
    expect(client.isCanceledRequest(new axios.CanceledError())).toBe(true);
  });
});
