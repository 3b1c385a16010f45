"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm, type Path } from "react-hook-form";
import { z } from "zod";
import { Button, Dialog, FormField, Input, Select, useToast, FormError } from "@/components/ui";
import { useCreateUser, type CreatedUser } from "@/hooks/use-users";
import { apiError } from "@/lib/api-client";
import { PASSWORD_MIN, passwordSchema } from "@/lib/auth/schemas";
import { createUserSchema, ROLE_LABELS, ROLE_VALUES } from "@/lib/users/schemas";
import { CopyField } from "./copy-field";

type Values = { name: string; email: string; role: (typeof ROLE_VALUES)[number]; password: string };
const FIELDS: Path<Values>[] = ["name", "email", "role", "password"];

// The form's empty password means "generate one"; the API takes it as absent.
const formSchema = createUserSchema.omit({ password: true }).extend({
  password: z.string().superRefine((value, ctx) => {
    if (value === "") return;
    const result = passwordSchema.safeParse(value);
    if (!result.success) ctx.addIssue({ code: "custom", message: result.error.issues[0]!.message });
  }),
});

/** Creates a user in the admin's business; a generated temporary password is shown once. */
export function CreateUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [created, setCreated] = useState<CreatedUser | null>(null);
  const close = () => {
    setCreated(null);
    onClose();
  };
  return (
    <Dialog
      open={open}
      onClose={close}
      title={created ? "User created" : "Create user"}
      description={created ? undefined : "They sign in with this email. New users get the business's starting credits."}
      closeOnBackdropClick={false}
    >
      {created?.temporaryPassword ? (
        <div className="space-y-4">
          <p>
            <strong>{created.user.name}</strong> ({created.user.email}) can now sign in with this temporary password. It is shown only
            once: pass it on securely.
          </p>
          <CopyField label="Temporary password" value={created.temporaryPassword} copyLabel="Copy password" />
          <div className="flex justify-end">
            <Button type="button" onClick={close}>
              Done
            </Button>
          </div>
        </div>
      ) : (
        <CreateUserForm onCancel={close} onCreated={(result) => (result.temporaryPassword ? setCreated(result) : close())} />
      )}
    </Dialog>
  );
}

function CreateUserForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (result: CreatedUser) => void }) {
  const toast = useToast();
  const createUser = useCreateUser();
  const form = useForm<Values, unknown, z.output<typeof formSchema>>({
    resolver: zodResolver(formSchema),
    defaultValues: { name: "", email: "", role: "viewer", password: "" },
    mode: "onTouched",
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const result = await createUser.mutateAsync({
        name: values.name,
        email: values.email,
        role: values.role,
        ...(values.password ? { password: values.password } : {}),
      });
      toast.success(`${result.user.name} was added as ${ROLE_LABELS[result.user.role].toLowerCase()}.`);
      onCreated(result);
    } catch (error) {
      const body = apiError(error);
      let placed = false;
      for (const [field, messages] of Object.entries(body?.fields ?? {})) {
        if ((FIELDS as string[]).includes(field)) {
          form.setError(field as Path<Values>, { message: messages.join(" ") }, { shouldFocus: !placed });
          placed = true;
        }
      }
      form.setError("root", { message: placed ? "Fix the highlighted fields." : (body?.detail ?? "Creating the user failed. Please try again.") });
    }
  });

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <fieldset disabled={isSubmitting} className="space-y-4">
        <FormField label="Name" required error={errors.name?.message}>
          <Input data-autofocus autoComplete="off" {...form.register("name")} />
        </FormField>
        <FormField label="Email" required error={errors.email?.message}>
          <Input type="email" autoComplete="off" {...form.register("email")} />
        </FormField>
        <FormField label="Role" required error={errors.role?.message}>
          <Select {...form.register("role")}>
            {ROLE_VALUES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField
          label="Password"
          error={errors.password?.message}
          hint={`Optional, at least ${PASSWORD_MIN} characters. Leave empty to generate a temporary password.`}
        >
          <Input type="password" autoComplete="new-password" {...form.register("password")} />
        </FormField>
      </fieldset>
      <FormError message={errors.root?.message} />
      <div className="flex justify-end gap-2 border-t border-border pt-4">
        <Button type="button" variant="secondary" onClick={onCancel} disabled={isSubmitting}>
          Cancel
        </Button>
        <Button type="submit" loading={isSubmitting}>
          Create user
        </Button>
      </div>
    </form>
  );
}
