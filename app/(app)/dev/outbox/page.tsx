import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState } from "@/components/ui";
import { env } from "@/lib/env";
import { formatDateTime } from "@/lib/format";
import { outboxEntries } from "@/lib/mail/outbox";
import { pageTime } from "@/lib/pages/viewer";
import { clientIp } from "@/lib/rate-limit/client-ip";

// Its mails hold working reset links and invite codes: only the machine the server runs on may read them.
const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

export const metadata: Metadata = { title: "Development outbox" };
export const dynamic = "force-dynamic";

/**
 * Outside production, with no SMTP_URL, the mails the app would have sent (invites, reset links) are
 * kept here, newest first, so their links can be followed, for requests from this machine. Any other
 * server or caller gets 404.
 */
export default async function DevOutboxPage() {
  const current = env();
  if (current.NODE_ENV === "production" || current.SMTP_URL) notFound();
  if (!LOOPBACK.has(clientIp(await headers()))) notFound();
  const entries = outboxEntries();
  const { timeZone } = await pageTime();
  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-fg">Development outbox</h1>
        <p className="text-sm text-fg-muted">No SMTP_URL is set, so mails stay here (and in the log) instead of being sent. The last 50 since the server started.</p>
      </div>
      {entries.length === 0 ? (
        <EmptyState title="No mails yet" description="Create an invite with an email, or ask for a password reset, and it appears here." />
      ) : (
        entries.map((entry) => (
          <Card key={entry.id}>
            <CardHeader>
              <CardTitle as="h2">{entry.subject}</CardTitle>
              <CardDescription>
                To {entry.to} · {formatDateTime(entry.sentAt, timeZone)}
              </CardDescription>
            </CardHeader>
            <CardContent>
              <pre className="whitespace-pre-wrap break-words font-sans text-sm text-fg">
                {entry.text.split(/(https?:\/\/\S+)/).map((part, index) =>
                  /^https?:\/\//.test(part) ? (
                    <a key={index} href={part} className="font-medium text-accent-fg underline underline-offset-2">
                      {part}
                    </a>
                  ) : (
                    part
                  ),
                )}
              </pre>
            </CardContent>
          </Card>
        ))
      )}
    </div>
  );
}
