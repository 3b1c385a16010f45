import type { Metadata } from "next";
import { RoleGuard } from "@/components/auth/role-guard";
import { ProductDetailView } from "@/components/products/product-detail-view";

export const metadata: Metadata = { title: "Product" };

export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <RoleGuard>
      <ProductDetailView productId={id} />
    </RoleGuard>
  );
}
