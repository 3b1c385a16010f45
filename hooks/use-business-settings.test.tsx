import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatKeys } from "@/lib/query-keys";
import { browserApi, sendJson } from "@/test/browser-api";
import { useUpdateBusiness } from "./use-business-settings";

/*
 * A saved message cost applies to the next message (the server reads it at once): the admin's own chat,
 * open in the same tab, must not go on counting "messages left" with the old cost.
 */

let server: Awaited<ReturnType<typeof browserApi>>;

beforeAll(async () => {
  server = await browserApi((_request, response) => sendJson(response, 200, { id: "b", name: "Acme", settings: { messageCost: 500 } }));
});

afterAll(() => server.stop());

describe("useUpdateBusiness", () => {
  it("refreshes the chat's balance and message cost after a save", async () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(chatKeys.balance(), { credits: 4000, messageCost: 100 });
    let update!: ReturnType<typeof useUpdateBusiness>;
    function Probe() {
      update = useUpdateBusiness();
      return null;
    }
    renderToStaticMarkup(
      <QueryClientProvider client={queryClient}>
        <Probe />
      </QueryClientProvider>,
    );
    await update.mutateAsync({ settings: { messageCost: 500 } });
    expect(server.requests).toEqual([{ method: "PATCH", url: "/api/business" }]);
    expect(queryClient.getQueryState(chatKeys.balance())?.isInvalidated).toBe(true);
  });
});
