"use client";

import { ErrorState, Skeleton } from "@/components/ui";
import { useBusiness } from "@/hooks/use-business";
import { errorMessage } from "@/lib/api-client";
import { ApiKeysSection } from "./api-keys-section";
import { SettingsForm } from "./settings-form";
import { StorefrontSection } from "./storefront-section";

export function SettingsView() {
  const business = useBusiness();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight text-fg">Settings</h1>
        <p className="text-sm text-fg-muted">The assistant, the credit policy, the storefront, the chat widget and the API keys of your business.</p>
      </header>
      {business.isPending ? (
        <div className="space-y-6" role="status" aria-busy="true" aria-label="Loading settings">
          <Skeleton className="h-32" />
          <Skeleton className="h-96" />
          <Skeleton className="h-40" />
        </div>
      ) : business.isError ? (
        <ErrorState message={errorMessage(business.error)} onRetry={() => void business.refetch()} retrying={business.isFetching} />
      ) : (
        <>
          <SettingsForm business={business.data} />
          <StorefrontSection business={business.data} />
        </>
      )}
      <ApiKeysSection />
    </div>
  );
}
