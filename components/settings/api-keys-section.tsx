"use client";

import { useId, useState, type ReactNode, type SyntheticEvent } from "react";
import { useTimeZone } from "@/components/layout/time-zone";
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  ConfirmDialog,
  EmptyState,
  ErrorState,
  Pagination,
  SkeletonList,
} from "@/components/ui";
import { useApiKeys, useRevokeApiKey, type ApiKeyDto } from "@/hooks/use-api-keys";
import { useLazyDialog } from "@/hooks/use-lazy-dialog";
import { errorMessage } from "@/lib/api-client";
import { API_KEY_KIND_LABELS } from "@/lib/api-keys/vocabulary";
import { formatDateTime } from "@/lib/format";
import { lazyModule } from "@/lib/lazy-module";
import { toast } from "@/lib/toast";

// The key dialogs' forms (with their rules) load when one is first opened, not with the settings page.
const createDialog = lazyModule(() => import("./create-api-key-dialog"));
const editDialog = lazyModule(() => import("./edit-api-key-dialog"));

const PAGE_SIZE = 10;

type KeyState = "active" | "expired" | "revoked";

function stateOf(apiKey: ApiKeyDto, now = Date.now()): KeyState {
  if (apiKey.revokedAt) return "revoked";
  if (apiKey.expiresAt && Date.parse(apiKey.expiresAt) <= now) return "expired";
  return "active";
}

const STATE_BADGES: Record<KeyState, { label: string; tone: "success" | "warning" | "danger" }> = {
  active: { label: "Active", tone: "success" },
  expired: { label: "Expired", tone: "warning" },
  revoked: { label: "Revoked", tone: "danger" },
};

/** /settings "API keys": the business's keys for its servers and its website's widget. */
export function ApiKeysSection() {
  const [page, setPage] = useState(1);
  const creating = useLazyDialog(createDialog, "form");
  const editing = useLazyDialog(editDialog, "form");
  const [edited, setEdited] = useState<ApiKeyDto | null>(null);
  const CreateApiKeyDialog = creating.open ? createDialog.use().CreateApiKeyDialog : null;
  const EditApiKeyDialog = editing.open ? editDialog.use().EditApiKeyDialog : null;
  const [revoking, setRevoking] = useState<ApiKeyDto | null>(null);
  const keys = useApiKeys(page, PAGE_SIZE);
  const pageCount = Math.max(1, Math.ceil((keys.data?.count ?? 0) / PAGE_SIZE));
  const titleId = useId();

  return (
    <Card aria-labelledby={titleId} role="region">
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1 space-y-1">
          <CardTitle id={titleId}>API keys</CardTitle>
          <CardDescription>
            Secret keys let your servers chat on behalf of your users; publishable keys put the chat widget on your website.
          </CardDescription>
        </div>
        <Button type="button" onClick={creating.show} loading={creating.opening} {...creating.openerProps}>
          Create API key
        </Button>
      </CardHeader>
      <CardContent className="space-y-4">
        {keys.isPending ? (
          <SkeletonList label="Loading API keys" count={3} />
        ) : keys.isError ? (
          <ErrorState message={errorMessage(keys.error, "The API keys could not be loaded.")} onRetry={() => void keys.refetch()} retrying={keys.isFetching} />
        ) : keys.data.results.length === 0 ? (
          <EmptyState
            headingLevel={3}
            title="No API keys yet"
            description="Create a secret key for your server, or a publishable key for the chat widget on your website."
          />
        ) : (
          <>
            <ul aria-label="API keys" aria-busy={keys.isFetching || undefined} className="divide-y divide-border rounded-lg border border-border">
              {keys.data.results.map((apiKey) => (
                <ApiKeyItem
                  key={apiKey.id}
                  apiKey={apiKey}
                  onEdit={(event) => {
                    setEdited(apiKey);
                    editing.show(event);
                  }}
                  editOpener={{ ...editing.openerProps, loading: editing.opening && edited?.id === apiKey.id }}
                  onRevoke={() => setRevoking(apiKey)}
                />
              ))}
            </ul>
            {pageCount > 1 ? <Pagination page={page} pageCount={pageCount} onPageChange={setPage} disabled={keys.isFetching} /> : null}
          </>
        )}
      </CardContent>
      {CreateApiKeyDialog ? <CreateApiKeyDialog open onClose={creating.close} /> : null}
      {EditApiKeyDialog ? <EditApiKeyDialog apiKey={edited} onClose={editing.close} /> : null}
      <RevokeDialog apiKey={revoking} onClose={() => setRevoking(null)} />
    </Card>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-fg-muted">{label}</dt>
      <dd className="mt-0.5 text-sm text-fg">{children}</dd>
    </div>
  );
}

type EditOpener = { loading: boolean; onPointerEnter: () => void; onFocus: () => void };

function ApiKeyItem({
  apiKey,
  onEdit,
  editOpener,
  onRevoke,
}: {
  apiKey: ApiKeyDto;
  onEdit: (event: SyntheticEvent<HTMLElement>) => void;
  editOpener: EditOpener;
  onRevoke: () => void;
}) {
  const timeZone = useTimeZone();
  const state = stateOf(apiKey);
  const badge = STATE_BADGES[state];
  return (
    <li className={`space-y-3 p-4 ${state === "revoked" ? "bg-surface-muted/40" : ""}`} aria-label={apiKey.name}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <span className={`font-medium break-words ${state === "revoked" ? "text-fg-muted line-through" : "text-fg"}`}>{apiKey.name}</span>
            <Badge tone={apiKey.kind === "secret" ? "neutral" : "info"}>{API_KEY_KIND_LABELS[apiKey.kind]}</Badge>
            <Badge tone={badge.tone}>{badge.label}</Badge>
          </div>
          <code className="block font-mono text-xs text-fg-muted" title="The start of the key; the whole key was shown once, when it was created">
            {apiKey.prefix}…
          </code>
        </div>
        {state === "revoked" ? null : (
          <div className="flex gap-2">
            <Button type="button" size="sm" variant="secondary" onClick={onEdit} {...editOpener} aria-label={`Edit ${apiKey.name}`}>
              Edit
            </Button>
            <Button type="button" size="sm" variant="secondary" onClick={onRevoke} aria-label={`Revoke ${apiKey.name}`}>
              Revoke
            </Button>
          </div>
        )}
      </div>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-3 sm:grid-cols-4">
        <Detail label="Scopes">
          <span className="flex flex-wrap gap-1">
            {apiKey.scopes.map((scope) => (
              <Badge key={scope} className="font-mono">
                {scope}
              </Badge>
            ))}
          </span>
        </Detail>
        <Detail label="Created">{formatDateTime(apiKey.createdAt, timeZone)}</Detail>
        <Detail label="Last used">{apiKey.lastUsedAt ? formatDateTime(apiKey.lastUsedAt, timeZone) : "Never"}</Detail>
        {apiKey.revokedAt ? (
          <Detail label="Revoked">{formatDateTime(apiKey.revokedAt, timeZone)}</Detail>
        ) : (
          <Detail label="Expires">{apiKey.expiresAt ? formatDateTime(apiKey.expiresAt, timeZone) : "Never"}</Detail>
        )}
        {apiKey.kind === "publishable" ? (
          <div className="col-span-2 min-w-0 sm:col-span-4">
            <dt className="text-xs font-medium text-fg-muted">Allowed origins</dt>
            <dd className="mt-0.5">
              <ul className="flex flex-wrap gap-x-3 gap-y-1 font-mono text-xs text-fg">
                {apiKey.allowedOrigins.map((origin) => (
                  <li key={origin} className="break-all">
                    {origin}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
      </dl>
    </li>
  );
}

function RevokeDialog({ apiKey, onClose }: { apiKey: ApiKeyDto | null; onClose: () => void }) {
  const revoke = useRevokeApiKey();
  return (
    <ConfirmDialog
      open={apiKey !== null}
      title={apiKey ? `Revoke “${apiKey.name}”?` : "Revoke API key"}
      description="Revoking is permanent: every request made with the key is refused from now on. It stays listed as revoked."
      confirmLabel="Revoke key"
      variant="danger"
      failureMessage="The key was not revoked. Please try again."
      onClose={onClose}
      onConfirm={async () => {
        if (!apiKey) return;
        const revoked = await revoke.mutateAsync(apiKey.id);
        toast.success(`“${revoked.name}” was revoked.`);
      }}
    >
      <p>
        {apiKey?.kind === "publishable"
          ? "The chat widget stops working on the sites that use this key until they get a new one."
          : "Servers using this key can no longer call the API until they get a new key."}
      </p>
    </ConfirmDialog>
  );
}
