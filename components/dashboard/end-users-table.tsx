import { useTimeZone } from "@/components/layout/time-zone";
import { Badge, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, Table, TBody, TD, TH, THead, TR } from "@/components/ui";
import type { DashboardStats } from "@/hooks/use-dashboard";
import { formatCount as n, formatDateTime } from "@/lib/format";

export function EndUsersTable({ endUsers }: { endUsers: DashboardStats["endUsers"]["mostActive"] }) {
  const timeZone = useTimeZone();
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h3">Most active end users</CardTitle>
        <CardDescription>People your API and widget speak for — all-time conversations and messages, most messages first</CardDescription>
      </CardHeader>
      <CardContent>
        {endUsers.length === 0 ? (
          <EmptyState
            headingLevel={4}
            title="No end users yet"
            description="When your website's visitors or your servers start conversations, they appear here."
            className="py-8"
          />
        ) : (
          <Table aria-label="Most active end users">
            <THead>
              <TR>
                <TH>End user</TH>
                <TH className="text-right">Conversations</TH>
                <TH className="text-right">Messages</TH>
                <TH>Last seen</TH>
              </TR>
            </THead>
            <TBody>
              {endUsers.map((row) => (
                <TR key={row.endUserId}>
                  <TH scope="row">
                    {/* The width bounds keep a long identifier from either squeezing the column or widening the table. */}
                    <span className="flex max-w-64 min-w-40 flex-wrap items-center gap-x-2 gap-y-1">
                      {row.identifier === null ? (
                        <span className="text-fg-muted italic">Anonymous visitor</span>
                      ) : (
                        <span className="min-w-0 wrap-anywhere">{row.identifier}</span>
                      )}
                      {row.verified ? <Badge tone="success">verified</Badge> : null}
                    </span>
                  </TH>
                  <TD className="text-right tabular-nums">{n(row.sessions)}</TD>
                  <TD className="text-right tabular-nums">{n(row.messages)}</TD>
                  <TD className="whitespace-nowrap text-fg-muted">
                    <time dateTime={row.lastSeenAt}>{formatDateTime(row.lastSeenAt, timeZone)}</time>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
