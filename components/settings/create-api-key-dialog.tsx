"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch, type Path } from "react-hook-form";
import { z } from "zod";
import { useTimeZone } from "@/components/layout/time-zone";
import { FormError, FormField, Input, Textarea } from "@/components/ui";
import { CopyField } from "@/components/users/copy-field";
import { DialogFormActions, ShownOnceDialog } from "@/components/users/shown-once-dialog";
import type { ApiKeyKind, ApiKeyScope } from "@/db/schema";
import { useCreateApiKey, type CreatedApiKey } from "@/hooks/use-api-keys";
import {
  API_KEY_KIND_LABELS,
  API_KEY_KIND_VALUES,
  API_KEY_LIMITS,
  PUBLISHABLE_SCOPES,
  apiKeyNameSchema,
  apiKeyScopesSchema,
  type CreateApiKeyInput,
} from "@/lib/api-keys/schemas";
import { applyServerErrors } from "@/lib/form-errors";
import { formatDateTime } from "@/lib/format";
import { foldListFieldErrors, originLines, originLinesSchema, ScopeCheckboxes } from "./api-key-fields";

const KIND_HINTS: Record<ApiKeyKind, string> = {
  secret: "For your servers: calls the chat API on behalf of your users. Never put it in a web page or an app.",
  publishable: "For the chat widget on your website: public, and only accepted from the origins you list.",
};

const formSchema = z
  .object({
    name: apiKeyNameSchema,
    kind: z.enum(API_KEY_KIND_VALUES),
    scopes: apiKeyScopesSchema,
    allowedOrigins: z.string(),
    // A datetime-local value in the viewer's time zone; empty means the key does not expire.
    expiresAt: z.string().refine((value) => value === "" || new Date(value).getTime() > Date.now(), "Expiry must be in the future."),
  })
  .superRefine((values, ctx) => {
    if (values.kind !== "publishable") return;
    const checked = originLinesSchema.safeParse(values.allowedOrigins);
    if (!checked.success) ctx.addIssue({ code: "custom", path: ["allowedOrigins"], message: checked.error.issues[0]!.message });
    else if (originLines(values.allowedOrigins).length === 0) {
      ctx.addIssue({ code: "custom", path: ["allowedOrigins"], message: "A publishable key needs at least one allowed origin." });
    }
  });

type Values = z.input<typeof formSchema>;
const FIELDS: Path<Values>[] = ["name", "kind", "scopes", "allowedOrigins", "expiresAt"];

function toInput(values: z.output<typeof formSchema>): CreateApiKeyInput {
  const publishable = values.kind === "publishable";
  return {
    name: values.name,
    kind: values.kind,
    scopes: publishable ? values.scopes.filter((scope) => PUBLISHABLE_SCOPES.includes(scope)) : values.scopes,
    ...(publishable ? { allowedOrigins: originLines(values.allowedOrigins) } : {}),
    ...(values.expiresAt ? { expiresAt: new Date(values.expiresAt).toISOString() } : {}),
  };
}

/** Creates an API key; the whole key is shown once afterwards, with the widget snippet for a publishable one. */
export function CreateApiKeyDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <ShownOnceDialog<CreatedApiKey>
      open={open}
      onClose={onClose}
      title="Create API key"
      resultTitle="API key created"
      description="Only a hash of the key is stored: you see the whole key once, right after creating it."
      renderForm={({ show, close }) => <CreateApiKeyForm onCancel={close} onCreated={show} />}
      renderResult={(created) => <CreatedKey created={created} />}
    />
  );
}

function CreatedKey({ created: { apiKey, key } }: { created: CreatedApiKey }) {
  const timeZone = useTimeZone();
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  const snippet = `<script src="${origin}/widget.js" data-key="${key}" async></script>`;
  return (
    <>
      <p>
        Copy the key now: it is shown only this once, and afterwards only its start (<code className="font-mono">{apiKey.prefix}…</code>)
        is listed. If it is lost, create a new key and revoke this one.
      </p>
      <CopyField label={`${API_KEY_KIND_LABELS[apiKey.kind]} key “${apiKey.name}”`} value={key} copyLabel="Copy key" />
      {apiKey.kind === "publishable" ? (
        <>
          <CopyField label="Widget snippet" value={snippet} copyLabel="Copy snippet" />
          <p className="text-fg-muted">
            Paste the snippet into your pages (before <code className="font-mono">&lt;/body&gt;</code>) on {apiKey.allowedOrigins.join(", ")}.
          </p>
        </>
      ) : (
        <p className="text-fg-muted">
          Send it from your server in the <code className="font-mono">X-API-Key</code> header.
        </p>
      )}
      {apiKey.expiresAt ? <p className="text-fg-muted">It stops working {formatDateTime(apiKey.expiresAt, timeZone)}.</p> : null}
    </>
  );
}

function CreateApiKeyForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (created: CreatedApiKey) => void }) {
  const createApiKey = useCreateApiKey();
  const form = useForm<Values, unknown, z.output<typeof formSchema>>({
    resolver: zodResolver(formSchema),
    defaultValues: { name: "", kind: "secret", scopes: ["chat"], allowedOrigins: "", expiresAt: "" },
    mode: "onTouched",
  });
  const { errors, isSubmitting } = form.formState;
  const kind = useWatch({ control: form.control, name: "kind" });
  const scopes = useWatch({ control: form.control, name: "scopes" }) as ApiKeyScope[];

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      onCreated(await createApiKey.mutateAsync(toInput(values)));
    } catch (error) {
      foldListFieldErrors(error, ["allowedOrigins", "scopes"]);
      applyServerErrors({ setError: form.setError, error, fields: FIELDS, fallback: "Creating the key failed. Please try again." });
    }
  });

  const chooseKind = (next: ApiKeyKind) => {
    form.setValue("kind", next, { shouldDirty: true });
    if (next === "publishable") form.setValue("scopes", ["chat"], { shouldDirty: true });
    form.clearErrors(["scopes", "allowedOrigins"]);
  };

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <fieldset disabled={isSubmitting} className="space-y-4">
        <FormField label="Name" required error={errors.name?.message} hint="What it is for, such as “Checkout server” or “Shop widget”.">
          <Input data-autofocus maxLength={API_KEY_LIMITS.name} autoComplete="off" {...form.register("name")} />
        </FormField>

        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-fg">Kind</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {API_KEY_KIND_VALUES.map((value) => (
              <label
                key={value}
                className={`flex cursor-pointer gap-2 rounded-lg border p-3 text-sm transition-colors has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-accent ${
                  kind === value ? "border-accent bg-accent-soft" : "border-border hover:bg-surface-muted"
                }`}
              >
                <input
                  type="radio"
                  name="api-key-kind"
                  value={value}
                  checked={kind === value}
                  onChange={() => chooseKind(value)}
                  className="mt-0.5 accent-accent"
                />
                <span>
                  <span className="block font-medium text-fg">{API_KEY_KIND_LABELS[value]}</span>
                  <span className="block text-fg-muted">{KIND_HINTS[value]}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        <ScopeCheckboxes
          kind={kind}
          value={scopes}
          onChange={(next) => form.setValue("scopes", next, { shouldDirty: true, shouldValidate: true })}
          error={errors.scopes?.message}
        />

        {kind === "publishable" ? (
          <FormField
            label="Allowed origins"
            required
            error={errors.allowedOrigins?.message}
            hint={`One a line, exactly as the browser sends it: scheme, host and port only, such as https://shop.example.com or http://localhost:3000. At most ${API_KEY_LIMITS.allowedOrigins}.`}
          >
            <Textarea rows={3} spellCheck={false} autoComplete="off" className="font-mono" {...form.register("allowedOrigins")} />
          </FormField>
        ) : null}

        <FormField label="Expires" error={errors.expiresAt?.message} hint="Optional, in your time zone. Leave empty for a key that does not expire.">
          <Input type="datetime-local" {...form.register("expiresAt")} />
        </FormField>
      </fieldset>
      <FormError message={errors.root?.message} />
      <DialogFormActions onCancel={onCancel} submitting={isSubmitting} submitLabel="Create key" />
    </form>
  );
}
