import type { Db, Tx } from "@/db";
import type { DagDocument } from "@/server/contracts/dag";
import type { DagSaveProblem } from "@/server/contracts/dag-save";
import { maskUrlCredentials } from "@/server/contracts/dag-secrets";
import { allowedUrls } from "../allowlist/find-hook-endpoint";
import { validateDag } from "../graph/validate-dag";
import { nodeBehaviour } from "../node-kinds";

/**
 * Everything a save is refused for, at once, so the editor can mark every offending node:
 * the graph rules, and hook or alert URLs an admin has not put on the allow-list.
 */
export async function findSaveProblems(db: Db | Tx, document: DagDocument, alertWebhookUrl: string | null): Promise<DagSaveProblem[]> {
  const problems: DagSaveProblem[] = validateDag(document);
  const calls = document.nodes.flatMap((node) => nodeBehaviour(node.kind).hookUrls(node).map((url) => ({ node, url })));
  const urls = [...calls.map((c) => c.url), ...(alertWebhookUrl ? [alertWebhookUrl] : [])];
  const allowed = await allowedUrls(db, urls);
  for (const { node, url } of calls) {
    if (!allowed.has(url)) {
      problems.push({
        code: "hook_not_allowed",
        message: `${node.key}: ${maskUrlCredentials(url)} is not on the hook allow-list (an admin adds it under Admin)`,
        nodeIds: [node.id],
        edgeIds: [],
      });
    }
  }
  if (alertWebhookUrl && !allowed.has(alertWebhookUrl)) {
    problems.push({ code: "hook_not_allowed", message: `The alert webhook ${maskUrlCredentials(alertWebhookUrl)} is not on the hook allow-list`, nodeIds: [], edgeIds: [] });
  }
  return problems;
}
