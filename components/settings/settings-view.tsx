"use client";

import dynamic from "next/dynamic";
import { ErrorState, Skeleton, SkeletonList } from "@/components/ui";
import { useBusiness } from "@/hooks/use-business";
import { errorMessage } from "@/lib/api-client";
import { SettingsForm } from "./settings-form";
import { StorefrontSection } from "./storefront-section";

// The API keys close the page, below the fold on any screen: their list, badges and dialogs are
// rendered in the browser once the page is up, not carried in its first load.
const ApiKeysSection = dynamic(() => import("./api-keys-section").then((module) => module.ApiKeysSection), {
  ssr: false,
  loading: () => <SkeletonList label="Loading API keys" count={1} itemClassName="h-64" />,
});

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
