"use client";

import dynamic from "next/dynamic";
import { lazy, Suspense } from "react";
import { ErrorState, Skeleton, SkeletonList } from "@/components/ui";
import { useBusiness } from "@/hooks/use-business";
import { errorMessage } from "@/lib/api-client";

// The forms are server-rendered with the business's data, so they are on the first paint, but their
// code (and react-hook-form with it) is not in the page's first load: React hydrates the rest of the
// page, keeps the forms' server HTML, and hydrates them when their chunk arrives (a lazy component
// under Suspense). Until then their fields are disabled (InteractiveFieldset), so nothing typed is lost.
// next/dynamic would preload the chunk with the page instead.
const SettingsForm = lazy(() => import("./settings-form").then((module) => ({ default: module.SettingsForm })));
const StorefrontSection = lazy(() => import("./storefront-section").then((module) => ({ default: module.StorefrontSection })));

function SettingsSkeleton() {
  return (
    <div className="space-y-6" role="status" aria-busy="true" aria-label="Loading settings">
      <Skeleton className="h-32" />
      <Skeleton className="h-96" />
      <Skeleton className="h-40" />
    </div>
  );
}

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
        <SettingsSkeleton />
      ) : business.isError ? (
        <ErrorState message={errorMessage(business.error)} onRetry={() => void business.refetch()} retrying={business.isFetching} />
      ) : (
        <Suspense fallback={<SettingsSkeleton />}>
          <SettingsForm business={business.data} />
          <StorefrontSection business={business.data} />
        </Suspense>
      )}
      <ApiKeysSection />
    </div>
  );
}
