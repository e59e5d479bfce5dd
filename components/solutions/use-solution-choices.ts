"use client";

import { useFgClasses } from "@/components/fg/use-fg";
import { useModels } from "@/components/models/use-models";
import { useTemplateContext } from "@/components/templates/use-templates";
import type { ComboOption } from "@/components/ui/combobox";
import type { ModelOverview } from "@/server/contracts/models";

export interface Choice {
  options: ComboOption[];
  /** What to say when the value typed is none of the known ones (null: known, empty or still loading). */
  warning: string | null;
}

/** The versions of a model the registry knows: in its policy or reported by an instance, newest first, with their states. */
export function modelVersionOptions(model: ModelOverview | undefined): ComboOption[] {
  if (!model) return [];
  const states = new Map<number, Set<string>>();
  const policy = model.model?.policy;
  if (policy?.kind === "specific") for (const v of policy.versions) states.set(v, states.get(v) ?? new Set());
  for (const i of model.instances) for (const v of i.versions) states.set(v.version, (states.get(v.version) ?? new Set()).add(v.state));
  const labels = Object.entries(model.model?.labels ?? {});
  return [...states.entries()]
    .sort(([a], [b]) => b - a)
    .map(([v, s]) => {
      const labelled = labels.filter(([, x]) => x === v).map(([l]) => l);
      const detail = [[...s].join("/") || "in policy", labelled.length ? `label ${labelled.join(", ")}` : ""].filter(Boolean).join(" · ");
      return { value: String(v), detail };
    });
}

/**
 * What the solution form offers for model name, model version (a number or a version key),
 * fg class and fg version, from the registry; free text stays allowed, with a warning.
 */
export function useSolutionChoices(app: string, form: { modelName: string; modelVersion: string; fgClass: string; fgVersion: string }) {
  const models = useModels();
  const fg = useFgClasses();
  const ctx = useTemplateContext(app);

  const model = models.data?.find((m) => m.name === form.modelName.trim());
  const versionNumbers = modelVersionOptions(model);
  const versionKeys: ComboOption[] = (ctx.data?.versionKeys ?? []).map((k) => ({ value: k, detail: "version key" }));
  const fgClass = fg.data?.find((c) => c.className === form.fgClass.trim());

  const warn = (loaded: boolean, value: string, known: string[], message: string) => (loaded && value.trim() && !known.includes(value.trim()) ? message : null);

  const modelName: Choice = {
    options: (models.data ?? []).map((m) => ({ value: m.name, detail: m.managed ? `${m.instances.length} instance${m.instances.length === 1 ? "" : "s"}` : "registered, not managed" })),
    warning: warn(models.isSuccess, form.modelName, (models.data ?? []).map((m) => m.name), "No model of this name is managed or registered: verification will fail until one is."),
  };
  const v = form.modelVersion.trim();
  const modelVersion: Choice = {
    options: [...versionNumbers, ...versionKeys],
    warning: !v
      ? null
      : /^\d+$/.test(v)
        ? model && !versionNumbers.some((o) => o.value === String(Number(v)))
          ? `Version ${v} is neither in the policy of ${model.name} nor on any of its instances.`
          : null
        : ctx.isSuccess && !versionKeys.some((o) => o.value === v)
          ? `"${v}" is not a version key this app knows yet: the release it is published in must give it a version.`
          : null,
  };
  const fgClassChoice: Choice = {
    options: (fg.data ?? []).map((c) => ({ value: c.className, detail: `${c.versions.length} version${c.versions.length === 1 ? "" : "s"}` })),
    warning: warn(fg.isSuccess, form.fgClass, (fg.data ?? []).map((c) => c.className), "No fg class of this name is published."),
  };
  const fgVersion: Choice = {
    options: (fgClass?.versions ?? []).map((x) => ({ value: x.version, detail: x.kind })),
    warning: fgClass ? warn(true, form.fgVersion, fgClass.versions.map((x) => x.version), `${fgClass.simpleName} has no published version "${form.fgVersion.trim()}".`) : null,
  };
  return { modelName, modelVersion, fgClass: fgClassChoice, fgVersion };
}
