import { MAX_BUCKET_COUNT } from "../bucketing";
import { ConfigClientError, type AppSettings, type PublishedConfig, type Solution } from "./types";

export interface AppView {
  config: PublishedConfig;
  solutions: Solution[];
  settings: AppSettings;
  /** bucket -> solution (built while refusing a bucket with two owners). */
  byBucket: Map<number, Solution>;
}

/**
 * Reads a published document into solutions and app settings, or throws `invalid_document`
 * (the client then keeps its last good config). Accepts `buckets` inside the solution or
 * beside it (the articles' placement). App settings come from the top-level `app` field
 * `{ bucket_count, hash_key, salt }`, which the console writes into every release from the
 * app's settings. Only a document without it (published by hand, or by a console older than
 * that) falls back to hash key `uid`, salt = app name, bucket count = highest bucket + 1: the
 * console's defaults, right only for an app that kept them.
 */
export function readSolutions(config: PublishedConfig): AppView {
  const document = objectOf(config.document, "the document");
  if (!Array.isArray(document.solutions)) invalid("the document has no solutions array");
  const solutions = document.solutions.map((entry, i) => readSolution(entry, i));
  const settings = readSettings(config.app, document.app, solutions);
  const byBucket = new Map<number, Solution>();
  for (const solution of solutions) {
    for (const bucket of solution.buckets) {
      const owner = byBucket.get(bucket);
      if (owner) invalid(`bucket ${bucket} belongs to both ${owner.name} and ${solution.name}`);
      byBucket.set(bucket, solution);
    }
  }
  return { config, solutions, settings, byBucket };
}

function readSolution(entry: unknown, index: number): Solution {
  const wrapper = objectOf(entry, `solution #${index + 1}`);
  const names = Object.keys(wrapper).filter((key) => key !== "buckets");
  const name = names[0];
  if (names.length !== 1 || name === undefined) invalid(`solution #${index + 1} must hold exactly one named solution`);
  const body = objectOf(wrapper[name], `solution ${name}`);
  const buckets = body.buckets ?? wrapper.buckets;
  if (!Array.isArray(buckets) || !buckets.every((b) => Number.isInteger(b) && b >= 0)) {
    invalid(`solution ${name} needs buckets: a list of bucket numbers`);
  }
  const model = objectOf(body.model, `the model of ${name}`);
  const fg = objectOf(body.fg, `the fg of ${name}`);
  return {
    name,
    features: stringsOf(body.features ?? {}, `the features of ${name}`),
    model: { name: stringOf(model.name, `${name}.model.name`), version: stringOf(model.version, `${name}.model.version`) },
    fg: { class: stringOf(fg.class, `${name}.fg.class`), version: stringOf(fg.version, `${name}.fg.version`) },
    buckets: buckets as number[],
  };
}

function readSettings(app: string, raw: unknown, solutions: Solution[]): AppSettings {
  const settings = raw === undefined ? {} : objectOf(raw, "the app settings");
  const highest = Math.max(-1, ...solutions.flatMap((s) => s.buckets));
  const bucketCount = settings.bucket_count ?? highest + 1;
  if (!Number.isInteger(bucketCount) || (bucketCount as number) < 1 || (bucketCount as number) > MAX_BUCKET_COUNT) {
    invalid(`app.bucket_count must be a whole number from 1 to ${MAX_BUCKET_COUNT}`);
  }
  return {
    bucketCount: bucketCount as number,
    hashKey: settings.hash_key === undefined ? "uid" : stringOf(settings.hash_key, "app.hash_key"),
    salt: settings.salt === undefined ? app : stringOf(settings.salt, "app.salt"),
  };
}

function objectOf(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) invalid(`${what} must be an object`);
  return value as Record<string, unknown>;
}

function stringOf(value: unknown, what: string): string {
  if (typeof value !== "string") invalid(`${what} must be a string`);
  return value;
}

function stringsOf(value: unknown, what: string): Record<string, string> {
  const object = objectOf(value, what);
  for (const [key, item] of Object.entries(object)) stringOf(item, `${what}: ${key}`);
  return object as Record<string, string>;
}

function invalid(message: string): never {
  throw new ConfigClientError("invalid_document", message);
}
