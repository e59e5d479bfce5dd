import { z } from "zod";
import type { ChangeRequestKind } from "@/server/contracts/change-kinds";

export const DAG_PROMOTION_KIND = "dag_promotion" satisfies ChangeRequestKind;

/** The payload of a `dag_promotion` change request: which node goes online at which version. */
export const DagPromotionPayloadSchema = z.object({ app: z.string(), node: z.string(), version: z.string() });
export type DagPromotionPayload = z.infer<typeof DagPromotionPayloadSchema>;
