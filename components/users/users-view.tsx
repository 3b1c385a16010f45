"use client";

import { useEffect, useState } from "react";
import { GrantCreditsButton } from "@/components/credits/grant-credits-button";
import { useTimeZone } from "@/components/layout/time-zone";
import {
  Badge,
  Button,
  ConfirmDialog,
  EmptyState,
  ErrorState,
  FilterPanel,
  FormField,
  Input,
  Pagination,
  Select,
  SkeletonList,
  Table,
  TBody,
  TD,
  TH,
  THead,
  TR,
} from "@/components/ui";
import { PastTheEnd } from "@/components/ui/past-the-end";
import type { Role } from "@/db/schema";
import { useAuth } from "@/hooks/use-auth";
import { useLazyDialog } from "@/hooks/use-lazy-dialog";
import { useDeactivateUser, useUpdateUser, useUsers, type UserDto, type UsersFilter } from "@/hooks/use-users";
import { errorMessage } from "@/lib/api-client";
import { formatCount, formatDateTime } from "@/lib/format";
import { lazyModule } from "@/lib/lazy-module";
import { USERS_PAGE_SIZE } from "@/lib/query-keys";
import { toast } from "@/lib/toast";
import { ROLE_LABELS } from "@/lib/users/vocabulary";
import { RoleOptions } from "./role-options";


// The two forms and their validation (zod, react-hook-form) are not part of the page's first load.
const createUserDialog = lazyModule(() => import("./create-user-dialog"));
const inviteDialog = lazyModule(() => import("./invite-dialog"));

/** /users: the business's people, their roles and status, plus creating users and invites. */
export function UsersView() {
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState("");
  const [q, setQ] = useState("");
  const [role, setRole] = useState<Role | "">("");
  const [status, setStatus] = useState<UsersFilter["status"] | "">("");
  const createUser = useLazyDialog(createUserDialog, "form");
  const invite = useLazyDialog(inviteDialog, "form");
  const CreateUserDialog = createUser.open ? createUserDialog.use().CreateUserDialog : null;
  const InviteDialog = invite.open ? inviteDialog.use().InviteDialog : null;
  const [confirming, setConfirming] = useState<UserDto | null>(null);

  // Searching on every keystroke would flood the API; wait for a pause in typing.
  useEffect(() => {
    const timer = setTimeout(() => {
      setQ(search.trim());
      setPage(1);
    }, 300);
    return () => clearTimeout(timer);
  }, [search]);

  const users = useUsers({ page, pageSize: USERS_PAGE_SIZE, q: q || undefined, role: role || undefined, status: status || undefined });
  const pageCount = Math.max(1, Math.ceil((users.data?.count ?? 0) / USERS_PAGE_SIZE));
  const filtered = Boolean(q || role || status);

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-fg">Users</h1>
          <p className="text-sm text-fg-muted">Who can sign in to your business, and what each of them may do.</p>
        </div>
        <div className="flex gap-2">
          <Button variant="secondary" onClick={invite.show} loading={invite.opening} {...invite.openerProps}>
            Create invite
          </Button>
          <Button onClick={createUser.show} loading={createUser.opening} {...createUser.openerProps}>
            Create user
          </Button>
        </div>
      </div>

      <FilterPanel className="grid gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)]" activeCount={[search.trim(), role, status].filter(Boolean).length}>
        <FormField label="Search users">
          <Input type="search" placeholder="Name or email" value={search} onChange={(event) => setSearch(event.target.value)} />
        </FormField>
        <FormField label="Filter by role">
          <Select
            value={role}
            onChange={(event) => {
              setRole(event.target.value as Role | "");
              setPage(1);
            }}
          >
            <option value="">All roles</option>
            <RoleOptions />
          </Select>
        </FormField>
        <FormField label="Filter by status">
          <Select
            value={status}
            onChange={(event) => {
              setStatus(event.target.value as UsersFilter["status"] | "");
              setPage(1);
            }}
          >
            <option value="">Active and inactive</option>
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
          </Select>
        </FormField>
      </FilterPanel>

      {users.isPending ? (
        <SkeletonList label="Loading users" count={5} />
      ) : users.isError ? (
        <ErrorState message={errorMessage(users.error, "The users could not be loaded.")} onRetry={() => void users.refetch()} retrying={users.isFetching} />
      ) : users.data.results.length === 0 && users.data.count > 0 ? (
        <PastTheEnd lastPage={pageCount} onPageChange={setPage} />
      ) : users.data.results.length === 0 ? (
        <EmptyState
          title={filtered ? "No users match" : "No users yet"}
          description={filtered ? "Try another search or filter." : "Create a user or an invite to get your team started."}
        />
      ) : (
        <>
          <Table aria-label="Users" aria-busy={users.isFetching || undefined} phone="cards">
            <THead>
              <TR>
                <TH>Name</TH>
                <TH>Email</TH>
                <TH>Role</TH>
                <TH>Status</TH>
                <TH className="text-right">Credits</TH>
                <TH>Last login</TH>
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              </TR>
            </THead>
            <TBody>
              {users.data.results.map((user) => (
                <UserRow key={user.id} user={user} onDeactivate={() => setConfirming(user)} />
              ))}
            </TBody>
          </Table>
          <Pagination page={page} pageCount={pageCount} onPageChange={setPage} disabled={users.isFetching} />
        </>
      )}

      {CreateUserDialog ? <CreateUserDialog open onClose={createUser.close} /> : null}
      {InviteDialog ? <InviteDialog open onClose={invite.close} /> : null}
      <DeactivateDialog user={confirming} onClose={() => setConfirming(null)} />
    </div>
  );
}

function UserRow({ user, onDeactivate }: { user: UserDto; onDeactivate: () => void }) {
  const timeZone = useTimeZone();
  const { user: me } = useAuth();
  const update = useUpdateUser();
  const isMe = me?.id === user.id;

  // A new role is only proposed by the select (an arrow key alone changes a select's value): the dialog applies it.
  const [proposedRole, setProposedRole] = useState<Role | null>(null);

  const reactivate = () =>
    update.mutate(
      { id: user.id, changes: { active: true } },
      {
        onSuccess: (updated) => toast.success(`${updated.name} can sign in again.`),
        onError: (error) => toast.error("The user was not reactivated.", { description: errorMessage(error) }),
      },
    );

  return (
    <TR className={user.active ? undefined : "text-fg-muted"}>
      <TH scope="row">
        {user.name}
        {isMe ? <span className="ml-1 text-xs font-normal text-fg-muted">(you)</span> : null}
      </TH>
      <TD className="break-all max-sm:pb-2">{user.email}</TD>
      <TD label="Role">
        <Select
          aria-label={`Role for ${user.name}`}
          value={user.role}
          disabled={update.isPending}
          onChange={(event) => setProposedRole(event.target.value as Role)}
          className="h-9 min-w-32"
        >
          <RoleOptions />
        </Select>
      </TD>
      <TD label="Status">{user.active ? <Badge tone="success">Active</Badge> : <Badge tone="neutral">Inactive</Badge>}</TD>
      <TD label="Credits" className="text-right tabular-nums">
        {formatCount(user.credits)}
      </TD>
      <TD label="Last login" className="whitespace-nowrap">
        {user.lastLoginAt ? formatDateTime(user.lastLoginAt, timeZone) : "Never"}
      </TD>
      {/* Row actions: one button per action, side by side (a "Grant credits" button belongs here too). */}
      <TD className="max-sm:pt-2">
        <div className="flex justify-end gap-2 max-sm:flex-wrap max-sm:justify-start">
          <GrantCreditsButton user={user} />
          {user.active ? (
            <Button size="sm" variant="secondary" onClick={onDeactivate} aria-label={`Deactivate ${user.name}`}>
              Deactivate
            </Button>
          ) : (
            <Button size="sm" variant="secondary" onClick={reactivate} loading={update.isPending} aria-label={`Reactivate ${user.name}`}>
              Reactivate
            </Button>
          )}
        </div>
        <ChangeRoleDialog user={user} role={proposedRole} onClose={() => setProposedRole(null)} />
      </TD>
    </TR>
  );
}

function ChangeRoleDialog({ user, role, onClose }: { user: UserDto; role: Role | null; onClose: () => void }) {
  const update = useUpdateUser();
  return (
    <ConfirmDialog
      open={role !== null}
      title={`Change ${user.name}'s role?`}
      description={role ? `From ${ROLE_LABELS[user.role].toLowerCase()} to ${ROLE_LABELS[role].toLowerCase()}: what they can see and do changes at their next step.` : undefined}
      confirmLabel="Change role"
      onClose={onClose}
      onConfirm={async () => {
        if (!role) return;
        const updated = await update.mutateAsync({ id: user.id, changes: { role } });
        toast.success(`${updated.name} is now ${ROLE_LABELS[updated.role].toLowerCase()}.`);
      }}
    />
  );
}

function DeactivateDialog({ user, onClose }: { user: UserDto | null; onClose: () => void }) {
  const deactivate = useDeactivateUser();
  return (
    <ConfirmDialog
      open={user !== null}
      title={user ? `Deactivate ${user.name}?` : "Deactivate"}
      description="They are signed out everywhere at once and cannot sign in until reactivated. Their history stays."
      confirmLabel="Deactivate"
      variant="danger"
      onClose={onClose}
      onConfirm={async () => {
        if (!user) return;
        await deactivate.mutateAsync(user.id);
        toast.success(`${user.name} was deactivated.`);
      }}
    >
      <p>{user ? `${user.email} will lose access immediately.` : null}</p>
    </ConfirmDialog>
  );
}
