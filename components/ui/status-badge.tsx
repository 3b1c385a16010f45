import type { ProductStatus } from "@/db/schema";
import { Badge, type BadgeProps, type BadgeTone } from "./badge";

export const productStatusLabels: Record<ProductStatus, string> = {
  draft: "Draft",
  pending_approval: "Pending approval",
  approved: "Approved",
  rejected: "Rejected",
};

export const productStatusTones: Record<ProductStatus, BadgeTone> = {
  draft: "neutral",
  pending_approval: "warning",
  approved: "success",
  rejected: "danger",
};

export interface StatusBadgeProps extends Omit<BadgeProps, "tone" | "children"> {
  status: ProductStatus;
}

export function StatusBadge({ status, ...props }: StatusBadgeProps) {
  return (
    <Badge tone={productStatusTones[status]} data-status={status} {...props}>
      {productStatusLabels[status]}
    </Badge>
  );
}
