import { AppError } from "@/server/errors";
import { parseTextFormat, quoteTextString, textFormatError, type TextField, type TextValue } from "./text-format";

/**
 * A TF Serving model server config (model.conf): the list of served models with their
 * base path, version policy and version labels. Read and written in protobuf text format,
 * and converted to/from the ModelServerConfig proto sent by HandleReloadConfigRequest.
 */
export type VersionPolicy =
  | { kind: "latest"; numVersions: number }
  | { kind: "all" }
  | { kind: "specific"; versions: number[] };

export interface ModelConfig {
  name: string;
  basePath: string;
  modelPlatform: string;
  /** Null: the server's default, the latest 1 version. */
  versionPolicy: VersionPolicy | null;
  /** Label -> version, e.g. { stable: 20200115, canary: 20200116 }. */
  versionLabels: Record<string, number>;
}

// ---- text format -> ModelConfig[] ----

type FieldKind = "string" | "integer" | "message" | "enum";

function only(fields: TextField[], allowed: Record<string, FieldKind>, where: string): void {
  for (const f of fields) {
    const kind = allowed[f.name];
    if (!kind) throw textFormatError(f, `unknown field '${f.name}' in ${where}`);
    const isMessage = f.value.kind === "message";
    if ((kind === "message") !== isMessage) {
      throw textFormatError(f.value, kind === "message" ? `'${f.name}' must be a message ({ ... })` : `'${f.name}' must be a ${kind}`);
    }
  }
}

function single(fields: TextField[], name: string): TextField | undefined {
  const matches = fields.filter((f) => f.name === name);
  if (matches.length > 1) throw textFormatError(matches[1] as TextField, `'${name}' given more than once`);
  return matches[0];
}

function stringOf(value: TextValue, name: string): string {
  if (value.kind !== "string") throw textFormatError(value, `'${name}' must be a quoted string`);
  return value.value;
}

function integerOf(value: TextValue, name: string, min: number): number {
  const n = value.kind === "token" && /^[-+]?\d+$/.test(value.value) ? Number(value.value) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw textFormatError(value, `'${name}' must be an integer >= ${min}`);
  return n;
}

function messageOf(value: TextValue): TextField[] {
  return value.kind === "message" ? value.fields : [];
}

function readPolicy(field: TextField): VersionPolicy {
  const fields = messageOf(field.value);
  only(fields, { latest: "message", all: "message", specific: "message" }, "model_version_policy");
  const [choice, extra] = fields;
  if (!choice) throw textFormatError(field.value, "model_version_policy needs one of latest, all, specific");
  if (extra) throw textFormatError(extra, "model_version_policy takes only one of latest, all, specific");
  const inner = messageOf(choice.value);
  if (choice.name === "latest") {
    only(inner, { num_versions: "integer" }, "latest");
    const n = single(inner, "num_versions");
    return { kind: "latest", numVersions: n ? integerOf(n.value, "num_versions", 1) : 1 };
  }
  if (choice.name === "all") {
    only(inner, {}, "all");
    return { kind: "all" };
  }
  only(inner, { versions: "integer" }, "specific");
  return { kind: "specific", versions: inner.map((f) => integerOf(f.value, "versions", 0)) };
}

function readLabel(field: TextField, labels: Record<string, number>): void {
  const fields = messageOf(field.value);
  only(fields, { key: "string", value: "integer" }, "version_labels");
  const key = single(fields, "key");
  const value = single(fields, "value");
  if (!key || !value) throw textFormatError(field.value, "version_labels needs a key and a value");
  labels[stringOf(key.value, "key")] = integerOf(value.value, "value", 0);
}

// The deprecated model_type: TENSORFLOW means what model_platform: "tensorflow" says.
function platformOf(platform: TextField | undefined, legacyType: TextField | undefined): string {
  if (platform) return stringOf(platform.value, "model_platform");
  return legacyType?.value.kind === "token" && legacyType.value.value === "TENSORFLOW" ? "tensorflow" : "";
}

function readModelConfig(field: TextField): ModelConfig {
  const fields = messageOf(field.value);
  only(
    fields,
    { name: "string", base_path: "string", model_platform: "string", model_type: "enum", model_version_policy: "message", version_labels: "message" },
    "config",
  );
  const name = single(fields, "name");
  if (!name) throw textFormatError(field.value, "config needs a name");
  const basePath = single(fields, "base_path");
  const platform = single(fields, "model_platform");
  const legacyType = single(fields, "model_type");
  const policy = single(fields, "model_version_policy");
  const versionLabels: Record<string, number> = {};
  for (const f of fields.filter((f) => f.name === "version_labels")) readLabel(f, versionLabels);
  return {
    name: stringOf(name.value, "name"),
    basePath: basePath ? stringOf(basePath.value, "base_path") : "",
    modelPlatform: platformOf(platform, legacyType),
    versionPolicy: policy ? readPolicy(policy) : null,
    versionLabels,
  };
}

/** Parse model.conf text. Errors are AppError(bad_request) saying "line L, column C: ...". */
export function parseModelConfigText(text: string): ModelConfig[] {
  const top = parseTextFormat(text);
  const custom = top.find((f) => f.name === "custom_model_config");
  if (custom) throw textFormatError(custom, "custom_model_config is not supported; use model_config_list");
  only(top, { model_config_list: "message" }, "the model server config");
  const list = single(top, "model_config_list");
  if (!list) return [];
  const configs = messageOf(list.value);
  only(configs, { config: "message" }, "model_config_list");
  return configs.map(readModelConfig);
}

// ---- ModelConfig[] -> text format ----

function renderPolicy(policy: VersionPolicy): string {
  switch (policy.kind) {
    case "latest":
      return `{ latest { num_versions: ${policy.numVersions} } }`;
    case "all":
      return "{ all {} }";
    case "specific":
      return `{ specific { ${policy.versions.map((v) => `versions: ${v}`).join(" ")} } }`;
  }
}

/** Render in the console's model.conf style (one field per line, policy on one line). */
export function renderModelConfigText(models: readonly ModelConfig[]): string {
  const blocks = models.map((m) => {
    const lines = [`name: ${quoteTextString(m.name)}`, `base_path: ${quoteTextString(m.basePath)}`, `model_platform: ${quoteTextString(m.modelPlatform)}`];
    if (m.versionPolicy) lines.push(`model_version_policy: ${renderPolicy(m.versionPolicy)}`);
    for (const [label, version] of Object.entries(m.versionLabels)) {
      lines.push(`version_labels: { key: ${quoteTextString(label)} value: ${version} }`);
    }
    return `  config: {\n${lines.map((l) => `    ${l}`).join(",\n")}\n  }`;
  });
  return `model_config_list: {\n${blocks.join(",\n")}${blocks.length ? "\n" : ""}}\n`;
}

// ---- ModelConfig[] <-> ModelServerConfig proto object ----

interface PolicyProto {
  latest?: { num_versions?: number } | null;
  all?: object | null;
  specific?: { versions?: Array<string | number> } | null;
}

interface ModelConfigProto {
  name?: string;
  base_path?: string;
  model_platform?: string;
  model_version_policy?: PolicyProto | null;
  version_labels?: Record<string, string | number>;
}

export interface ModelServerConfigProto {
  model_config_list?: { config?: ModelConfigProto[] } | null;
  custom_model_config?: unknown;
}

function policyToProto(policy: VersionPolicy): PolicyProto {
  switch (policy.kind) {
    case "latest":
      return { latest: { num_versions: policy.numVersions } };
    case "all":
      return { all: {} };
    case "specific":
      return { specific: { versions: policy.versions.map(String) } };
  }
}

export function modelServerConfigToProto(models: readonly ModelConfig[]): ModelServerConfigProto {
  return {
    model_config_list: {
      config: models.map((m) => ({
        name: m.name,
        base_path: m.basePath,
        model_platform: m.modelPlatform,
        ...(m.versionPolicy ? { model_version_policy: policyToProto(m.versionPolicy) } : {}),
        version_labels: Object.fromEntries(Object.entries(m.versionLabels).map(([k, v]) => [k, String(v)])),
      })),
    },
  };
}

function policyFromProto(p: PolicyProto | null | undefined): VersionPolicy | null {
  if (p?.latest) return { kind: "latest", numVersions: p.latest.num_versions || 1 };
  if (p?.all) return { kind: "all" };
  if (p?.specific) return { kind: "specific", versions: (p.specific.versions ?? []).map(Number) };
  return null;
}

export function modelConfigsFromProto(proto: ModelServerConfigProto | null | undefined): ModelConfig[] {
  if (proto?.custom_model_config) throw new AppError("bad_request", "custom_model_config is not supported; use model_config_list");
  return (proto?.model_config_list?.config ?? []).map((c) => ({
    name: c.name ?? "",
    basePath: c.base_path ?? "",
    modelPlatform: c.model_platform ?? "",
    versionPolicy: policyFromProto(c.model_version_policy),
    versionLabels: Object.fromEntries(Object.entries(c.version_labels ?? {}).map(([k, v]) => [k, Number(v)])),
  }));
}
