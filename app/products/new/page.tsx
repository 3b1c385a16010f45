import type { Metadata } from "next";
import { NewProductView } from "@/components/products/new-product-view";
import { RoleGuard } from "@/components/products/staff-guard";

export const metadata: Metadata = { title: "New product" };

export default function NewProductPage() {
  return (
    <RoleGuard roles={["admin", "editor"]}>
      <NewProductView />
    </RoleGuard>
  );
}
