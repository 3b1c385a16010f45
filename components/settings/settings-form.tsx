"use client";

import { useEffect, useId, type CSSProperties } from "react";
import { useForm, useWatch, type Path } from "react-hook-form";
import type { z } from "zod";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle, FormField, Input, Select, Textarea, FormError, InteractiveFieldset } from "@/components/ui";
import type { BusinessView } from "@/hooks/use-business";
import { useUpdateBusiness } from "@/hooks/use-business-settings";
import { parseModelId, PROVIDER_LABELS } from "@/lib/ai/model-ids";
import type { BusinessSettingsForm, businessSettingsFormSchema } from "@/lib/business/schemas";
import { BOT_COLOR_MIN_CONTRAST, BUSINESS_LIMITS, synonymGroupsToText } from "@/lib/business/vocabulary";
import { readableTextOn, textColourOnLight } from "@/lib/contrast";
import { registerWithDefaults } from "@/lib/form-defaults";
import { applyServerErrors } from "@/lib/form-errors";
import { formatCount } from "@/lib/format";
import { lazyResolver } from "@/lib/lazy-resolver";
import { toast } from "@/lib/toast";
import { IdentitySecretPanel } from "./identity-secret-panel";
import { changedSettings } from "./settings-changes";
import { useUnsavedChangesGuard } from "@/hooks/use-unsaved-changes";

type FormInput = z.input<typeof businessSettingsFormSchema>;
const HEX = /^#[0-9a-fA-F]{6}$/;

const settingsRules = lazyResolver(() => import("./settings-form-rules").then((module) => module.settingsResolver));

function toForm(business: BusinessView): FormInput {
  return { name: business.name, ...business.settings, botIcon: business.settings.botIcon ?? "", synonyms: synonymGroupsToText(business.settings.synonyms) };
}

/**
 * The models the operator offers (allowed, with a configured provider), by provider; a stored
 * choice that is no longer offered stays listed, marked, until changed.
 */
function modelCatalog(business: BusinessView) {
  const offered = business.policy.allowedModels.map(parseModelId);
  const current = parseModelId(business.settings.model);
  const stale = offered.some((choice) => choice.id === current.id) ? null : current.id;
  const choices = stale ? [current, ...offered] : offered;
  const providers = [...new Set(choices.map((choice) => choice.provider))];
  const configured = new Set(offered.map((choice) => choice.provider));
  return { offered, choices, providers, configured, stale };
}

export function SettingsForm({ business }: { business: BusinessView }) {
  const update = useUpdateBusiness();
  const { policy } = business;
  const defaults = toForm(business);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    setValue,
    control,
    formState: { errors, isDirty, isSubmitting, dirtyFields },
  } = useForm<FormInput, unknown, BusinessSettingsForm>({
    resolver: settingsRules.resolver,
    // The operator's limits, which the rules check as the server does.
    context: policy,
    defaultValues: defaults,
    mode: "onTouched",
  });
  const field = registerWithDefaults(register, defaults);
  // Every field the form has, as the server may name them in its errors.
  const formFields = Object.keys(defaults) as Path<FormInput>[];
  // The form is on the first paint; its rules load right behind it.
  useEffect(() => settingsRules.preload(), []);

  // Another tab (or admin) may have saved meanwhile: follow the server unless the form has edits.
  useEffect(() => {
    if (!isDirty) reset(toForm(business));
  }, [business, isDirty, reset]);
  useUnsavedChangesGuard(isDirty && !isSubmitting);

  const catalog = modelCatalog(business);
  const modelValue = useWatch({ control, name: "model" });
  const selectedModel = parseModelId(typeof modelValue === "string" && modelValue ? modelValue : business.settings.model);
  const botName = useWatch({ control, name: "botName" });
  const botColor = useWatch({ control, name: "botColor" });
  const colour = typeof botColor === "string" && HEX.test(botColor) ? botColor : business.settings.botColor;
  const shownName = typeof botName === "string" && botName.trim() ? botName : "Assistant";

  const onSubmit = handleSubmit(async (values) => {
    try {
      const saved = await update.mutateAsync(changedSettings(values, dirtyFields));
      reset(toForm(saved));
      toast.success("Settings saved", { description: "The assistant uses them from the next message." });
    } catch (error) {
      applyServerErrors({ setError, error, fields: formFields, prefix: "settings.", fallback: "The settings were not saved. Please try again." });
    }
  });

  const number = { valueAsNumber: true } as const;
  const verifiedHintId = useId();

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Business settings">
      <InteractiveFieldset className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>Business</CardTitle>
            <CardDescription>How your business is named across the app.</CardDescription>
          </CardHeader>
          <CardContent>
            <FormField label="Business name" error={errors.name?.message} required>
              <Input {...field("name")} maxLength={BUSINESS_LIMITS.name} autoComplete="organization" />
            </FormField>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Assistant</CardTitle>
            <CardDescription>What people see in the chat, and how the assistant answers.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-5">
            <div className="grid gap-5 sm:grid-cols-2">
              <FormField label="Assistant name" error={errors.botName?.message} required>
                <Input {...field("botName")} maxLength={BUSINESS_LIMITS.botName} />
              </FormField>
              <FormField label="Assistant colour" hint={`A hex colour such as #4f46e5, with at least ${BOT_COLOR_MIN_CONTRAST}:1 contrast on both the light and the dark page.`} error={errors.botColor?.message} required>
                {(wiring) => (
                  <div className="flex items-center gap-2">
                    <input
                      type="color"
                      aria-label="Pick the assistant colour"
                      value={colour.toLowerCase()}
                      onChange={(event) => setValue("botColor", event.target.value, { shouldDirty: true, shouldValidate: true })}
                      className="focus-ring h-10 w-12 shrink-0 cursor-pointer rounded-lg border border-border-strong/60 bg-surface p-1"
                    />
                    <Input {...wiring} {...field("botColor")} maxLength={7} spellCheck={false} className="font-mono" />
                  </div>
                )}
              </FormField>
            </div>
            {/* As the chat and the widget show it: the name in the colour where it reads as text, the launcher's label in black or white. */}
            <div role="group" className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border border-border bg-surface px-4 py-3" aria-label="Preview of the chat header and the widget&apos;s button">
              <span className="flex min-w-0 items-center gap-2">
                <span aria-hidden="true" className="size-3 shrink-0 rounded-full" style={{ backgroundColor: colour }} />
                <span
                  className={textColourOnLight(colour) ? "truncate font-semibold text-(--bot-color) dark:text-fg" : "truncate font-semibold text-fg"}
                  style={{ "--bot-color": colour } as CSSProperties}
                >
                  {shownName}
                </span>
              </span>
              <span className="rounded-full px-3 py-1.5 text-sm font-medium shadow-sm" style={{ backgroundColor: colour, color: readableTextOn(colour) }}>
                Chat with {shownName}
              </span>
            </div>
            <FormField label="Greeting" hint="Opens every new conversation." error={errors.greeting?.message} required>
              <Textarea {...field("greeting")} rows={2} maxLength={BUSINESS_LIMITS.greeting} />
            </FormField>
            <FormField
              label="Instructions"
              hint="Added to the assistant's system prompt: tone, what to recommend, what to avoid."
              error={errors.instructions?.message}
            >
              <Textarea {...field("instructions")} rows={5} maxLength={BUSINESS_LIMITS.instructions} />
            </FormField>
            {catalog.offered.length === 0 ? (
              <div className="space-y-1.5" data-testid="model-none">
                <p className="text-sm font-medium text-fg">Model</p>
                <p className="text-sm text-fg-muted">
                  The built-in assistant answers: no model provider is configured on this server. Your operator offers OpenAI or Anthropic models by setting their API key.
                </p>
              </div>
            ) : (
              <div className="grid gap-5 sm:grid-cols-2">
                <FormField label="Provider" hint="The model services your operator has configured.">
                  <Select
                    value={selectedModel.provider}
                    onChange={(event) => {
                      // The first model the list below will show for that provider, so the form and the list agree.
                      const first = catalog.choices.find((choice) => choice.provider === event.target.value);
                      if (first) setValue("model", first.id, { shouldDirty: true, shouldValidate: true });
                    }}
                  >
                    {catalog.providers.map((provider) => (
                      <option key={provider} value={provider} disabled={!catalog.configured.has(provider)}>
                        {PROVIDER_LABELS[provider]}
                        {catalog.configured.has(provider) ? "" : " (not configured)"}
                      </option>
                    ))}
                  </Select>
                </FormField>
                <FormField label="Model" hint="The models your operator allows, each with a known price." error={errors.model?.message} required>
                  <Select {...field("model")} className="font-mono">
                    {catalog.choices
                      .filter((choice) => choice.provider === selectedModel.provider)
                      .map((choice) => (
                        <option key={choice.id} value={choice.id}>
                          {choice.model}
                          {choice.id === catalog.stale ? " (no longer offered)" : ""}
                        </option>
                      ))}
                  </Select>
                </FormField>
              </div>
            )}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Credits</CardTitle>
            <CardDescription>What a message costs and what new users start with. Existing balances are not changed.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-5 sm:grid-cols-2">
            <FormField
              label="Message cost"
              hint={
                policy.minMessageCost === 0
                  ? "Credits charged for each message to the assistant; 0 makes chat free."
                  : `Credits charged for each message to the assistant; at least ${formatCount(policy.minMessageCost)}.`
              }
              error={errors.messageCost?.message}
              required
            >
              <Input type="number" inputMode="numeric" min={policy.minMessageCost} step={1} {...field("messageCost", number)} />
            </FormField>
            <FormField
              label="Initial credits"
              hint={`Credits each new user receives; at most ${formatCount(policy.maxInitialCredits)}.`}
              error={errors.initialCredits?.message}
              required
            >
              <Input type="number" inputMode="numeric" min={0} max={policy.maxInitialCredits} step={1} {...field("initialCredits", number)} />
            </FormField>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Widget &amp; end users</CardTitle>
            <CardDescription>
              How the chat widget on your website and your server&apos;s API calls treat the people they speak for. Their messages are paid
              from the business wallet.
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-5">
            <div className="grid gap-5 sm:grid-cols-3">
              <FormField label="Widget icon" hint="One emoji or up to two letters on the launcher. Empty: the assistant's initial." error={errors.botIcon?.message}>
                <Input {...field("botIcon")} maxLength={BUSINESS_LIMITS.botIcon.codeUnits} autoComplete="off" spellCheck={false} />
              </FormField>
              <FormField
                label="Session timeout (minutes)"
                hint={`A conversation ends after this long without a message; 1 to ${formatCount(BUSINESS_LIMITS.sessionTimeoutMinutes.max)}.`}
                error={errors.sessionTimeoutMinutes?.message}
                required
              >
                <Input
                  type="number"
                  inputMode="numeric"
                  min={BUSINESS_LIMITS.sessionTimeoutMinutes.min}
                  max={BUSINESS_LIMITS.sessionTimeoutMinutes.max}
                  step={1}
                  {...field("sessionTimeoutMinutes", number)}
                />
              </FormField>
              <FormField
                label="Daily messages per end user"
                hint={`At most ${formatCount(BUSINESS_LIMITS.endUserDailyMessages)}; 0 stops end users from chatting.`}
                error={errors.endUserDailyMessages?.message}
                required
              >
                <Input
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={BUSINESS_LIMITS.endUserDailyMessages}
                  step={1}
                  {...field("endUserDailyMessages", number)}
                />
              </FormField>
            </div>
            <div className="space-y-1">
              <label className="flex items-start gap-2 text-sm font-medium text-fg">
                <input type="checkbox" className="focus-ring mt-0.5 size-4 accent-accent" aria-describedby={verifiedHintId} {...field("requireVerifiedIdentity")} />
                Require verified identity
              </label>
              <p id={verifiedHintId} className="pl-6 text-xs text-fg-muted">
                A visitor the page names (identify) must come with a valid userHash (below), or the chat refuses them; visitors the page
                does not name still chat anonymously. Left off, a name without a userHash is taken at its word: anyone who sends the
                same identifier reads and continues that visitor&rsquo;s conversations. Turn it on once your page sends userHash.
              </p>
              {errors.requireVerifiedIdentity?.message ? (
                <p role="alert" className="pl-6 text-sm font-medium text-danger-fg">
                  {errors.requireVerifiedIdentity.message}
                </p>
              ) : null}
            </div>
            <IdentitySecretPanel />
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Chat files</CardTitle>
            <CardDescription>The CSV, TSV and JSON files people attach to conversations, and every record in them.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-5 sm:grid-cols-2">
            <FormField
              label="Keep chat files for (days)"
              hint={`A file and its records are deleted this many days after it was attached; 1 to ${formatCount(BUSINESS_LIMITS.fileRetentionDays.max)}. Deleting a conversation deletes its files at once.`}
              error={errors.fileRetentionDays?.message}
              required
            >
              <Input
                type="number"
                inputMode="numeric"
                min={BUSINESS_LIMITS.fileRetentionDays.min}
                max={BUSINESS_LIMITS.fileRetentionDays.max}
                step={1}
                {...field("fileRetentionDays", number)}
              />
            </FormField>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Search synonyms</CardTitle>
            <CardDescription>
              Words your customers use for your products. The assistant already knows common ones (couch and sofa, screen and monitor,
              trainers and sneakers…); add your own here.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <FormField
              label="Synonym groups"
              hint={`One group per line, words or phrases separated by commas — for example “chesterfield, sofa”. Up to ${BUSINESS_LIMITS.synonyms.groups} lines.`}
              error={errors.synonyms?.message}
            >
              <Textarea rows={5} spellCheck={false} placeholder={"chesterfield, sofa\nhoodie, hooded sweatshirt"} {...field("synonyms")} />
            </FormField>
          </CardContent>
        </Card>

        <FormError message={errors.root?.message} />
        <div className="flex items-center justify-end gap-3">
          <Button type="button" variant="secondary" disabled={!isDirty || isSubmitting} onClick={() => reset(toForm(business))}>
            Discard changes
          </Button>
          {/* Like the storefront's Save: nothing to save until something is changed. */}
          <Button type="submit" loading={isSubmitting} disabled={!isDirty}>
            Save settings
          </Button>
        </div>
      </InteractiveFieldset>
    </form>
  );
}
