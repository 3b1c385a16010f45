import { Badge, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, Table, TBody, TD, TH, THead, TR } from "@/components/ui";
import type { DashboardStats } from "@/hooks/use-dashboard";
import { formatCount as n } from "@/lib/format";


export function UsageTable({ usage }: { usage: DashboardStats["usageByUser"] }) {
  const idle = usage.every((row) => row.sessions === 0 && row.messages === 0 && row.purchases === 0);
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h3">Usage by user</CardTitle>
        <CardDescription>All-time conversations, messages, credits spent and purchases — most active first</CardDescription>
      </CardHeader>
      <CardContent>
        {usage.length === 0 || idle ? (
          <EmptyState headingLevel={4} title="No usage yet" description="When people chat and buy, their activity appears here." className="py-8" />
        ) : (
          <Table aria-label="Usage by user">
            <THead>
              <TR>
                <TH>User</TH>
                <TH>Role</TH>
                <TH className="text-right">Conversations</TH>
                <TH className="text-right">Messages</TH>
                <TH className="text-right">Credits spent</TH>
                <TH className="text-right">Purchases</TH>
                <TH className="text-right">Balance</TH>
              </TR>
            </THead>
            <TBody>
              {usage.map((row) => (
                <TR key={row.userId}>
                  <TH scope="row">
                    {row.name}
                    {!row.active ? (
                      <Badge tone="neutral" className="ml-2">
                        inactive
                      </Badge>
                    ) : null}
                  </TH>
                  <TD className="capitalize">{row.role}</TD>
                  <TD className="text-right tabular-nums">{n(row.sessions)}</TD>
                  <TD className="text-right tabular-nums">{n(row.messages)}</TD>
                  <TD className="text-right tabular-nums">{n(row.credits)}</TD>
                  <TD className="text-right tabular-nums">{n(row.purchases)}</TD>
                  <TD className="text-right tabular-nums">{n(row.balance)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
