import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { AxiosError, AxiosHeaders } from "axios";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { preloadApiClient } from "@/lib/api-client";
import { inboxKeys } from "@/lib/query-keys";
import { ConversationPane } from "./conversation-pane";

const SESSION_ID = "7a1c0b2e-3d4f-4a5b-8c6d-9e0f1a2b3c4d";

/** The pane of a conversation the list does not hold (opened by a link), after reading its details failed with `status`. */
function renderAfterFailedRead(status: number) {
  // As after the read and its retries failed: mounting again would fetch again.
  const queryClient = new QueryClient({ defaultOptions: { queries: { retryOnMount: false } } });
  const failure = new AxiosError("Request failed", "ERR_BAD_RESPONSE", undefined, undefined, {
    status,
    statusText: "",
    headers: {},
    config: { headers: new AxiosHeaders() },
    data: { error: status === 404 ? "not_found" : "internal_error", detail: "x" },
  });
  queryClient.getQueryCache().build(queryClient, { queryKey: inboxKeys.conversation(SESSION_ID) }).setState({ status: "error", error: failure, fetchStatus: "idle" });
  return renderToStaticMarkup(
    <QueryClientProvider client={queryClient}>
      <ConversationPane
        sessionId={SESSION_ID}
        row={null}
        self={{ id: "admin-1", name: "Ada Admin" }}
        onBack={() => {}}
        conversationHref={(id) => `/inbox?session=${id}`}
        draft=""
        onDraftChange={() => {}}
        onReplySent={() => {}}
      />
    </QueryClientProvider>,
  );
}

describe("the inbox's conversation pane when its details cannot be read", () => {
  // A failed read has loaded the HTTP client that tells its errors apart, as in the browser.
  beforeAll(() => preloadApiClient());

  it("says so with a Retry instead of a placeholder that waits for a read that is not coming", () => {
    const markup = renderAfterFailedRead(500);
    expect(markup).toContain("Couldn’t load who answers it.");
    expect(markup).toContain(">Retry<");
    expect(markup).not.toContain('data-skeleton');
  });

  it("shows a deleted conversation as not found, not as a failed read", () => {
    const markup = renderAfterFailedRead(404);
    expect(markup).toContain("Conversation not found");
    expect(markup).not.toContain("Couldn’t load who answers it.");
  });
});
