import type { Db } from "@/db";
import { SYSTEM } from "@/server/auth/actor";
import { DEMO_ONLINE_VERSIONS } from "@/server/feature-tables/seed-feature-tables-demo";
import { requestRelease } from "@/server/releases/request-release";
import { exportSolutions } from "@/server/solutions/export-solutions";

/** The model versions the dev model server loads for the demo (server/dev-model-server/demo-models.ts). */
const DEMO_MODEL_VERSIONS = { favpush_lr_v1: "20200116", favpush_dnn_v1: "20200116" };

/**
 * The demo's first release of favpush: the seeded solutions and the versions their templates and
 * models name, so trial scoring of the published config works the moment the console starts.
 * Published like any machine change (automatic), through the outbox, to the configured center.
 */
export async function seedDemoRelease(db: Db): Promise<void> {
  await requestRelease(db, {
    actor: SYSTEM,
    app: "favpush",
    comment: "Demo data: the articles' two solutions and the versions the demo tables and models hold",
    change: { document: await exportSolutions(db, "favpush"), versions: { ...DEMO_ONLINE_VERSIONS, ...DEMO_MODEL_VERSIONS } },
    automatic: true,
  });
}
