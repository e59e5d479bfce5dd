import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { fgPackages } from "@/db/schema";
import type { ReleaseContent } from "@/server/contracts/releases";
import type { Solution } from "@/server/contracts/solutions";
import type { VerificationCheck } from "@/server/contracts/verification";
import { getTemplateContext } from "@/server/feature-tables/get-template-context";
import { parseSolutionsDocument } from "@/server/solutions/parse-solutions-document";
import { checkTemplateInContext } from "@/sdk/src/core/template/check-template-in-context";
import { parseTemplate } from "@/sdk/src/core/template/parse-template";
import { fixLinks } from "./fix-links";
import { probeModels, resolveModelVersion, versionStateOn, type ModelProbe } from "./model-probes";

/**
 * The reference checks of a candidate release (docs/verification.md#what-is-verified), per
 * solution: the model is registered and its version AVAILABLE on every healthy registered
 * instance; the fg class@version is published; every `{version:KEY}` resolves in the candidate;
 * the templates parse and name registered tables. Reads only; delivery re-checks these.
 */
export async function checkReferences(db: Db, opts: { app: string; content: ReleaseContent }): Promise<VerificationCheck[]> {
  const solutions = solutionsOf(opts.content);
  if (!solutions.ok) return [solutions.check(opts.app)];
  const probes = await probeModels(db, solutions.list.map((s) => s.model.name));
  return checkReferencesWith(db, { app: opts.app, content: opts.content, solutions: solutions.list, probes });
}

export type SolutionsOf = { ok: true; list: Solution[] } | { ok: false; check(app: string): VerificationCheck };

/** The candidate's solutions, or the failed check that says its document cannot be read. */
export function solutionsOf(content: ReleaseContent): SolutionsOf {
  try {
    return { ok: true, list: parseSolutionsDocument(content.document).solutions };
  } catch (e) {
    const reason = (e as Error).message;
    return {
      ok: false,
      check: (app) => ({
        id: "references.document",
        kind: "references",
        solution: null,
        status: "failed",
        title: "The release's document is a solutions document",
        reason,
        fix: fixLinks.solutions(app),
      }),
    };
  }
}

/** checkReferences over models already probed (verifyCandidate probes once for the checks and the inputs). */
export async function checkReferencesWith(
  db: Db,
  opts: { app: string; content: ReleaseContent; solutions: Solution[]; probes: Map<string, ModelProbe> },
): Promise<VerificationCheck[]> {
  const { app, content, solutions, probes } = opts;
  const fgNames = [...new Set(solutions.map((s) => s.fg.class))];
  const [published, context] = await Promise.all([
    fgNames.length === 0
      ? Promise.resolve([])
      : db.select({ className: fgPackages.className, version: fgPackages.version }).from(fgPackages).where(inArray(fgPackages.className, fgNames)),
    getTemplateContext(db, app),
  ]);
  const publishedSet = new Set(published.map((p) => `${p.className}@${p.version}`));
  // The candidate's own versions are what its templates resolve against, not the DAG's.
  const ctx = { ...context, versionKeys: Object.keys(content.versions), versionKeysKnown: true };

  const checks: VerificationCheck[] = [];
  for (const s of solutions) {
    checks.push(modelVersionCheck(app, s, content.versions, probes.get(s.model.name)));
    checks.push(fgCheck(s, publishedSet));
    checks.push(versionKeysCheck(app, s, content.versions));
    checks.push(templatesCheck(app, s, ctx));
  }
  return checks;
}

/** How the model-version check's reason starts when instances are registered but none answered. */
export const NO_INSTANCE_ANSWERS = "no registered instance of";

/**
 * A failed check that says only that no instance answered (the model server may be restarting):
 * delivery's re-check retries on it instead of failing the release.
 */
export function isNoAnswerFailure(check: VerificationCheck): boolean {
  return check.status === "failed" && check.id.startsWith("references.model_version:") && (check.reason ?? "").startsWith(NO_INSTANCE_ANSWERS);
}

/** True when a class@version is published (for callers that hold only a Db). */
export async function isFgPublished(db: Db, className: string, version: string): Promise<boolean> {
  const [row] = await db
    .select({ id: fgPackages.id })
    .from(fgPackages)
    .where(and(eq(fgPackages.className, className), eq(fgPackages.version, version)))
    .limit(1);
  return !!row;
}

function modelVersionCheck(app: string, s: Solution, versions: Record<string, string>, probe: ModelProbe | undefined): VerificationCheck {
  const base = { id: `references.model_version:${s.name}`, kind: "references" as const, solution: s.name };
  const model = s.model.name;
  const failed = (title: string, reason: string, fix = fixLinks.model(model)): VerificationCheck => ({ ...base, status: "failed", title, reason, fix });
  if (!probe || (!probe.managed && probe.instances.length === 0)) {
    return failed(`${model} is a registered model`, `no model named "${model}" is managed or registered`, fixLinks.models());
  }
  const resolved = resolveModelVersion(s.model, versions);
  if (!resolved.ok) {
    return failed(`The version of ${model} (${s.model.version}) resolves`, resolved.reason, resolved.key ? fixLinks.versions(app) : fixLinks.solutions(app));
  }
  const v = resolved.version;
  const what = `${model} ${v}${/^\d+$/.test(s.model.version) ? "" : ` (${s.model.version})`}`;
  if (probe.instances.length === 0) return failed(`${what} is AVAILABLE on its instances`, `no instance of ${model} is registered`);
  const healthy = probe.instances.filter((i) => i.healthy);
  const unhealthy = probe.instances.filter((i) => !i.healthy);
  const title = `${what} is AVAILABLE on ${healthy.length} of ${probe.instances.length} instance${probe.instances.length === 1 ? "" : "s"}`;
  if (healthy.length === 0) {
    return failed(title, `${NO_INSTANCE_ANSWERS} ${model} answers: ${unhealthy.map((i) => `${i.address} (${i.error ?? "no answer"})`).join("; ")}`);
  }
  const notAvailable = healthy.filter((i) => versionStateOn(i, v) !== "AVAILABLE");
  if (notAvailable.length > 0) {
    const list = notAvailable.map((i) => `${i.address}: ${stateWords(versionStateOn(i, v))}`).join("; ");
    return failed(`${what} is AVAILABLE on ${healthy.length - notAvailable.length} of ${healthy.length} healthy instance${healthy.length === 1 ? "" : "s"}`, `${what} is not AVAILABLE on ${list}`);
  }
  if (unhealthy.length > 0) {
    return {
      ...base,
      status: "warned",
      title,
      reason: `${unhealthy.length} instance${unhealthy.length === 1 ? "" : "s"} did not answer: ${unhealthy.map((i) => `${i.address} (${i.error ?? "no answer"})`).join("; ")}`,
      fix: fixLinks.model(model),
    };
  }
  return { ...base, status: "passed", title, reason: null, fix: null };
}

function stateWords(state: string | null): string {
  if (state === null) return "no answer";
  if (state === "NOT_LOADED") return "not loaded";
  // TF Serving keeps a version it unloaded in its status as END.
  if (state === "END") return "not loaded (unloaded: END)";
  return state;
}

function fgCheck(s: Solution, published: Set<string>): VerificationCheck {
  const name = `${s.fg.class}@${s.fg.version}`;
  const ok = published.has(name);
  return {
    id: `references.fg:${s.name}`,
    kind: "references",
    solution: s.name,
    status: ok ? "passed" : "failed",
    title: `fg ${name} is published`,
    reason: ok ? null : `no fg package ${name} is published`,
    fix: ok ? null : fixLinks.fg(),
  };
}

function versionKeysCheck(app: string, s: Solution, versions: Record<string, string>): VerificationCheck {
  const keys = new Set<string>();
  for (const text of Object.values(s.features)) {
    const parsed = parseTemplate(text);
    if (!parsed.ok) continue; // the templates check reports it
    for (const part of parsed.ast.key.parts) if (part.kind === "version") keys.add(part.key);
  }
  const missing = [...keys].filter((k) => versions[k] === undefined);
  const base = { id: `references.version_keys:${s.name}`, kind: "references" as const, solution: s.name };
  if (keys.size === 0) return { ...base, status: "passed", title: "The feature templates name no version key", reason: null, fix: null };
  const title = `The version keys of the templates (${[...keys].sort().join(", ")}) resolve in this release`;
  if (missing.length === 0) return { ...base, status: "passed", title, reason: null, fix: null };
  return {
    ...base,
    status: "failed",
    title,
    reason: `${missing.map((k) => `{version:${k}}`).join(", ")} ${missing.length === 1 ? "has" : "have"} no version in this release`,
    fix: fixLinks.versions(app),
  };
}

function templatesCheck(app: string, s: Solution, ctx: Parameters<typeof checkTemplateInContext>[1]): VerificationCheck {
  const problems: string[] = [];
  for (const [feature, text] of Object.entries(s.features)) {
    // Unknown version keys are the version-keys check's to report.
    for (const e of checkTemplateInContext(text, ctx).errors) if (e.code !== "unknown_version_key") problems.push(`${feature}: ${e.message}`);
  }
  const n = Object.keys(s.features).length;
  const base = { id: `references.templates:${s.name}`, kind: "references" as const, solution: s.name, title: `The ${n} feature template${n === 1 ? "" : "s"} parse and name registered tables` };
  if (problems.length === 0) return { ...base, status: "passed", reason: null, fix: null };
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : "";
  return { ...base, status: "failed", reason: problems.slice(0, 3).join("; ") + more, fix: fixLinks.solutions(app) };
}
