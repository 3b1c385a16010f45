import { AxiosError, type AxiosResponse, type InternalAxiosRequestConfig } from "axios";
import { beforeAll, describe, expect, it } from "vitest";
import { preloadApiClient } from "./api-client";
import { applyServerErrors } from "./form-errors";

// A page's requests wait for the client to load, so by the time one has failed it has.
beforeAll(preloadApiClient);

type Values = { name: string; email: string; botColor: string };

function failed(status: number, data: unknown): AxiosError {
  const config = { headers: {} } as InternalAxiosRequestConfig;
  const response = { status, statusText: String(status), data, headers: {}, config } as AxiosResponse;
  return new AxiosError(`status ${status}`, "ERR_BAD_REQUEST", config, null, response);
}

function apply(error: unknown, options: { prefix?: string } = {}) {
  const calls: { name: string; message: string | undefined; focus: boolean | undefined }[] = [];
  applyServerErrors<Values>({
    setError: (name, error, config) => calls.push({ name, message: error.message, focus: config?.shouldFocus }),
    error,
    fields: ["name", "email", "botColor"],
    fallback: "Saving failed.",
    ...options,
  });
  return calls;
}

describe("applyServerErrors", () => {
  it("puts each field error on its field, focuses the first, and asks to fix them", () => {
    const calls = apply(failed(400, { error: "invalid_request", detail: "The request is invalid.", fields: { email: ["Taken.", "Really."], name: ["Too long."] } }));
    expect(calls).toEqual([
      { name: "email", message: "Taken. Really.", focus: true },
      { name: "name", message: "Too long.", focus: false },
      { name: "root", message: "Fix the highlighted fields.", focus: undefined },
    ]);
  });

  it("maps nested API keys onto a flat form with a prefix", () => {
    const calls = apply(failed(400, { error: "invalid_request", fields: { "settings.botColor": ["Not a colour."] } }), { prefix: "settings." });
    expect(calls[0]).toEqual({ name: "botColor", message: "Not a colour.", focus: true });
  });

  it("shows field errors the form has no field for, else the detail, else the fallback", () => {
    expect(apply(failed(400, { error: "invalid_request", detail: "x", fields: { other: ["Unknown key."] } }))).toEqual([
      { name: "root", message: "Unknown key.", focus: undefined },
    ]);
    expect(apply(failed(409, { error: "conflict", detail: "That SKU is taken." })).at(-1)?.message).toBe("That SKU is taken.");
    expect(apply(failed(500, "<html>")).at(-1)?.message).toBe("Saving failed.");
    expect(apply(new Error("boom")).at(-1)?.message).toBe("Saving failed.");
  });
});
