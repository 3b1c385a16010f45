"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button, Card, CardContent } from "@/components/ui";
import { useCreateProduct } from "@/hooks/use-product-changes";
import { toast } from "@/lib/toast";
import { ProductForm } from "./product-form";

export function NewProductView() {
  const router = useRouter();
  const create = useCreateProduct();

  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <div>
        <Link href="/products" className="focus-ring rounded text-sm text-accent hover:underline">
          ← Products
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-fg">New product</h1>
      </div>
      <Card>
        <CardContent className="pt-5">
          <ProductForm
            onSubmit={async (values, intent) => {
              const product = await create.mutateAsync({
                ...values,
                status: intent === "submit" ? "pending_approval" : "draft",
              });
              toast.success(intent === "submit" ? "Product submitted for approval" : "Draft saved");
              router.push(`/products/${product.id}`);
            }}
            actions={({ submitting }) => (
              <>
                <Button type="submit" name="intent" value="save" variant="secondary" disabled={submitting}>
                  Save
                </Button>
                <Button type="submit" name="intent" value="submit" disabled={submitting}>
                  Submit for approval
                </Button>
              </>
            )}
          />
        </CardContent>
      </Card>
    </div>
  );
}
