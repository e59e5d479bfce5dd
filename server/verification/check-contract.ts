import type { Db } from "@/db";
import type { Dtype, FgPackage, TensorIO } from "@/server/contracts/fg";
import type { Solution } from "@/server/contracts/solutions";
import type { VerificationCheck } from "@/server/contracts/verification";
import { resolveFgPackage } from "@/server/fg-packages/get-fg-version";
import { getTfsClient } from "@/server/tfs/grpc-client";
import { TF_DTYPE } from "@/server/tfs/tensor-codec";
import type { SignatureDefInfo } from "@/server/tfs/tfs-types";
import { fixLinks } from "./fix-links";
import { resolveModelVersion, versionStateOn, type ModelProbe } from "./model-probes";

const METADATA_TIMEOUT_MS = 2000;
const SERVING_DEFAULT = "serving_default";

/** A tensor the fg builds, as far as it is known: a dimension null is decided only when it runs. */
export interface BuiltTensor {
  name: string;
  dtype: Dtype;
  shape: (number | null)[];
}

export interface ContractOptions {
  app: string;
  solution: Solution;
  versions: Record<string, string>;
  probe: ModelProbe | undefined;
  /** The TensorIOs the fg built while the samples were scored. */
  sampleTensorIOs: readonly TensorIO[];
}

/**
 * The tensors the solution's fg builds against the serving signature of its model version
 * (GetModelMetadata): every input the signature names is built, no other, with its dtype, its
 * rank and each fixed dimension (-1 = any). A declarative fg is checked from its spec (a
 * dimension the spec infers, from the samples); a code fg from the TensorIOs of the samples.
 */
export async function checkContract(db: Db, opts: ContractOptions): Promise<VerificationCheck> {
  const { solution: s } = opts;
  const base = { id: `contract.inputs:${s.name}`, kind: "contract" as const, solution: s.name };
  const title = `The tensors fg ${s.fg.class}@${s.fg.version} builds match the signature of ${s.model.name}`;
  const notChecked = (reason: string, fix: VerificationCheck["fix"]): VerificationCheck => ({ ...base, status: "warned", title, reason: `not checked: ${reason}`, fix });

  const resolved = resolveModelVersion(s.model, opts.versions);
  if (!resolved.ok) return notChecked(resolved.reason, fixLinks.versions(opts.app));
  const signature = await readSignature(s.model.name, resolved.version, opts.probe);
  if (!signature.ok) return notChecked(signature.reason, fixLinks.model(s.model.name));

  const pkg = await resolveFgPackage(db, s.fg.class, s.fg.version);
  if (!pkg) return notChecked(`fg ${s.fg.class}@${s.fg.version} is not published`, fixLinks.fg());

  const builds = builtTensors(pkg, opts.sampleTensorIOs);
  if (builds.length === 0) return notChecked(`fg ${s.fg.class}@${s.fg.version} is code, and no sample request got as far as building its tensors`, fixLinks.sampleRequests(opts.app));

  const problems = new Set<string>();
  for (const built of builds) for (const p of compare(built, signature.def)) problems.add(p);
  const titled = `${title} ${resolved.version} (${signature.name})`;
  if (problems.size === 0) return { ...base, status: "passed", title: titled, reason: null, fix: null };
  const list = [...problems];
  const more = list.length > 4 ? ` (and ${list.length - 4} more)` : "";
  return { ...base, status: "failed", title: titled, reason: list.slice(0, 4).join("; ") + more, fix: fixLinks.solutions(opts.app) };
}

async function readSignature(
  model: string,
  version: number,
  probe: ModelProbe | undefined,
): Promise<{ ok: true; name: string; def: SignatureDefInfo } | { ok: false; reason: string }> {
  const holders = (probe?.instances ?? []).filter((i) => versionStateOn(i, version) === "AVAILABLE");
  if (holders.length === 0) return { ok: false, reason: `${model} ${version} is AVAILABLE on no instance, so its signature cannot be read` };
  let last = "";
  for (const i of holders) {
    try {
      const meta = await getTfsClient(i.address).getModelMetadata({ name: model, version }, { timeoutMs: METADATA_TIMEOUT_MS });
      const names = Object.keys(meta.signatureDefs);
      const name = names.includes(SERVING_DEFAULT) ? SERVING_DEFAULT : names.length === 1 ? names[0]! : null;
      if (!name) return { ok: false, reason: `${model} ${version} has no "${SERVING_DEFAULT}" signature (it has ${names.join(", ") || "none"})` };
      return { ok: true, name, def: meta.signatureDefs[name]! };
    } catch (e) {
      last = `${i.address}: ${(e as Error).message}`;
    }
  }
  return { ok: false, reason: `GetModelMetadata of ${model} ${version} failed (${last})` };
}

/** What the fg builds: from a declarative spec (inferred dimensions filled in from the samples), or the samples' TensorIOs. */
export function builtTensors(pkg: FgPackage, samples: readonly TensorIO[]): BuiltTensor[][] {
  const fromSamples = uniqueBuilds(samples);
  if (pkg.kind === "code") return fromSamples;
  const declared: BuiltTensor[] = pkg.spec.inputs.map((i) => ({ name: i.name, dtype: i.dtype, shape: i.shape.map((d) => (d === -1 ? null : d)) }));
  if (!declared.some((t) => t.shape.includes(null)) || fromSamples.length === 0) return [declared];
  return fromSamples;
}

function uniqueBuilds(samples: readonly TensorIO[]): BuiltTensor[][] {
  const seen = new Map<string, BuiltTensor[]>();
  for (const io of samples) {
    const build = io.inputs.map((t) => ({ name: t.name, dtype: t.dtype, shape: [...t.shape] }));
    const key = JSON.stringify(build);
    if (!seen.has(key)) seen.set(key, build);
  }
  return [...seen.values()];
}

const shapeText = (shape: readonly (number | null)[] | null) => (shape === null ? "unknown" : `[${shape.map((d) => (d === null || d === -1 ? "?" : d)).join(", ")}]`);

/** Every way the built tensors differ from the signature's inputs. */
export function compare(built: readonly BuiltTensor[], signature: SignatureDefInfo): string[] {
  const problems: string[] = [];
  const byName = new Map(built.map((t) => [t.name, t]));
  for (const [name, info] of Object.entries(signature.inputs)) {
    const t = byName.get(name);
    if (!t) {
      problems.push(`input "${name}" (${info.dtype} ${shapeText(info.shape)}) is not built by the fg`);
      continue;
    }
    if (TF_DTYPE[t.dtype] !== info.dtype) problems.push(`input "${name}": the fg builds ${t.dtype} (${TF_DTYPE[t.dtype]}), the model takes ${info.dtype}`);
    if (info.shape === null) continue;
    if (t.shape.length !== info.shape.length) {
      problems.push(`input "${name}": the fg builds rank ${t.shape.length} ${shapeText(t.shape)}, the model takes rank ${info.shape.length} ${shapeText(info.shape)}`);
      continue;
    }
    info.shape.forEach((want, d) => {
      const got = t.shape[d];
      if (want !== -1 && got !== null && got !== want) {
        problems.push(`input "${name}": dimension ${d} is ${got}, the model takes ${want} (${shapeText(t.shape)} vs ${shapeText(info.shape)})`);
      }
    });
  }
  for (const t of built) if (!(t.name in signature.inputs)) problems.push(`the fg builds "${t.name}", which the signature has no input for (it takes ${Object.keys(signature.inputs).join(", ")})`);
  return problems;
}
