import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ME_QUERY_KEY } from "@/lib/query-keys";
import { browserApi, sendJson } from "@/test/browser-api";
import { useConfirmEmailChange } from "./use-account";

/*
 * An email-change link is often opened in the browser its owner is signed in with: once it is confirmed,
 * the account page must not go on showing the old address with the change still waiting for its link.
 */

let server: Awaited<ReturnType<typeof browserApi>>;

beforeAll(async () => {
  server = await browserApi((_request, response) => sendJson(response, 200, { email: "new@example.test" }));
});

afterAll(() => server.stop());

describe("confirming an email change in a signed-in tab", () => {
  it("reads the member's profile again", async () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(ME_QUERY_KEY, {
      user: { id: "u", email: "old@example.test", name: "Ada", role: "viewer", business: { id: "b", name: "B" }, pendingEmail: "new@example.test" },
      credits: 0,
      mustChangePassword: false,
    });
    const held: { confirm?: ReturnType<typeof useConfirmEmailChange> } = {};
    function Probe() {
      held.confirm = useConfirmEmailChange();
      return null;
    }
    renderToStaticMarkup(
      <QueryClientProvider client={queryClient}>
        <Probe />
      </QueryClientProvider>,
    );
    expect(await held.confirm!.mutateAsync("the-link-token")).toEqual({ email: "new@example.test" });
    expect(queryClient.getQueryState(ME_QUERY_KEY)?.isInvalidated).toBe(true);
    expect(server.requests.at(-1)).toEqual({ method: "POST", url: "/api/auth/email/confirm" });
  });
});
