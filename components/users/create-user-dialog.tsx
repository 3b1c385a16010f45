"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, type Path } from "react-hook-form";
import { z } from "zod";
import { FormError, FormField, Input, Select } from "@/components/ui";
import { useCreateUser, type CreatedUser } from "@/hooks/use-users";
import { PASSWORD_MIN, passwordSchema } from "@/lib/auth/schemas";
import { applyServerErrors } from "@/lib/form-errors";
import { toast } from "@/lib/toast";
import { createUserSchema } from "@/lib/users/schemas";
import { ROLE_LABELS, ROLE_VALUES } from "@/lib/users/vocabulary";
import { CopyField } from "./copy-field";
import { RoleOptions } from "./role-options";
import { DialogFormActions, ShownOnceDialog } from "./shown-once-dialog";

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
  return (
    <ShownOnceDialog<CreatedUser & { temporaryPassword: string }>
      open={open}
      onClose={onClose}
      title="Create user"
      resultTitle="User created"
      description="They sign in with this email. New users get the business's starting credits."
      renderForm={({ show, close }) => (
        <CreateUserForm
          onCancel={close}
          onCreated={({ user, temporaryPassword }) => (temporaryPassword ? show({ user, temporaryPassword }) : close())}
        />
      )}
      renderResult={({ user, temporaryPassword }) => (
        <>
          <p>
            <strong>{user.name}</strong> ({user.email}) can now sign in with this temporary password. It is shown only once: pass it on
            securely.
          </p>
          <CopyField label="Temporary password" value={temporaryPassword} copyLabel="Copy password" />
        </>
      )}
    />
  );
}

function CreateUserForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (result: CreatedUser) => void }) {
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
      applyServerErrors({ setError: form.setError, error, fields: FIELDS, fallback: "Creating the user failed. Please try again." });
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
            <RoleOptions />
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
      <DialogFormActions onCancel={onCancel} submitting={isSubmitting} submitLabel="Create user" />
    </form>
  );
}
