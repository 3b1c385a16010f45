import type { Metadata } from "next";
import { Suspense } from "react";
import { RoleGuard } from "@/components/auth/role-guard";
import { ProductsView } from "@/components/products/products-view";

export const metadata: Metadata = { title: "Products" };

export default function ProductsPage() {
  return (
    <RoleGuard>
      <Suspense>
        <ProductsView />
      </Suspense>
    </RoleGuard>
  );
}
