import type { App, CreateAppInput } from "@/server/contracts/apps";

/** What the form edits: numbers kept as text so a half-typed value is not lost. */
export interface AppDraft {
  name: string;
  description: string;
  bucketCount: string;
  hashKey: string;
  salt: string;
  originFields: { name: string; type: "string" | "int" | "float" | "bool" }[];
  itemFields: { name: string; type: "string" | "int" | "float" | "bool" }[];
}

export const EMPTY_DRAFT: AppDraft = {
  name: "",
  description: "",
  bucketCount: "10",
  hashKey: "uid",
  salt: "",
  originFields: [{ name: "uid", type: "string" }],
  itemFields: [],
};

export function draftFromApp(app: App): AppDraft {
  return {
    name: app.name,
    description: app.description,
    bucketCount: String(app.bucketCount),
    hashKey: app.hashKey,
    salt: app.salt,
    originFields: app.originFields.map((f) => ({ ...f })),
    itemFields: app.itemFields.map((f) => ({ ...f })),
  };
}

export function inputFromDraft(d: AppDraft): CreateAppInput {
  const n = d.bucketCount.trim() === "" ? Number.NaN : Number(d.bucketCount);
  return {
    name: d.name,
    description: d.description,
    bucketCount: n,
    hashKey: d.hashKey,
    salt: d.salt || undefined,
    originFields: d.originFields,
    itemFields: d.itemFields,
  };
}

/** Field-by-field differences between two apps, for the "someone else changed it" view. */
export function diffApps(mine: AppDraft, theirs: App): { field: string; mine: string; theirs: string }[] {
  const t = draftFromApp(theirs);
  const rows: { field: string; mine: string; theirs: string }[] = [];
  const fields: [string, (d: AppDraft) => string][] = [
    ["Description", (d) => d.description],
    ["Bucket count", (d) => d.bucketCount],
    ["Hash key", (d) => d.hashKey],
    ["Salt", (d) => d.salt],
    ["Origin fields", (d) => d.originFields.map((f) => `${f.name}:${f.type}`).join(", ")],
    ["Item fields", (d) => d.itemFields.map((f) => `${f.name}:${f.type}`).join(", ")],
  ];
  for (const [field, get] of fields) if (get(mine) !== get(t)) rows.push({ field, mine: get(mine), theirs: get(t) });
  return rows;
}
