import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { useInbox } from "@/hooks/use-inbox";
import { INBOX_PAGE_SIZE, inboxListQuery } from "@/lib/inbox/list-params";
import { inboxKeys } from "@/lib/query-keys";
import { ConversationList } from "./conversation-list";

const filters = { q: "" };

/** The list as /inbox renders it on `page` with this answer of GET /api/inbox already in the cache. */
function render(page: number, answer: { count: number; results: unknown[] }, selfId: string | null = null) {
  const queryClient = new QueryClient();
  const query = inboxListQuery(filters, page);
  queryClient.setQueryData(inboxKeys.list(query), { next: null, previous: null, ...answer });
  function List() {
    const inbox = useInbox(query);
    return (
      <ConversationList
        inbox={inbox}
        filters={filters}
        page={page}
        pageSize={INBOX_PAGE_SIZE}
        selectedId={null}
        personName={null}
        selfId={selfId}
        hrefFor={(id) => `/inbox?session=${id}`}
        onOpen={() => {}}
        onFilter={() => {}}
        onPage={() => {}}
      />
    );
  }
  return renderToStaticMarkup(
    <QueryClientProvider client={queryClient}>
      <List />
    </QueryClientProvider>,
  );
}

describe("the inbox's list on a page past its end", () => {
  it("says where the list ends instead of claiming there are no conversations (a shared link, conversations deleted since)", () => {
    const html = render(4, { count: 45, results: [] });
    expect(html).toContain("This list ends on page 3.");
    expect(html).toContain("Go to page 3");
    expect(html).not.toContain("No conversations yet");
  });

  it("still says there are none when there are none", () => {
    expect(render(1, { count: 0, results: [] })).toContain("No conversations yet");
  });
});

describe("the inbox's list rows", () => {
  const row = (id: string, status: string, agent: { id: string; name: string } | null) => ({
    id,
    title: "Lamps",
    channel: "widget",
    person: { kind: "end_user", id: `person-${id}`, name: `Visitor ${id}` },
    status,
    unread: 0,
    lastMessage: null,
    lastActivityAt: "2026-12-01T10:00:00.000Z",
    personRequestedAt: null,
    agent,
  });

  it("names who of the business a conversation is with: the admin reading it is \"you\"", () => {
    const html = render(
      1,
      {
        count: 3,
        results: [row("c1", "with_person", { id: "admin-1", name: "Ada Admin" }), row("c2", "with_person", { id: "admin-2", name: "Bo Boss" }), row("c3", "assistant", null)],
      },
      "admin-1",
    );
    const badges = [...html.matchAll(/<span data-status="(\w+)"[^>]*>([^<]*)</g)].map(([, status, text]) => `${status}: ${text}`);
    expect(badges).toEqual(["with_person: With you", "with_person: With Bo Boss", "assistant: Assistant"]);
  });
});
