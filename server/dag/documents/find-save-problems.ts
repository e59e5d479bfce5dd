import type { Db, Tx } from "@/db";
import type { DagDocument } from "@/server/contracts/dag";
import type { DagSaveProblem } from "@/server/contracts/dag-save";
import { allowedUrls } from "../allowlist/find-hook-endpoint";
import { validateDag } from "../graph/validate-dag";

/**
 * Everything a save is refused for, at once, so the editor can mark every offending node:
 * the graph rules, and hook or alert URLs an admin has not put on the allow-list.
 */
export async function findSaveProblems(db: Db | Tx, document: DagDocument, alertWebhookUrl: string | null): Promise<DagSaveProblem[]> {
  const problems: DagSaveProblem[] = validateDag(document);
  const triggers = document.nodes.filter((n) => n.kind === "trigger" && n.trigger);
  const urls = [...triggers.map((n) => n.trigger!.hookUrl), ...(alertWebhookUrl ? [alertWebhookUrl] : [])];
  const allowed = await allowedUrls(db, urls);
  for (const node of triggers) {
    const url = node.trigger!.hookUrl;
    if (!allowed.has(url)) {
      problems.push({
        code: "hook_not_allowed",
        message: `${node.key}: ${url} is not on the hook allow-list (an admin adds it under Admin)`,
        nodeIds: [node.id],
        edgeIds: [],
      });
    }
  }
  if (alertWebhookUrl && !allowed.has(alertWebhookUrl)) {
    problems.push({ code: "hook_not_allowed", message: `The alert webhook ${alertWebhookUrl} is not on the hook allow-list`, nodeIds: [], edgeIds: [] });
  }
  return problems;
}
