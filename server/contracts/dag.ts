import { z } from "zod";
import { DAG_NODE_KINDS, nodeKindSpec, SETTINGS_OWNERS } from "./dag-node-kinds";

/**
 * The version DAG of one app (docs/dag.md), as the editor saves it and the engine
 * reads it. Shape only: graph rules (cycles, which kinds may connect) are checked by
 * server/dag/graph/validate-dag.ts, which reports every problem at once for the editor.
 * What each node kind is (handles, settings, edge rules) is declared in ./dag-node-kinds.
 */

export { DAG_NODE_KINDS };
export const DagNodeKindSchema = z.enum(DAG_NODE_KINDS);
export type DagNodeKind = z.infer<typeof DagNodeKindSchema>;

export const DagNodeKeySchema = z
  .string()
  .min(1, "Enter a key")
  .max(128, "At most 128 characters")
  .regex(/^[a-z0-9_]+$/, "Lower-case letters, digits and _ only");

/** Integers (`7`, `20240105`) or date-stamps (`2024-01-05`); ordered by compareVersions. */
export const DagVersionSchema = z
  .string()
  .min(1, "Enter a version")
  .max(128, "At most 128 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:+-]*$/, "Letters, digits and . _ : + - only, starting with a letter or digit");

export const TriggerSettingsSchema = z.object({
  hookUrl: z.url({ protocol: /^https?$/, error: "Enter an http(s) URL" }),
  method: z.enum(["POST", "PUT"]),
  headers: z.record(z.string(), z.string()).default({}),
  timeoutSeconds: z.number().int().min(1).max(3600),
  retries: z.number().int().min(0).max(20),
  requiresApproval: z.boolean(),
});
export type TriggerSettings = z.infer<typeof TriggerSettingsSchema>;

/**
 * What an output node writes to the config center (each write is one release):
 * - `own_key`: the node's own key at the newest online version of its inputs (the name
 *   `{version:KEY}` and solution model versions use);
 * - `predecessor_keys`: each input's key at that input's online version;
 * - `both`: the two together.
 */
export const OUTPUT_WRITES = ["own_key", "predecessor_keys", "both"] as const;
export const OutputWritesSchema = z.enum(OUTPUT_WRITES, { error: "Choose what the output node writes" });
export type OutputWrites = z.infer<typeof OutputWritesSchema>;

// Documents saved before the choice existed hold `writes: "versions"`, which meant `own_key`:
// they stay valid as they are (no migration), read as the behaviour they always had.
const LEGACY_WRITES: Record<string, OutputWrites> = { versions: "own_key" } satisfies Record<LegacyOutputWrites, OutputWrites>;

export const OutputSettingsSchema = z.object({
  writes: z.preprocess((value) => (typeof value === "string" ? (LEGACY_WRITES[value] ?? value) : value), OutputWritesSchema),
});
export type OutputSettings = z.infer<typeof OutputSettingsSchema>;

/**
 * What an output node writes, from its settings as stored (stored documents are not re-parsed
 * on read, so they may still hold the legacy value): missing or unreadable means `own_key`.
 */
export function outputWritesOf(settings: unknown): OutputWrites {
  const parsed = OutputSettingsSchema.safeParse(settings);
  return parsed.success ? parsed.data.writes : "own_key";
}

const PositionSchema = z.object({ x: z.number(), y: z.number() });
export type DagPosition = z.infer<typeof PositionSchema>;

const SecondsSchema = z.number().int().positive();

export const DagNodeSchema = z
  .object({
    id: z.string().min(1),
    key: DagNodeKeySchema,
    kind: DagNodeKindSchema,
    description: z.string().max(500).optional(),
    position: PositionSchema,
    staleAfterSeconds: SecondsSchema.optional(),
    expiresAfterSeconds: SecondsSchema.optional(),
    trigger: TriggerSettingsSchema.optional(),
    output: OutputSettingsSchema.optional(),
  })
  .superRefine((node, ctx) => {
    // Each settings object belongs to one kind: required on it when its kind says so, refused elsewhere.
    for (const { field, kind } of SETTINGS_OWNERS) {
      const settings = nodeKindSpec(kind).settings!;
      if (node.kind === kind && settings.required && !node[field]) {
        ctx.addIssue({ code: "custom", path: [field], message: settings.missingMessage });
      }
      if (node.kind !== kind && node[field]) {
        ctx.addIssue({ code: "custom", path: [field], message: settings.foreignMessage });
      }
    }
  });
/**
 * A node as stored and read back. Stored documents are not re-parsed on read, so one saved
 * before the output choice existed still says `writes: "versions"`: the type admits it, and
 * readers go through outputWritesOf. (Parsing maps it, so a save never stores it again.)
 */
export type DagNode = Omit<z.infer<typeof DagNodeSchema>, "output"> & { output?: { writes: OutputWrites | LegacyOutputWrites } };
export type LegacyOutputWrites = "versions";

export const DagEdgeSchema = z.object({ id: z.string().min(1), source: z.string().min(1), target: z.string().min(1) });
export type DagEdge = z.infer<typeof DagEdgeSchema>;

/** How many nodes and edges a DAG may have is a cap (CAPS in ./limits), refused with 422 on save. */
export const DagDocumentSchema = z.object({
  nodes: z.array(DagNodeSchema),
  edges: z.array(DagEdgeSchema),
});
export type DagDocument = { nodes: DagNode[]; edges: DagEdge[] };
export type DagDocumentInput = z.input<typeof DagDocumentSchema>;

export const DAG_PROBLEM_CODES = [
  "cycle",
  "self_loop",
  "duplicate_edge",
  "unknown_node",
  "duplicate_node_id",
  "duplicate_key",
  "data_with_predecessor",
  "output_with_successor",
  "trigger_without_predecessor",
] as const;

export const DagProblemSchema = z.object({
  code: z.enum(DAG_PROBLEM_CODES),
  message: z.string(),
  nodeIds: z.array(z.string()),
  edgeIds: z.array(z.string()),
});
export type DagProblem = z.infer<typeof DagProblemSchema>;

/**
 * Where a node is in its update cycle (server/dag/graph/README.md draws the transitions).
 * `confirmed`: the hook confirmed the ready version; promotion (or an approval request) is next.
 */
export const DAG_NODE_PHASES = [
  "idle",
  "waiting_predecessors",
  "hook_pending",
  "hook_called",
  "waiting_confirmation",
  "confirmed",
  "waiting_approval",
  "failed",
] as const;
export const DagNodePhaseSchema = z.enum(DAG_NODE_PHASES);
export type DagNodePhase = z.infer<typeof DagNodePhaseSchema>;

/**
 * An output node held by a rollback that rolled its version keys back (docs/dag.md, *Holds*):
 * the engine writes nothing for it until a person resumes it. DAG versions only move forward,
 * so without the hold it would publish its inputs' newer versions over the rollback.
 */
export const OutputHoldSchema = z.object({
  /** The keys it writes, as the rollback release set them (a key absent there is absent here). */
  versions: z.record(z.string(), z.string()),
  releaseId: z.string(),
  /** The rollback release's number in the app (`#8`) and the release whose content it restored. */
  releaseSeq: z.number(),
  rollbackOfSeq: z.number().nullable(),
  since: z.string(),
  by: z.string(),
});
export type OutputHold = z.infer<typeof OutputHoldSchema>;

export const DagNodeStateSchema = z.object({
  key: DagNodeKeySchema,
  kind: DagNodeKindSchema,
  online: z.string().nullable(),
  ready: z.string().nullable(),
  /** ISO time the online version was set; what stale and expiry alerts measure from. */
  onlineSince: z.string().nullable(),
  /** Predecessor key -> the predecessor's online version the current ready version was built from. */
  consumed: z.record(z.string(), z.string().nullable()),
  phase: DagNodePhaseSchema,
  /** Predecessor keys this node waits for while in `waiting_predecessors`. */
  waitingFor: z.array(z.string()),
  /** Hook calls made for the current ready version. */
  attempts: z.number().int().min(0),
  approved: z.boolean(),
  /**
   * Why the node failed. `verification_failed` (output nodes): the release it wrote failed its
   * verification (docs/verification.md, *Releases without review*); the release and its report.
   */
  lastError: z
    .object({
      kind: z.enum(["hook_failed", "approval_rejected", "verification_failed"]),
      message: z.string(),
      releaseId: z.string().optional(),
      reportId: z.string().nullable().optional(),
      /** When it failed (ISO), what the verification_failed alert measures from. */
      at: z.string().optional(),
      /** verification_failed: the report's failed checks, to show as a list. */
      failures: z.array(z.object({ title: z.string(), reason: z.string().nullable() })).optional(),
    })
    .nullable(),
  /** Output nodes only: held by a rollback until resumed. Absent in states stored before holds existed. */
  hold: OutputHoldSchema.nullable().optional(),
});
export type DagNodeState = z.infer<typeof DagNodeStateSchema>;
