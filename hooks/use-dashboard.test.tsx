import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditKeys, dashboardKeys } from "@/lib/query-keys";
import { browserApi, sendJson } from "@/test/browser-api";
import { useDashboardStats, useDismissFirstRun } from "./use-dashboard";

/*
 * Dismissing the dashboard's first-run checklist is audited, and the dashboard shows the audit log's latest
 * entries beside a checklist its minute's refresh may be reading at that moment.
 */

const open = { product: true, teammate: false, assistant: false, botName: false };
const statsBefore = { firstRun: { dismissed: false, done: open }, generatedAt: "2026-12-01T00:00:00.000Z" };

let server: Awaited<ReturnType<typeof browserApi>>;
let releaseStats: () => void = () => {};

beforeAll(async () => {
  server = await browserApi((request, response) => {
    if (request.method === "POST") sendJson(response, 200, { firstRun: { dismissed: true, done: open } });
    // The refresh read the business before the dismissal; its answer arrives after it.
    else releaseStats = () => sendJson(response, 200, statsBefore);
  });
});

afterAll(() => server.stop());

const ZONE = "America/New_York";

function dashboardPage() {
  const queryClient = new QueryClient();
  queryClient.setQueryData(dashboardKeys.stats(ZONE), statsBefore);
  queryClient.setQueryData(auditKeys.list({}, 1, 8), { count: 0, next: null, previous: null, results: [] });
  const held: { dismiss?: ReturnType<typeof useDismissFirstRun> } = {};
  function Probe() {
    useDashboardStats(ZONE);
    held.dismiss = useDismissFirstRun();
    return null;
  }
  renderToStaticMarkup(
    <QueryClientProvider client={queryClient}>
      <Probe />
    </QueryClientProvider>,
  );
  return { queryClient, dismiss: held.dismiss! };
}

describe("dismissing the first-run checklist", () => {
  it("keeps it dismissed when a refresh begun before answers after, and refreshes the recent activity", async () => {
    const { queryClient, dismiss } = dashboardPage();
    const refresh = queryClient.getQueryCache().find({ queryKey: dashboardKeys.stats(ZONE) })!.fetch().catch(() => undefined);
    await expect.poll(() => server.requests.some((r) => r.method === "GET")).toBe(true);
    // The figures are asked for in the viewer's zone.
    expect(server.requests.find((r) => r.method === "GET")!.url).toBe(`/api/dashboard/stats?timeZone=${encodeURIComponent(ZONE)}`);

    await dismiss.mutateAsync();
    releaseStats();
    await refresh;

    expect(queryClient.getQueryData<typeof statsBefore>(dashboardKeys.stats(ZONE))?.firstRun.dismissed).toBe(true);
    expect(queryClient.getQueryState(auditKeys.list({}, 1, 8))?.isInvalidated).toBe(true);
  });
});
