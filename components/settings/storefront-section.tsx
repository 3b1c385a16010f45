"use client";

import Link from "next/link";
import { useEffect, useId } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle, FormError, FormField, Input, InteractiveFieldset } from "@/components/ui";
import type { BusinessView } from "@/hooks/use-business";
import { useUpdateBusiness } from "@/hooks/use-business-settings";
import type { UpdateBusinessInput } from "@/lib/business/schemas";
import { SHOP_SLUG_LIMITS } from "@/lib/business/vocabulary";
import { registerWithDefaults } from "@/lib/form-defaults";
import { applyServerErrors } from "@/lib/form-errors";
import { lazyModule, UNREACHABLE_MESSAGE } from "@/lib/lazy-module";
import { shopHref } from "@/lib/shops/links";
import { toast } from "@/lib/toast";

type StorefrontForm = { slug: string; shopListed: boolean };

// The address's rule comes with the settings page's other rules, after the page is up.
const rules = lazyModule(() => import("./settings-form-rules"));

const toForm = (business: BusinessView): StorefrontForm => ({ slug: business.slug, shopListed: business.shopListed });

/**
 * The storefront's address (/shop/<slug>) and whether the front page's directory lists it. Its own
 * small form: changing the address breaks links people already have, so it is saved on purpose,
 * apart from the assistant settings.
 */
export function StorefrontSection({ business }: { business: BusinessView }) {
  const update = useUpdateBusiness();
  const listedHintId = useId();
  const defaults = toForm(business);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    control,
    formState: { errors, isDirty, isSubmitting },
  } = useForm<StorefrontForm>({ defaultValues: defaults, mode: "onTouched" });
  const field = registerWithDefaults(register, defaults);

  useEffect(() => {
    if (!isDirty) reset(toForm(business));
  }, [business, isDirty, reset]);

  const slug = useWatch({ control, name: "slug" });

  const onSubmit = handleSubmit(async (values) => {
    // Only what changed is sent: an older address that predates today's rules stays valid untouched.
    const changes: UpdateBusinessInput = {};
    if (values.slug.trim() !== business.slug) changes.slug = values.slug.trim();
    if (values.shopListed !== business.shopListed) changes.shopListed = values.shopListed;
    if (Object.keys(changes).length === 0) return;
    try {
      const saved = await update.mutateAsync(changes);
      reset(toForm(saved));
      toast.success("Storefront saved", { description: `Your storefront is at ${shopHref(saved.slug)}.` });
    } catch (error) {
      applyServerErrors({ setError, error, fields: ["slug", "shopListed"], fallback: "The storefront was not saved. Please try again." });
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Storefront settings">
      <InteractiveFieldset>
        <Card>
          <CardHeader>
            <CardTitle>Storefront</CardTitle>
            <CardDescription>
              Your public shop: every approved product, with search and filters.{" "}
              <Link href={shopHref(business.slug)} className="focus-ring rounded-sm font-medium text-accent-fg underline-offset-2 hover:underline">
                View your storefront
              </Link>
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-5">
            <FormField
              label="Storefront address"
              hint={`Lowercase letters, digits and hyphens, ${SHOP_SLUG_LIMITS.min} to ${SHOP_SLUG_LIMITS.max} characters. Changing it breaks links to the old address.`}
              error={errors.slug?.message}
              required
            >
              {(wiring) => (
                <div className="flex items-center gap-2">
                  <span className="shrink-0 font-mono text-sm text-fg-muted" aria-hidden="true">
                    /shop/
                  </span>
                  <Input
                    {...wiring}
                    {...field("slug", {
                      validate: async (value) => {
                        if (value.trim() === business.slug) return true;
                        const loaded = await rules.preload().catch(() => null);
                        if (!loaded) return UNREACHABLE_MESSAGE;
                        const parsed = loaded.shopSlugSchema.safeParse(value);
                        return parsed.success || (parsed.error.issues[0]?.message ?? "Enter a valid address.");
                      },
                    })}
                    maxLength={SHOP_SLUG_LIMITS.max}
                    autoComplete="off"
                    autoCapitalize="none"
                    spellCheck={false}
                    className="font-mono"
                  />
                </div>
              )}
            </FormField>
            {typeof slug === "string" && slug.trim() && slug.trim() !== business.slug && !errors.slug ? (
              <p className="text-sm text-fg-muted">
                New address: <span className="font-mono text-fg">{shopHref(slug.trim())}</span>
              </p>
            ) : null}
            <div className="space-y-1">
              <label className="flex items-start gap-2 text-sm font-medium text-fg">
                <input type="checkbox" className="focus-ring mt-0.5 size-4 accent-accent" aria-describedby={listedHintId} {...field("shopListed")} />
                List my storefront in the directory
              </label>
              <p id={listedHintId} className="pl-6 text-xs text-fg-muted">
                The front page lists storefronts that have products. Unlisted, yours stays reachable by its address.
              </p>
            </div>
            <FormError message={errors.root?.message} />
            <div className="flex items-center justify-end gap-3">
              <Button type="button" variant="secondary" disabled={!isDirty || isSubmitting} onClick={() => reset(toForm(business))}>
                Discard
              </Button>
              <Button type="submit" loading={isSubmitting} disabled={!isDirty}>
                Save storefront
              </Button>
            </div>
          </CardContent>
        </Card>
      </InteractiveFieldset>
    </form>
  );
}
