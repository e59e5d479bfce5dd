import { and, eq, gt, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { dagDocuments, dagOutputWrites, releases } from "@/db/schema";
import { getApp } from "@/server/apps/get-app";
import type { RollbackPreview } from "@/server/contracts/releases";
import { nodeBehaviour } from "@/server/dag/node-kinds";
import { notFound } from "@/server/errors";
import { diffContent } from "@/sdk/src/core/releases/release-diff";
import { buildReleaseContent } from "./build-release-content";
import { getLatestContent } from "./get-latest-content";
import { getLiveRelease } from "./get-live-release";
import type { StoredChange } from "./release-content";

export interface RollbackPlan {
  target: { id: string; seq: number };
  change: StoredChange;
  /** Output nodes to hold when the release is created. */
  holds: string[];
  preview: RollbackPreview;
}

/**
 * What a rollback to `releaseId` does (docs/config-center.md, *Rollback*): the target's document
 * and versions, except version keys the version DAG wrote since the target (or writes at all),
 * which keep their live values unless `rollBackDagKeys`; then the output nodes writing the keys
 * that change are held. The kept keys are named in the change (`keepVersions`) and read from the
 * latest release when the release is created, so a DAG write between request and approval is
 * kept too. The preview's diff is from live (the latest delivered release) to the result.
 */
export async function planRollback(db: Db | Tx, opts: { app: string; releaseId: string; rollBackDagKeys: boolean }): Promise<RollbackPlan> {
  const app = await getApp(db, opts.app);
  const [target] = await db
    .select()
    .from(releases)
    .where(and(eq(releases.app, app.name), eq(releases.id, opts.releaseId)))
    .limit(1);
  if (!target) throw notFound(`${app.name} has no such release.`, { releaseId: opts.releaseId });

  // Which nodes write which key: the keys of writes delivered in releases after the target,
  // and the keys the DAG's output nodes write now.
  const writersOf = new Map<string, Set<string>>();
  const add = (key: string, node: string) => writersOf.set(key, (writersOf.get(key) ?? new Set()).add(node));
  const later = await db.select({ id: releases.id }).from(releases).where(and(eq(releases.app, app.name), gt(releases.seq, target.seq)));
  if (later.length > 0) {
    const writes = await db
      .select({ nodeKey: dagOutputWrites.nodeKey, versions: dagOutputWrites.versions })
      .from(dagOutputWrites)
      .where(and(eq(dagOutputWrites.app, app.name), inArray(dagOutputWrites.releaseId, later.map((r) => r.id))));
    for (const w of writes) for (const key of Object.keys(w.versions)) add(key, w.nodeKey);
  }
  const [dag] = await db.select({ document: dagDocuments.document }).from(dagDocuments).where(eq(dagDocuments.app, app.name)).limit(1);
  const outputNodes = new Set<string>();
  for (const node of dag?.document.nodes ?? []) {
    const behaviour = nodeBehaviour(node.kind);
    if (!behaviour.writesOutput) continue;
    outputNodes.add(node.key);
    const inputs = dag!.document.edges.filter((e) => e.target === node.id).map((e) => dag!.document.nodes.find((n) => n.id === e.source)?.key);
    for (const key of behaviour.writtenKeys(node, inputs.filter((k): k is string => Boolean(k)))) add(key, node.key);
  }

  const latest = await getLatestContent(db, app.name);
  const dagKeys = [...writersOf.keys()]
    .sort()
    .map((key) => ({ key, live: latest?.versions[key] ?? null, target: target.versions[key] ?? null, nodes: [...writersOf.get(key)!].sort() }))
    .filter((k) => k.live !== k.target);
  const holds = opts.rollBackDagKeys ? [...new Set(dagKeys.flatMap((k) => k.nodes))].filter((n) => outputNodes.has(n)).sort() : [];
  const change: StoredChange = {
    document: target.document,
    versions: target.versions,
    replaceVersions: true,
    ...(opts.rollBackDagKeys ? {} : { keepVersions: [...writersOf.keys()].sort() }),
  };
  const after = buildReleaseContent(app, latest, change, { appBlock: "live" });
  const live = await getLiveRelease(db, app.name);
  const before = live ? { document: live.document, versions: live.versions } : null;
  return {
    target: { id: target.id, seq: target.seq },
    change,
    holds,
    preview: {
      target: { id: target.id, seq: target.seq },
      live: live ? { id: live.id, seq: live.seq } : null,
      rollBackDagKeys: opts.rollBackDagKeys,
      before,
      after,
      diff: diffContent(before, after),
      dagKeys,
      holds,
    },
  };
}
