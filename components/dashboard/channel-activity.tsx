import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui";
import type { ChatChannel } from "@/db/schema";
import type { DashboardStats } from "@/hooks/use-dashboard";
import { formatCount as n } from "@/lib/format";

const CHANNELS: { channel: ChatChannel; label: string; hint: string }[] = [
  { channel: "member", label: "Members", hint: "your team, in the app" },
  { channel: "api", label: "API", hint: "your servers, with a secret key" },
  { channel: "widget", label: "Widget", hint: "visitors on your website" },
];

function Figure({ label, last30d, last7d }: { label: string; last30d: number; last7d: number }) {
  return (
    <div>
      <dt className="text-xs text-fg-muted">{label}</dt>
      <dd className="text-lg font-semibold text-fg tabular-nums">{n(last30d)}</dd>
      <dd className="text-xs text-fg-muted tabular-nums">{n(last7d)} in 7 days</dd>
    </div>
  );
}

/** Member activity beside end users' (API and widget): conversations and messages per channel, and who the end users are. */
export function ChannelActivity({ channels, endUsers }: { channels: DashboardStats["channels"]; endUsers: DashboardStats["endUsers"] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h3">Members and end users</CardTitle>
        <CardDescription>Conversations started and messages sent in the last 30 days, by channel</CardDescription>
      </CardHeader>
      <CardContent className="space-y-5">
        <ul className="divide-y divide-border" aria-label="Activity by channel">
          {CHANNELS.map(({ channel, label, hint }) => (
            <li key={channel} className="flex flex-wrap items-center justify-between gap-x-6 gap-y-2 py-3 first:pt-0" data-testid={`channel-${channel}`}>
              <div className="min-w-0">
                <p className="font-medium text-fg">{label}</p>
                <p className="text-xs text-fg-muted">{hint}</p>
              </div>
              <dl className="grid grid-cols-2 gap-6 text-right">
                <Figure label="Conversations" last30d={channels[channel].sessions.last30d} last7d={channels[channel].sessions.last7d} />
                <Figure label="Messages" last30d={channels[channel].messages.last30d} last7d={channels[channel].messages.last7d} />
              </dl>
            </li>
          ))}
        </ul>
        <dl className="grid grid-cols-2 gap-4 border-t border-border pt-4 sm:grid-cols-3">
          <div>
            <dt className="text-sm font-medium text-fg-muted">End users</dt>
            <dd className="mt-1 text-2xl font-semibold tracking-tight text-fg tabular-nums" data-testid="end-users-total">
              {n(endUsers.total)}
            </dd>
            <dd className="text-xs text-fg-muted">{n(endUsers.verified)} verified · all time</dd>
          </div>
          <div>
            <dt className="text-sm font-medium text-fg-muted">Active end users</dt>
            <dd className="mt-1 text-2xl font-semibold tracking-tight text-fg tabular-nums">{n(endUsers.active.last30d)}</dd>
            <dd className="text-xs text-fg-muted">{n(endUsers.active.last7d)} in 7 days · sent a message</dd>
          </div>
          <div>
            <dt className="text-sm font-medium text-fg-muted">Wallet credits spent</dt>
            <dd className="mt-1 text-2xl font-semibold tracking-tight text-fg tabular-nums">{n(endUsers.creditsSpent30d)}</dd>
            <dd className="text-xs text-fg-muted">by end users, 30 days</dd>
          </div>
        </dl>
      </CardContent>
    </Card>
  );
}
