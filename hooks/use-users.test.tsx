import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inviteKeys, ME_QUERY_KEY, userKeys } from "@/lib/query-keys";
import { browserApi, sendJson } from "@/test/browser-api";
import { useCreateUser, useDeactivateUser, useUpdateUser } from "./use-users";

/*
 * Demoting or deactivating an admin withdraws every pending invite they made (lib/users/service.ts): the
 * /users page's "Pending invites" must not go on listing them, with Resend and Revoke buttons that 404.
 */

const member = { id: "6f1c1e4e-0000-4000-8000-000000000001", email: "ada@example.test", name: "Ada", role: "viewer", active: true, credits: 0, lastLoginAt: null, createdAt: "2026-12-01T00:00:00.000Z" };

let server: Awaited<ReturnType<typeof browserApi>>;

beforeAll(async () => {
  server = await browserApi((request, response) => {
    if (request.method === "DELETE") {
      response.writeHead(204);
      response.end();
    } else sendJson(response, 200, { user: member });
  });
});

afterAll(() => server.stop());

/** The page's cache with the users list and the pending invites loaded, and the two mutations as the page holds them. */
function usersPage() {
  const queryClient = new QueryClient();
  queryClient.setQueryData(userKeys.list({ page: 1, pageSize: 20 }), { count: 1, next: null, previous: null, results: [member] });
  queryClient.setQueryData(inviteKeys.list(1), { count: 1, next: null, previous: null, results: [{ id: "invite" }] });
  queryClient.setQueryData(ME_QUERY_KEY, { id: "admin", role: "admin" });
  const held: { create?: ReturnType<typeof useCreateUser>; update?: ReturnType<typeof useUpdateUser>; deactivate?: ReturnType<typeof useDeactivateUser> } = {};
  function Probe() {
    held.create = useCreateUser();
    held.update = useUpdateUser();
    held.deactivate = useDeactivateUser();
    return null;
  }
  renderToStaticMarkup(
    <QueryClientProvider client={queryClient}>
      <Probe />
    </QueryClientProvider>,
  );
  const stale = (key: readonly unknown[]) => queryClient.getQueryState(key)?.isInvalidated;
  return { ...(held as Required<typeof held>), stale };
}

describe("the users page's mutations", () => {
  it("a role change refreshes the pending invites as well as the users", async () => {
    const page = usersPage();
    await page.update.mutateAsync({ id: member.id, changes: { role: "viewer" } });
    expect(page.stale(userKeys.list({ page: 1, pageSize: 20 }))).toBe(true);
    expect(page.stale(inviteKeys.list(1))).toBe(true);
  });

  it("a new member refreshes the pending invites (an invite to their address is withdrawn) as well as the users", async () => {
    const page = usersPage();
    await page.create.mutateAsync({ email: member.email, name: member.name, role: "viewer" });
    expect(page.stale(userKeys.list({ page: 1, pageSize: 20 }))).toBe(true);
    expect(page.stale(inviteKeys.list(1))).toBe(true);
  });

  it("a role change refreshes the signed-in account, so an admin who demoted themselves leaves the admin pages", async () => {
    const page = usersPage();
    await page.update.mutateAsync({ id: member.id, changes: { role: "editor" } });
    expect(page.stale(ME_QUERY_KEY)).toBe(true);
  });

  it("a deactivation refreshes the pending invites as well as the users", async () => {
    const page = usersPage();
    await page.deactivate.mutateAsync(member.id);
    expect(page.stale(userKeys.list({ page: 1, pageSize: 20 }))).toBe(true);
    expect(page.stale(inviteKeys.list(1))).toBe(true);
    expect(server.requests.at(-1)).toEqual({ method: "DELETE", url: `/api/users/${member.id}` });
  });
});
