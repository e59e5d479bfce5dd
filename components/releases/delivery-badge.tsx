import { Badge } from "@/components/ui/badge";
import type { Release } from "@/server/contracts/releases";

/** Where a release is on its way to the config center. */
export function DeliveryBadge({ delivery }: { delivery: Release["delivery"] }) {
  if (delivery.skipped) return <Badge tone="slate">skipped</Badge>;
  if (delivery.state === "delivered") return <Badge tone="green">delivered</Badge>;
  if (delivery.state === "failed") return <Badge tone="red">failed</Badge>;
  if (delivery.state === "verifying") return <Badge tone="indigo">held</Badge>;
  return <Badge tone="amber">{delivery.reason ? "retrying" : "pending"}</Badge>;
}
