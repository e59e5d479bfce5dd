import { dagHookEndpoints } from "@/db/schema";
import type { Db, Tx } from "@/db";
import type { DagDocument, DagNode } from "@/server/contracts/dag";
import { hasMaskedCredentials, maskUrlCredentials, SECRET_MASK } from "@/server/contracts/dag-secrets";
import type { DagSaveProblem } from "@/server/contracts/dag-save";
import { unprocessable } from "@/server/errors";

/**
 * Puts the stored secrets back into a DAG the browser sent (it only ever saw them masked):
 * a header value sent as SECRET_MASK keeps the node's stored value (same node id, else same
 * key); a hook URL with masked credentials is the stored one it masks to, else the allow-listed
 * URL it masks to (a URL chosen from the allow-list, which is shown masked too). Anything else
 * sent is a new value and replaces the stored one. 422 when a masked value has nothing to keep.
 */
export async function keepDagSecrets(
  db: Db | Tx,
  opts: { document: DagDocument; alertWebhookUrl: string | null; stored: { document: DagDocument; alertWebhookUrl: string | null } | null },
): Promise<{ document: DagDocument; alertWebhookUrl: string | null }> {
  const { document, stored } = opts;
  const needsAllowList = document.nodes.some((n) => n.trigger && hasMaskedCredentials(n.trigger.hookUrl)) || (opts.alertWebhookUrl !== null && hasMaskedCredentials(opts.alertWebhookUrl));
  const allowed = needsAllowList ? (await db.select({ url: dagHookEndpoints.url }).from(dagHookEndpoints)).map((r) => r.url) : [];
  const problems: DagSaveProblem[] = [];
  const problem = (message: string, node?: DagNode) => problems.push({ code: "masked_secret", message, nodeIds: node ? [node.id] : [], edgeIds: [] });
  const resolveUrl = (url: string, previous: string | null | undefined, what: string, node?: DagNode): string => {
    if (!hasMaskedCredentials(url)) return url;
    if (previous && maskUrlCredentials(previous) === url) return previous;
    const matches = allowed.filter((candidate) => maskUrlCredentials(candidate) === url);
    if (matches.length === 1) return matches[0]!;
    problem(matches.length === 0 ? `${what}: ${url} is not on the hook allow-list` : `${what}: ${url} matches ${matches.length} allow-listed URLs; choose it again`, node);
    return url;
  };

  const storedNodes = stored?.document.nodes ?? [];
  const nodes = document.nodes.map((node): DagNode => {
    if (!node.trigger) return node;
    const previous = (storedNodes.find((n) => n.id === node.id) ?? storedNodes.find((n) => n.key === node.key))?.trigger;
    const headers = Object.fromEntries(
      Object.entries(node.trigger.headers ?? {}).map(([name, value]) => {
        if (value !== SECRET_MASK) return [name, value];
        const kept = previous ? storedHeader(previous.headers ?? {}, name) : undefined;
        if (kept === undefined) problem(`${node.key}: header ${name} has no stored value to keep; enter its value`, node);
        return [name, kept ?? value];
      }),
    );
    return { ...node, trigger: { ...node.trigger, headers, hookUrl: resolveUrl(node.trigger.hookUrl, previous?.hookUrl, node.key, node) } };
  });
  const alertWebhookUrl = opts.alertWebhookUrl === null ? null : resolveUrl(opts.alertWebhookUrl, stored?.alertWebhookUrl, "The alert webhook");
  if (problems.length > 0) throw unprocessable(`The DAG was not saved: ${problems.map((p) => p.message).join("; ")}.`, { problems });
  return { document: { ...document, nodes }, alertWebhookUrl };
}

/** Header names are case-insensitive: `authorization` keeps what `Authorization` held. */
function storedHeader(headers: Record<string, string>, name: string): string | undefined {
  if (name in headers) return headers[name];
  const lower = name.toLowerCase();
  return Object.entries(headers).find(([n]) => n.toLowerCase() === lower)?.[1];
}
