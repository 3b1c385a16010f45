"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, type ReactNode } from "react";
import { useForm, useWatch, type Path } from "react-hook-form";
import { FormField, Input, Textarea, FormError, InteractiveFieldset } from "@/components/ui";
import { useCategories } from "@/hooks/use-categories";
import { useUnsavedChangesGuard } from "@/hooks/use-unsaved-changes";
import { applyServerErrors } from "@/lib/form-errors";
import { formatCount } from "@/lib/format";
import { DuplicateWarning } from "./duplicate-warning";
import { DESCRIPTION_MAX, NAME_MAX } from "@/lib/products/vocabulary";
import {
  productFormSchema,
  type ProductDto,
  type ProductFormOutput,
  type ProductFormValues,
} from "@/lib/products/schemas";

export type ProductFormSubmit = (values: ProductFormOutput, intent: "save" | "submit") => Promise<void>;

function defaultsOf(product?: ProductDto): ProductFormValues {
  return {
    name: product?.name ?? "",
    description: product?.description ?? "",
    price: product?.price ?? "",
    sku: product?.sku ?? "",
    category: product?.category ?? "",
    stock: product?.stock ?? null,
  };
}

const FIELDS: Path<ProductFormValues>[] = ["name", "description", "price", "sku", "category", "stock"];

/**
 * The create/edit form, validated in the browser by the same zod schema the API enforces; the
 * server's field errors (e.g. a taken SKU) land inline on the same fields.
 */
export function ProductForm({
  product,
  readOnly = false,
  stockElsewhere = false,
  onSubmit,
  actions,
}: {
  product?: ProductDto;
  readOnly?: boolean;
  /** The stock is edited beside the form (a read-only form's StockEditor): the form leaves its own field out. */
  stockElsewhere?: boolean;
  onSubmit: ProductFormSubmit;
  /** Renders the buttons; submit buttons must carry name="intent" and value "save" | "submit". */
  actions: (state: { submitting: boolean; dirty: boolean }) => ReactNode;
}) {
  const form = useForm<ProductFormValues, unknown, ProductFormOutput>({
    resolver: zodResolver(productFormSchema),
    defaultValues: defaultsOf(product),
    mode: "onTouched",
  });
  const { errors, isSubmitting, isDirty } = form.formState;
  // The product as it is refetched (after a save, a picture changed beside the form, someone else's save)
  // shows in the form, unless the user is editing it: what they typed and have not saved is never replaced.
  const latest = JSON.stringify(defaultsOf(product));
  useEffect(() => {
    if (!form.formState.isDirty) form.reset(JSON.parse(latest) as ProductFormValues);
  }, [form, latest]);
  useUnsavedChangesGuard(!readOnly && isDirty && !isSubmitting);
  // Categories are the business's managed list: suggested as the user types; a new name creates one.
  const categories = useCategories({ enabled: !readOnly });
  const [watchedName, watchedSku] = useWatch({ control: form.control, name: ["name", "sku"] });
  const categoryListId = `product-categories-${product?.id ?? "new"}`;

  const submit = (intent: "save" | "submit") =>
    form.handleSubmit(async (values) => {
      try {
        await onSubmit(values, intent);
        form.reset(values as ProductFormValues);
      } catch (error) {
        applyServerErrors({ setError: form.setError, error, fields: FIELDS, fallback: "Saving failed. Please try again." });
      }
    });

  return (
    <form
      noValidate
      aria-label="Product"
      onSubmit={(event) => {
        const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        return submit(submitter?.value === "submit" ? "submit" : "save")(event);
      }}
    >
      <InteractiveFieldset className="space-y-4">
        <fieldset disabled={readOnly || isSubmitting} className="space-y-4">
          <FormField label="Name" required error={errors.name?.message}>
            <Input maxLength={NAME_MAX + 20} autoComplete="off" {...form.register("name")} />
          </FormField>
          <FormField
            label="Description"
            required
            error={errors.description?.message}
            hint={`Plain text, up to ${formatCount(DESCRIPTION_MAX)} characters.`}
          >
            <Textarea rows={6} {...form.register("description")} />
          </FormField>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label="Price" required error={errors.price?.message} hint="In dollars, e.g. 19.99">
              <Input inputMode="decimal" autoComplete="off" {...form.register("price")} />
            </FormField>
            {stockElsewhere ? null : (
              <FormField label="Stock" error={errors.stock?.message} hint="Leave empty for unlimited.">
                <Input
                  type="number"
                  min={0}
                  step={1}
                  inputMode="numeric"
                  {...form.register("stock", {
                    setValueAs: (value: unknown) =>
                      value === "" || value === null || value === undefined ? null : Number(value),
                  })}
                />
              </FormField>
            )}
            <FormField label="SKU" error={errors.sku?.message}>
              <Input autoComplete="off" {...form.register("sku")} />
            </FormField>
            <FormField label="Category" error={errors.category?.message} hint="Pick one of the business's categories, or type a new one.">
              <Input autoComplete="off" list={categoryListId} {...form.register("category")} />
            </FormField>
            <datalist id={categoryListId}>
              {(categories.data?.results ?? []).map((category) => (
                <option key={category.id} value={category.name} />
              ))}
            </datalist>
          </div>
        </fieldset>
        {readOnly ? null : <DuplicateWarning name={watchedName} sku={watchedSku} excludeId={product?.id ?? null} />}
        <FormError message={errors.root?.message} />
        {readOnly ? null : <div className="flex flex-wrap gap-2">{actions({ submitting: isSubmitting, dirty: isDirty })}</div>}
      </InteractiveFieldset>
    </form>
  );
}
