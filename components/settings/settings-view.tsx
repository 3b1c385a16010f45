"use client";

import dynamic from "next/dynamic";
import { Suspense } from "react";
import { ErrorBoundary, type FallbackProps } from "react-error-boundary";
import { ErrorState, Skeleton, SkeletonList } from "@/components/ui";
import { useBusiness, type BusinessView } from "@/hooks/use-business";
import { errorMessage } from "@/lib/api-client";
import { lazyModule, UNREACHABLE_MESSAGE } from "@/lib/lazy-module";

// The forms are server-rendered with the business's data, so they are on the first paint, but their
// code (and react-hook-form with it) is not in the page's first load: React hydrates the rest of the
// page, keeps the forms' server HTML, and hydrates them when their chunk arrives (a module read with
// `use()` under Suspense, which Next does not preload as it does what next/dynamic loads). Until then
// their fields are disabled (InteractiveFieldset), so nothing typed is lost. A download that fails
// shows an error with Retry in their place, and Retry downloads again.
const forms = lazyModule(() =>
  Promise.all([import("./settings-form"), import("./storefront-section")]).then(([settings, storefront]) => ({
    SettingsForm: settings.SettingsForm,
    StorefrontSection: storefront.StorefrontSection,
  })),
);

function Forms({ business }: { business: BusinessView }) {
  const { SettingsForm, StorefrontSection } = forms.use();
  return (
    <>
      <SettingsForm business={business} />
      <StorefrontSection business={business} />
    </>
  );
}

function FormsUnavailable({ resetErrorBoundary }: FallbackProps) {
  const retry = () => {
    forms.preload().catch(() => undefined);
    resetErrorBoundary();
  };
  return <ErrorState title="The settings could not be loaded" message={UNREACHABLE_MESSAGE} onRetry={retry} />;
}

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
        <ErrorBoundary FallbackComponent={FormsUnavailable}>
          <Suspense fallback={<SettingsSkeleton />}>
            <Forms business={business.data} />
          </Suspense>
        </ErrorBoundary>
      )}
      <ApiKeysSection />
    </div>
  );
}
