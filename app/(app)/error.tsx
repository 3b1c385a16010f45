"use client";

import { PageError, type PageErrorProps } from "@/components/layout/page-error";

export default function RouteError(props: PageErrorProps) {
  return <PageError {...props} />;
}
