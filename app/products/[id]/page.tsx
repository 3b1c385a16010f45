import type { Metadata } from "next";
import { ProductDetailView } from "@/components/products/product-detail-view";
import { RoleGuard } from "@/components/products/staff-guard";

export const metadata: Metadata = { title: "Product" };

export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <RoleGuard roles={["admin", "editor", "approver"]}>
      <ProductDetailView productId={id} />
    </RoleGuard>
  );
}
