import { EventEmitter } from "node:events";
import path from "node:path";
import { status as GrpcStatus } from "@grpc/grpc-js";
import type { ModelConfig } from "@/server/tfs/model-config";
import { loadServable } from "./load-servable";
import { checkModelRoots } from "./model-roots";
import { runWarmup } from "./warmup";
import { aspiredVersions, folderStamp, listVersionFolders } from "./scan-versions";
import { failedPrecondition, invalidArgument, notFound, ServingError, toServingError } from "./serving-error";
import type { Servable } from "./servable";

/**
 * The served models and the life cycle of their versions, with TF Serving's semantics:
 * START -> LOADING -> AVAILABLE -> UNLOADING -> END; a failed load ends in END with the
 * error. What should be loaded (the "aspired" versions) follows the version policy over the
 * complete version folders on disk, re-read on every poll and config change. A loaded
 * version is never re-read while it stays aspired, so a folder overwritten in place is not
 * noticed; unloading it and loading it again reads the new files.
 */
export type VersionState = "START" | "LOADING" | "AVAILABLE" | "UNLOADING" | "END";

export interface VersionRecord {
  version: number;
  state: VersionState;
  error: ServingError | null;
}

interface VersionEntry extends VersionRecord {
  folder: string;
  servable: Servable | null;
  /** A transition is running; reconcile leaves the version alone until it ends. */
  busy: boolean;
  /** Its load failed: retried once its files change (or once it is un-aspired and comes back). */
  failed: boolean;
  /** folderStamp of its folder when the load failed. */
  failedStamp: string | null;
  /** Its folder vanished while it was kept loaded (--keep_vanished_versions); logged once. */
  vanished: boolean;
}

interface ModelEntry {
  config: ModelConfig;
  versions: Map<number, VersionEntry>;
  aspired: Set<number>;
  /** False once the model is left out of the config (its versions unload; status stays). */
  served: boolean;
}

export interface ModelManagerOptions {
  loadDelayMs: number;
  /** <= 0: the disk is read only when the config changes. */
  pollIntervalMs: number;
  allowVersionLabelsForUnavailableModels: boolean;
  /**
   * Dev only (--keep_vanished_versions): a loaded version whose folder vanishes stays loaded
   * while the config and its policy still want it. TF Serving unloads it.
   */
  keepVanishedVersions?: boolean;
  log: (message: string) => void;
  /** Dev only (--model_roots): local base paths must lie inside one of these folders. */
  modelRoots?: readonly string[];
}

export class ModelManager {
  private readonly models = new Map<string, ModelEntry>();
  private labels = new Map<string, Map<string, number>>();
  private readonly events = new EventEmitter();
  private readonly pendingDelays = new Map<NodeJS.Timeout, () => void>();
  private configLock: Promise<void> = Promise.resolve();
  private pollTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private generation = 0;

  constructor(private readonly options: ModelManagerOptions) {
    this.events.setMaxListeners(0);
  }

  /** How many configs have been applied so far (by any caller). */
  get configGeneration(): number {
    return this.generation;
  }

  servedModelNames(): string[] {
    return [...this.models.values()].filter((m) => m.served).map((m) => m.config.name);
  }

  /**
   * Replace the whole config, like HandleReloadConfigRequest: models left out unload, labels
   * are checked first (a label on a version that is not AVAILABLE refuses the whole change),
   * and the call returns once every model new to the config has a version AVAILABLE.
   */
  reloadConfig(configs: readonly ModelConfig[]): Promise<number> {
    const run = this.configLock.then(() => this.applyConfig(configs));
    this.configLock = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Resolves with the configGeneration this config became. */
  private async applyConfig(configs: readonly ModelConfig[]): Promise<number> {
    validateConfigs(configs, this.options.modelRoots ?? []);
    const labels = this.checkLabels(configs);
    const names = new Set(configs.map((c) => c.name));
    const added: string[] = [];
    for (const entry of this.models.values()) if (!names.has(entry.config.name)) entry.served = false;
    for (const config of configs) {
      const entry = this.models.get(config.name);
      if (!entry?.served) added.push(config.name);
      if (entry) Object.assign(entry, { config, served: true });
      else this.models.set(config.name, { config, versions: new Map(), aspired: new Set(), served: true });
    }
    this.labels = labels;
    const generation = ++this.generation;
    for (const entry of this.models.values()) this.reconcile(entry);
    this.schedulePoll();
    await Promise.all(added.map((name) => this.waitUntilSettled(name)));
    return generation;
  }

  private checkLabels(configs: readonly ModelConfig[]): Map<string, Map<string, number>> {
    const next = new Map<string, Map<string, number>>();
    for (const config of configs) {
      const labels = new Map<string, number>();
      for (const [label, version] of Object.entries(config.versionLabels)) {
        const current = this.labels.get(config.name)?.get(label);
        // TF Serving's --allow_version_labels_for_unavailable_models: a new label may point
        // anywhere, an existing one may not move to a version that is not available.
        const mayBeUnavailable = this.options.allowVersionLabelsForUnavailableModels && (current === undefined || current === version);
        const state = this.models.get(config.name)?.versions.get(version)?.state;
        if (!mayBeUnavailable && state !== "AVAILABLE") {
          throw failedPrecondition(
            `Request to assign label to version ${version} of model ${config.name}, which is not currently available for inference`,
          );
        }
        labels.set(label, version);
      }
      if (labels.size > 0) next.set(config.name, labels);
    }
    return next;
  }

  private waitUntilSettled(name: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const check = () => {
        const entry = this.models.get(name);
        if (this.closed || !entry?.served) return done(null);
        const versions = [...entry.aspired].map((v) => entry.versions.get(v));
        if ([...entry.versions.values()].some((v) => v.state === "AVAILABLE") || versions.length === 0) return done(null);
        if (versions.every((v) => v && !v.busy && v.state === "END")) {
          const reasons = versions.map((v) => `version ${v?.version}: ${v?.error?.message ?? "unloaded"}`).join("; ");
          done(new ServingError(GrpcStatus.UNKNOWN, `Model ${name} has no available version (${reasons})`));
        }
      };
      const done = (error: ServingError | null) => {
        this.events.off("change", check);
        if (error) reject(error);
        else resolve();
      };
      this.events.on("change", check);
      check();
    });
  }

  private reconcile(entry: ModelEntry): void {
    if (this.closed) return;
    const { basePath, versionPolicy } = entry.config;
    const onDisk = entry.served ? listVersionFolders(basePath) : new Map<number, string>();
    if (entry.served && this.options.keepVanishedVersions) {
      for (const v of entry.versions.values()) {
        const live = v.state === "AVAILABLE" || (v.busy && v.state !== "UNLOADING");
        if (!live || onDisk.has(v.version)) continue;
        onDisk.set(v.version, v.folder);
        if (!v.vanished) {
          v.vanished = true;
          this.options.log(`The files of servable version {name: ${entry.config.name} version: ${v.version}} vanished; kept loaded (--keep_vanished_versions)`);
        }
      }
    }
    entry.aspired = new Set(entry.served ? aspiredVersions(versionPolicy, onDisk) : []);
    for (const version of entry.aspired) {
      const folder = onDisk.get(version) as string;
      let v = entry.versions.get(version);
      if (!v) {
        v = { version, folder, state: "START", error: null, servable: null, busy: false, failed: false, failedStamp: null, vanished: false };
        entry.versions.set(version, v);
      }
      if (v.busy) continue;
      v.folder = folder;
      if (v.state === "END" && v.failed && folderStamp(path.join(basePath, folder)) !== v.failedStamp) {
        this.options.log(`The files of servable version {name: ${entry.config.name} version: ${v.version}} changed since its load failed: loading again`);
        v.failed = false;
      }
      if (v.state === "START" || (v.state === "END" && !v.failed)) void this.load(entry, v);
    }
    // Like TF Serving's availability-preserving policy: a version leaves only once an aspired
    // one is available, or once nothing aspired is still on its way.
    const aspired = [...entry.aspired].map((n) => entry.versions.get(n));
    const canUnload = aspired.some((v) => v?.state === "AVAILABLE") || aspired.every((v) => !v?.busy && v?.state === "END");
    for (const v of entry.versions.values()) {
      if (entry.aspired.has(v.version) || v.busy) continue;
      v.failed = false;
      if (v.state === "AVAILABLE" && canUnload) void this.unload(entry, v);
    }
  }

  private async load(entry: ModelEntry, v: VersionEntry): Promise<void> {
    const id = `{name: ${entry.config.name} version: ${v.version}}`;
    Object.assign(v, { busy: true, state: "START", error: null, servable: null, vanished: false });
    this.changed();
    await this.delay(0);
    v.state = "LOADING";
    this.changed();
    await this.delay(this.options.loadDelayMs);
    if (this.closed) return;
    try {
      const dir = path.join(entry.config.basePath, v.folder);
      const servable = await loadServable(dir);
      // Like TF Serving: the warmup requests run before the version is AVAILABLE.
      await runWarmup(dir, { model: entry.config.name, version: v.version, servable }, this.options.log);
      v.servable = servable;
      v.state = "AVAILABLE";
      this.options.log(`Successfully loaded servable version ${id} (${v.servable.kind})`);
    } catch (e) {
      Object.assign(v, { state: "END", error: toServingError(e), failed: true, failedStamp: folderStamp(path.join(entry.config.basePath, v.folder)) });
      this.options.log(`Loading servable ${id} failed: ${v.error?.message}`);
    }
    v.busy = false;
    this.changed();
    this.reconcile(entry);
  }

  private async unload(entry: ModelEntry, v: VersionEntry): Promise<void> {
    Object.assign(v, { busy: true, state: "UNLOADING" });
    this.changed();
    await this.delay(Math.round(this.options.loadDelayMs / 2));
    Object.assign(v, { busy: false, state: "END", servable: null });
    this.options.log(`Unloaded servable version {name: ${entry.config.name} version: ${v.version}}`);
    this.changed();
    this.reconcile(entry);
  }

  private schedulePoll(): void {
    if (this.pollTimer || this.closed || this.options.pollIntervalMs <= 0) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      for (const entry of this.models.values()) this.reconcile(entry);
      this.schedulePoll();
    }, this.options.pollIntervalMs);
  }

  private changed(): void {
    this.events.emit("change");
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      const timer = setTimeout(() => {
        this.pendingDelays.delete(timer);
        resolve();
      }, ms);
      this.pendingDelays.set(timer, resolve);
    });
  }

  labelVersion(name: string, label: string): number {
    const version = this.labels.get(name)?.get(label);
    if (version === undefined) throw invalidArgument(`Unrecognized servable version label: ${label}`);
    return version;
  }

  /** The version a request is for, AVAILABLE, or TF Serving's NOT_FOUND / INVALID_ARGUMENT. */
  resolve(spec: { name: string; version?: number; label?: string }): { version: number; servable: Servable } {
    const entry = this.models.get(spec.name);
    const version = spec.label === undefined ? spec.version : this.labelVersion(spec.name, spec.label);
    const request = version === undefined ? `Latest(${spec.name})` : `Specific(${spec.name}, ${version})`;
    const available = entry?.served ? [...entry.versions.values()].filter((v) => v.state === "AVAILABLE" && v.servable) : [];
    const chosen = version === undefined ? available.sort((a, b) => b.version - a.version)[0] : available.find((v) => v.version === version);
    if (!chosen?.servable) throw notFound(`Servable not found for request: ${request}`);
    return { version: chosen.version, servable: chosen.servable };
  }

  /** Like GetModelStatus: one version, or every version the server has tracked, newest first. */
  getStatus(name: string, version?: number): VersionRecord[] {
    const entry = this.models.get(name);
    if (!entry || entry.versions.size === 0) throw notFound(`Could not find any versions of model ${name}`);
    const records = [...entry.versions.values()]
      .filter((v) => version === undefined || v.version === version)
      .sort((a, b) => b.version - a.version)
      .map(({ version, state, error }) => ({ version, state, error }));
    if (records.length === 0) throw notFound(`Could not find version ${version} of model ${name}`);
    return records;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.pollTimer);
    for (const [timer, resolve] of this.pendingDelays) {
      clearTimeout(timer);
      resolve();
    }
    this.pendingDelays.clear();
    this.changed();
  }
}

function validateConfigs(configs: readonly ModelConfig[], roots: readonly string[]): void {
  const seen = new Set<string>();
  for (const c of configs) {
    if (!c.name) throw invalidArgument("Every model in the config needs a name");
    if (seen.has(c.name)) throw invalidArgument(`Illegal to list model ${c.name} multiple times in config list`);
    seen.add(c.name);
    if (!path.isAbsolute(c.basePath)) {
      throw invalidArgument(`Expected model ${c.name} to have an absolute path or URI; got base_path()=${c.basePath}`);
    }
    checkModelRoots(c, roots);
    if (c.modelPlatform !== "tensorflow") throw invalidArgument(`Model ${c.name} requests unsupported platform ${c.modelPlatform}`);
  }
}
