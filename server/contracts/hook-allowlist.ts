import { z } from "zod";

/** An allow-listed URL the console may call (trigger hooks, alert webhooks). Never its secret. */
export const HookEndpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type HookEndpoint = z.infer<typeof HookEndpointSchema>;

export const CreateHookEndpointSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: "Enter an http(s) URL" }).max(2000),
  description: z.string().trim().max(500).default(""),
});
export type CreateHookEndpointInput = z.input<typeof CreateHookEndpointSchema>;

/** The only response that carries the signing secret: the receiver verifies X-Scoring-Signature with it. */
export const CreatedHookEndpointSchema = z.object({ endpoint: HookEndpointSchema, secret: z.string() });
