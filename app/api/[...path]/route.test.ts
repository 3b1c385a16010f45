import { describe, expect, it } from "vitest";
import { callRoute } from "@/test/http";
import { GET as unknownGet, POST as unknownPost } from "./route";

describe("an /api path no route claims", () => {
  it("answers an unknown /api path with a JSON 404", async () => {
    for (const handler of [unknownGet, unknownPost]) {
      const response = await callRoute(handler, { path: "/api/x", method: handler === unknownGet ? "GET" : "POST" });
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(response.body).toMatchObject({ error: "not_found" });
      expect(response.headers.get("x-request-id")).toBeTruthy();
    }
  });
});
