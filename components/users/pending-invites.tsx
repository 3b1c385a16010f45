"use client";

import { useId, useState } from "react";
import { useTimeZone } from "@/components/layout/time-zone";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle, ConfirmDialog, ErrorState, Pagination, SkeletonList, Table, TBody, TD, TH, THead, TR } from "@/components/ui";
import { PastTheEnd } from "@/components/ui/past-the-end";
import { useInvites, useResendInvite, useRevokeInvite, type InviteDto } from "@/hooks/use-users";
import { errorMessage } from "@/lib/api-client";
import { formatDateTime } from "@/lib/format";
import { DEFAULT_PAGE_SIZE } from "@/lib/pagination";
import { toast } from "@/lib/toast";
import { ROLE_LABELS } from "@/lib/users/vocabulary";

const who = (invite: InviteDto) => invite.email ?? "Anyone with the code";

/** /users: the invites whose code still works — who invited whom, until when — to resend or revoke. */
export function PendingInvites() {
  const [page, setPage] = useState(1);
  const invites = useInvites(page);
  const [revoking, setRevoking] = useState<InviteDto | null>(null);
  const titleId = useId();
  if (invites.isSuccess && invites.data.count === 0) return null;
  const pageCount = invites.data ? Math.max(1, Math.ceil(invites.data.count / DEFAULT_PAGE_SIZE)) : 1;

  return (
    <Card role="region" aria-labelledby={titleId}>
      <CardHeader>
        <CardTitle as="h2" id={titleId}>
          Pending invites
        </CardTitle>
        <CardDescription>Invites nobody has used yet. Resending mails a new link; the one sent before stops working.</CardDescription>
      </CardHeader>
      <CardContent>
        {invites.isPending ? (
          <SkeletonList label="Loading invites" count={2} />
        ) : invites.isError ? (
          <ErrorState message={errorMessage(invites.error, "The invites could not be loaded.")} onRetry={() => void invites.refetch()} retrying={invites.isFetching} />
        ) : invites.data.results.length === 0 ? (
          // The last invites of a later page were revoked, used or expired: the count says others remain.
          <PastTheEnd headingLevel={3} lastPage={pageCount} onPageChange={setPage} />
        ) : (
          <>
            <Table aria-label="Pending invites" aria-busy={invites.isFetching || undefined} phone="cards">
              <THead>
                <TR>
                  <TH>For</TH>
                  <TH>Role</TH>
                  <TH>Invited by</TH>
                  <TH>Sent</TH>
                  <TH>Expires</TH>
                  <TH>
                    <span className="sr-only">Actions</span>
                  </TH>
                </TR>
              </THead>
              <TBody>
                {invites.data.results.map((invite) => (
                  <InviteRow key={invite.id} invite={invite} onRevoke={() => setRevoking(invite)} />
                ))}
              </TBody>
            </Table>
            <Pagination page={page} pageCount={pageCount} onPageChange={setPage} disabled={invites.isFetching} />
          </>
        )}
      </CardContent>
      <RevokeDialog invite={revoking} onClose={() => setRevoking(null)} />
    </Card>
  );
}

function InviteRow({ invite, onRevoke }: { invite: InviteDto; onRevoke: () => void }) {
  const timeZone = useTimeZone();
  const resend = useResendInvite();
  return (
    <TR>
      <TH scope="row" className="break-all">
        {who(invite)}
      </TH>
      <TD label="Role">{ROLE_LABELS[invite.role]}</TD>
      <TD label="Invited by">{invite.invitedBy?.name ?? "A former member"}</TD>
      <TD label="Sent" className="whitespace-nowrap">{invite.lastSentAt ? formatDateTime(invite.lastSentAt, timeZone) : `Created ${formatDateTime(invite.createdAt, timeZone)}`}</TD>
      <TD label="Expires" className="whitespace-nowrap">{formatDateTime(invite.expiresAt, timeZone)}</TD>
      <TD className="max-sm:pt-2">
        <div className="flex justify-end gap-2 max-sm:flex-wrap max-sm:justify-start">
          {invite.email ? (
            <Button
              size="sm"
              variant="secondary"
              loading={resend.isPending}
              aria-label={`Resend the invite for ${invite.email}`}
              onClick={() =>
                resend.mutate(invite.id, {
                  onSuccess: () => toast.success(`The invite was sent to ${invite.email} again.`),
                  onError: (error) => toast.error("The invite was not sent.", { description: errorMessage(error) }),
                })
              }
            >
              Resend
            </Button>
          ) : null}
          <Button size="sm" variant="secondary" onClick={onRevoke} aria-label={`Revoke the invite for ${who(invite)}`}>
            Revoke
          </Button>
        </div>
      </TD>
    </TR>
  );
}

function RevokeDialog({ invite, onClose }: { invite: InviteDto | null; onClose: () => void }) {
  const revoke = useRevokeInvite();
  return (
    <ConfirmDialog
      open={invite !== null}
      title="Revoke this invite?"
      description={invite ? `${who(invite)} can no longer join as ${ROLE_LABELS[invite.role].toLowerCase()} with it. You can create a new invite later.` : undefined}
      confirmLabel="Revoke invite"
      variant="danger"
      onClose={onClose}
      onConfirm={async () => {
        if (!invite) return;
        await revoke.mutateAsync(invite.id);
        toast.success("The invite was revoked.");
      }}
    />
  );
}
