import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserApi, sendJson } from "@/test/browser-api";
import { useAgentReply } from "./use-inbox";

/*
 * The inbox keeps an admin's unsent reply per conversation; the reply box that sent one may be gone
 * (another conversation opened) by the time the server answers, and the sent text must still leave
 * that conversation's draft, or it would be offered (and sent) again.
 */

const sessionId = "0b3c6c1e-0000-4000-8000-00000000000a";
const message = {
  id: "0b3c6c1e-0000-4000-8000-0000000000f1",
  sessionId,
  role: "agent",
  content: "On its way",
  status: "complete",
  createdAt: "2026-12-01T00:00:00.000Z",
  authorName: "Ada",
};

let server: Awaited<ReturnType<typeof browserApi>>;

beforeAll(async () => {
  server = await browserApi((_request, response) => sendJson(response, 201, { message }));
});

afterAll(() => server.stop());

describe("useAgentReply", () => {
  it("says a reply was sent after the box that sent it has gone", async () => {
    const queryClient = new QueryClient();
    const sent: [string, string][] = [];
    let reply: ReturnType<typeof useAgentReply> | undefined;
    function Box() {
      reply = useAgentReply(sessionId, { onSent: (id, text) => sent.push([id, text]) });
      return null;
    }
    // Rendered once and never mounted: like a box unmounted before the answer came.
    renderToStaticMarkup(
      <QueryClientProvider client={queryClient}>
        <Box />
      </QueryClientProvider>,
    );
    reply!.mutate("On its way");
    await expect.poll(() => sent).toEqual([[sessionId, "On its way"]]);
    expect(server.requests.at(-1)).toEqual({ method: "POST", url: `/api/inbox/${sessionId}/reply` });
  });
});
