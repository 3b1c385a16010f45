import type { Metadata } from "next";
import { RoleGuard } from "@/components/auth/role-guard";
import { NewProductView } from "@/components/products/new-product-view";

export const metadata: Metadata = { title: "New product" };

export default function NewProductPage() {
  return (
    <RoleGuard>
      <NewProductView />
    </RoleGuard>
  );
}
