import type { z } from "zod";
import { AppNameSchema } from "@/server/contracts/apps";
import { PublishedAppSettingsSchema, SolutionBodySchema, SolutionNameSchema, type PublishedAppSettings, type Solution } from "@/server/contracts/solutions";
import { AppError } from "@/server/errors";
import { formatJsonPath } from "./json-path";
import { APP_SETTINGS_KEY } from "@/sdk/src/core/solutions/published-app-settings";

export interface DocumentIssue {
  /** JSON path of the offending value, e.g. `$.solutions[1].v2.buckets[0]`. */
  path: string;
  message: string;
}

export interface ParsedSolutionsDocument {
  appName: string;
  /** In document order, `buckets` inside each solution and sorted ascending. */
  solutions: Solution[];
  /** The `app` block (bucket count, hash key, salt), when the document has one: a published document does. */
  settings?: PublishedAppSettings;
}

type Path = readonly PropertyKey[];
type Report = (path: Path, message: string) => void;

const TOP_LEVEL_KEYS = ["app_name", "solutions", APP_SETTINGS_KEY];
const MESSAGE_ISSUES = 3;

/**
 * Reads a solutions document (docs/solutions.md) from parsed JSON. Accepts `buckets` inside the
 * solution or, as in the source article, beside it in the same array entry. Collects every
 * problem before failing, so one import attempt shows them all: throws AppError bad_request with
 * `details.issues` = [{ path, message }]. The optional top-level `app` block is the app's bucket
 * settings as the console publishes them (published-app-settings.ts); whether they match the
 * app is for the caller to check.
 */
export function parseSolutionsDocument(input: unknown): ParsedSolutionsDocument {
  const issues: DocumentIssue[] = [];
  const report: Report = (path, message) => issues.push({ path: formatJsonPath(path), message });

  if (!isPlainObject(input)) {
    report([], 'Expected an object { "app_name": ..., "solutions": [...] }');
    throw documentError(issues);
  }
  for (const key of Object.keys(input)) {
    if (!TOP_LEVEL_KEYS.includes(key)) report([key], `Unknown field "${key}"`);
  }
  const appName = AppNameSchema.safeParse(input.app_name);
  if (!appName.success) reportZod(report, ["app_name"], appName.error);

  const solutions: Solution[] = [];
  if (!Array.isArray(input.solutions)) {
    report(["solutions"], "Expected an array of solutions");
  } else {
    const firstIndexOf = new Map<string, number>();
    input.solutions.forEach((entry: unknown, index) => {
      const solution = parseEntry(entry, ["solutions", index], report);
      if (solution) solutions.push(solution);
      // Checked on the raw key, so that a duplicate is reported even when one copy is invalid.
      const [name, ...others] = isPlainObject(entry) ? solutionNamesOf(entry) : [];
      if (name === undefined || others.length > 0) return;
      const first = firstIndexOf.get(name);
      if (first === undefined) firstIndexOf.set(name, index);
      else report(["solutions", index, name], `Solution "${name}" is defined twice (first at ${formatJsonPath(["solutions", first])})`);
    });
  }

  let settings: PublishedAppSettings | undefined;
  if (Object.hasOwn(input, APP_SETTINGS_KEY)) {
    const result = PublishedAppSettingsSchema.safeParse(input[APP_SETTINGS_KEY]);
    if (result.success) settings = result.data;
    else reportZod(report, [APP_SETTINGS_KEY], result.error);
  }

  if (!appName.success || issues.length > 0) throw documentError(issues);
  return settings ? { appName: appName.data, solutions, settings } : { appName: appName.data, solutions };
}

/** One `{ <name>: { ... } }` entry, with `buckets` possibly beside the name. Undefined when invalid. */
function parseEntry(entry: unknown, path: Path, report: Report): Solution | undefined {
  if (!isPlainObject(entry)) {
    report(path, 'Expected an object { "<solution name>": { features, model, fg, buckets } }');
    return undefined;
  }
  const names = solutionNamesOf(entry);
  const [name] = names;
  if (name === undefined || names.length > 1) {
    const found = names.length === 0 ? "none" : names.map((n) => JSON.stringify(n)).join(", ");
    report(path, `Expected exactly one solution name as the key of this entry, found ${found}`);
    return undefined;
  }
  const bodyPath = [...path, name];
  const nameResult = SolutionNameSchema.safeParse(name);
  if (!nameResult.success) reportZod(report, bodyPath, nameResult.error);

  const body = entry[name];
  if (!isPlainObject(body)) {
    report(bodyPath, "Expected an object { features, model, fg, buckets }");
    return undefined;
  }
  const inside = Object.hasOwn(body, "buckets");
  const beside = Object.hasOwn(entry, "buckets");
  let placementOk = true;
  if (inside && beside) {
    report([...path, "buckets"], `Buckets are given both inside "${name}" and beside it: keep only the list inside`);
    placementOk = false;
  } else if (!inside && !beside) {
    report([...bodyPath, "buckets"], "Missing buckets: list the solution's buckets (the list may be empty)");
    placementOk = false;
  }

  const buckets = inside ? body.buckets : beside ? entry.buckets : [];
  const result = SolutionBodySchema.safeParse({ ...body, buckets });
  if (!result.success) {
    for (const issue of result.error.issues) {
      // Issues about a list found beside the solution point at where it really is.
      reportIssue(report, issue.path[0] === "buckets" && !inside ? path : bodyPath, issue);
    }
    return undefined;
  }
  if (!nameResult.success || !placementOk) return undefined;
  const solution = result.data;
  return {
    name: nameResult.data,
    features: solution.features,
    model: solution.model,
    fg: solution.fg,
    buckets: [...solution.buckets].sort((x, y) => x - y),
  };
}

/** The keys of an array entry that name a solution: all but a misplaced `buckets`. */
function solutionNamesOf(entry: Record<string, unknown>): string[] {
  return Object.keys(entry).filter((key) => key !== "buckets");
}

function reportZod(report: Report, base: Path, error: z.ZodError): void {
  for (const issue of error.issues) reportIssue(report, base, issue);
}

function reportIssue(report: Report, base: Path, issue: z.ZodError["issues"][number]): void {
  const path = [...base, ...issue.path];
  if (issue.code === "unrecognized_keys") {
    for (const key of issue.keys) report([...path, key], `Unknown field "${key}"`);
  } else if (issue.code === "invalid_key") {
    // zod reports a bad record key as "Invalid key in record"; the reason is one level down.
    for (const inner of issue.issues) report(path, `Invalid name: ${inner.message}`);
  } else {
    report(path, issue.message);
  }
}

function documentError(issues: DocumentIssue[]): AppError {
  const listed = issues
    .slice(0, MESSAGE_ISSUES)
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join("; ");
  const more = issues.length > MESSAGE_ISSUES ? ` (and ${issues.length - MESSAGE_ISSUES} more)` : "";
  return new AppError("bad_request", `Invalid solutions document: ${listed}${more}`, { issues });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
