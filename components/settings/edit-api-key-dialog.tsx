"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch, type Path } from "react-hook-form";
import { z } from "zod";
import { Dialog, FormError, FormField, Input, Textarea } from "@/components/ui";
import { DialogFormActions } from "@/components/users/shown-once-dialog";
import type { ApiKeyScope } from "@/db/schema";
import { useUpdateApiKey, type ApiKeyDto } from "@/hooks/use-api-keys";
import { API_KEY_LIMITS, apiKeyNameSchema, apiKeyScopesSchema, type UpdateApiKeyInput } from "@/lib/api-keys/schemas";
import { applyServerErrors } from "@/lib/form-errors";
import { toast } from "@/lib/toast";
import { foldListFieldErrors, originLines, originLinesSchema, ScopeCheckboxes } from "./api-key-fields";

const formSchema = z.object({ name: apiKeyNameSchema, scopes: apiKeyScopesSchema, allowedOrigins: originLinesSchema });

type Values = z.input<typeof formSchema>;
const FIELDS: Path<Values>[] = ["name", "scopes", "allowedOrigins"];

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, index) => item === b[index]);

/** Only what changed, so an unchanged list is not sent (nor audited) again. */
function changesOf(apiKey: ApiKeyDto, values: z.output<typeof formSchema>): UpdateApiKeyInput {
  const origins = originLines(values.allowedOrigins);
  return {
    ...(values.name !== apiKey.name ? { name: values.name } : {}),
    ...(!sameList(values.scopes, apiKey.scopes) ? { scopes: values.scopes } : {}),
    ...(apiKey.kind === "publishable" && !sameList(origins, apiKey.allowedOrigins) ? { allowedOrigins: origins } : {}),
  };
}

/** Renames a key, or changes its scopes or (publishable) allowed origins; the key itself stays the same. */
export function EditApiKeyDialog({ apiKey, onClose }: { apiKey: ApiKeyDto | null; onClose: () => void }) {
  return (
    <Dialog
      open={apiKey !== null}
      onClose={onClose}
      title={apiKey ? `Edit “${apiKey.name}”` : "Edit API key"}
      description="Requests made with the key follow the change at once."
      closeOnBackdropClick={false}
    >
      {apiKey ? <EditApiKeyForm apiKey={apiKey} onDone={onClose} /> : null}
    </Dialog>
  );
}

function EditApiKeyForm({ apiKey, onDone }: { apiKey: ApiKeyDto; onDone: () => void }) {
  const update = useUpdateApiKey();
  const form = useForm<Values, unknown, z.output<typeof formSchema>>({
    resolver: zodResolver(formSchema),
    defaultValues: { name: apiKey.name, scopes: apiKey.scopes, allowedOrigins: apiKey.allowedOrigins.join("\n") },
    mode: "onTouched",
  });
  const { errors, isSubmitting } = form.formState;
  const scopes = useWatch({ control: form.control, name: "scopes" }) as ApiKeyScope[];

  const onSubmit = form.handleSubmit(async (values) => {
    if (apiKey.kind === "publishable" && originLines(values.allowedOrigins).length === 0) {
      form.setError("allowedOrigins", { message: "A publishable key needs at least one allowed origin." }, { shouldFocus: true });
      return;
    }
    const changes = changesOf(apiKey, values);
    if (Object.keys(changes).length === 0) {
      onDone();
      return;
    }
    try {
      const saved = await update.mutateAsync({ id: apiKey.id, changes });
      toast.success(`“${saved.name}” was saved.`);
      onDone();
    } catch (error) {
      foldListFieldErrors(error, ["allowedOrigins", "scopes"]);
      applyServerErrors({ setError: form.setError, error, fields: FIELDS, fallback: "The key was not changed. Please try again." });
    }
  });

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <fieldset disabled={isSubmitting} className="space-y-4">
        <FormField label="Name" required error={errors.name?.message}>
          <Input data-autofocus maxLength={API_KEY_LIMITS.name} autoComplete="off" {...form.register("name")} />
        </FormField>
        <ScopeCheckboxes
          kind={apiKey.kind}
          value={scopes}
          onChange={(next) => form.setValue("scopes", next, { shouldDirty: true, shouldValidate: true })}
          error={errors.scopes?.message}
        />
        {apiKey.kind === "publishable" ? (
          <FormField
            label="Allowed origins"
            required
            error={errors.allowedOrigins?.message}
            hint="One a line: scheme, host and port only, such as https://shop.example.com."
          >
            <Textarea rows={3} spellCheck={false} autoComplete="off" className="font-mono" {...form.register("allowedOrigins")} />
          </FormField>
        ) : null}
      </fieldset>
      <FormError message={errors.root?.message} />
      <DialogFormActions onCancel={onDone} submitting={isSubmitting} submitLabel="Save" />
    </form>
  );
}
