"use client";

import { useId, useState, type FormEvent } from "react";
import { ApiError } from "@/components/api-client";
import { TemplateField } from "@/components/templates/template-field";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Combobox } from "@/components/ui/combobox";
import { Field, Input } from "@/components/ui/field";
import { apiErrorToErrors, issuesToErrors, type FormErrors } from "@/components/ui/use-schema-form";
import { useUnsavedValues } from "@/components/ui/use-unsaved-changes";
import { SaveSolutionSchema, type SolutionsDraft } from "@/server/contracts/solution-drafts";
import type { Solution } from "@/server/contracts/solutions";
import { compressBucketRanges } from "@/sdk/src/core/solutions/bucket-ranges";
import { parseBucketText } from "./bucket-text";
import { useSolutionChoices } from "./use-solution-choices";
import { useCreateSolution, useUpdateSolution } from "./use-solutions";

interface FeatureRow {
  key: number;
  name: string;
  template: string;
}

interface FormDraft {
  name: string;
  modelName: string;
  modelVersion: string;
  fgClass: string;
  fgVersion: string;
  features: FeatureRow[];
  buckets: string;
}

let rowKey = 0;

function draftOf(solution: Solution | null): FormDraft {
  return {
    name: solution?.name ?? "",
    modelName: solution?.model.name ?? "",
    modelVersion: solution?.model.version ?? "",
    fgClass: solution?.fg.class ?? "",
    fgVersion: solution?.fg.version ?? "",
    // By name, as the exported document lists them.
    features: Object.entries(solution?.features ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, template]) => ({ key: ++rowKey, name, template })),
    buckets: solution ? compressBucketRanges(solution.buckets) : "",
  };
}

/**
 * Create (no `solution`) or edit one solution: name, model, fg, features (name -> query template,
 * checked as you type) and buckets. Validated with the API's schema before sending; the server
 * also checks the split and the templates.
 */
export function SolutionForm({ draft, solution, onDone }: { draft: SolutionsDraft; solution: Solution | null; onDone: (message: string) => void }) {
  const app = draft.app.name;
  const [form, setForm] = useState<FormDraft>(() => draftOf(solution));
  const [baseVersion, setBaseVersion] = useState(draft.version);
  const [errors, setErrors] = useState<FormErrors>({});
  const [conflict, setConflict] = useState<SolutionsDraft | null>(null);
  const create = useCreateSolution(app);
  const update = useUpdateSolution(app);
  const pending = create.isPending || update.isPending;
  const formId = useId();
  const choices = useSolutionChoices(app, form);
  // Rows compared without their React keys: a row added and removed again is no change.
  useUnsavedValues({ ...form, features: form.features.map(({ name, template }) => ({ name, template })) });
  const set = <K extends keyof FormDraft>(key: K, value: FormDraft[K]) => setForm((f) => ({ ...f, [key]: value }));
  const setRow = (key: number, change: Partial<FeatureRow>) => set("features", form.features.map((r) => (r.key === key ? { ...r, ...change } : r)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: FormErrors = {};
    const buckets = parseBucketText(form.buckets, draft.app.bucketCount);
    if ("error" in buckets) local["solution.buckets"] = buckets.error;
    const seen = new Set<string>();
    for (const row of form.features) {
      if (!row.name.trim()) local[`row.${row.key}`] = "Name the feature";
      else if (seen.has(row.name.trim())) local[`row.${row.key}`] = `"${row.name.trim()}" is listed twice`;
      seen.add(row.name.trim());
    }
    const input = {
      version: baseVersion,
      solution: {
        name: form.name.trim(),
        features: Object.fromEntries(form.features.map((r) => [r.name.trim(), r.template.trim()])),
        model: { name: form.modelName.trim(), version: form.modelVersion.trim() },
        fg: { class: form.fgClass.trim(), version: form.fgVersion.trim() },
        buckets: "error" in buckets ? [] : buckets.buckets,
      },
    };
    const parsed = SaveSolutionSchema.safeParse(input);
    const all = { ...(parsed.success ? {} : issuesToErrors(parsed.error.issues)), ...local };
    if (Object.keys(all).length > 0) return setErrors(all);
    setErrors({});
    try {
      if (solution) await update.mutateAsync({ name: solution.name, input });
      else await create.mutateAsync(input);
      onDone(solution ? `Saved ${input.solution.name}.` : `Created ${input.solution.name}.`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && (err.details as { current?: SolutionsDraft } | null)?.current) {
        setConflict((err.details as { current: SolutionsDraft }).current);
      } else {
        setErrors(apiErrorToErrors(err));
      }
    }
  }

  const featureError = (row: FeatureRow) => errors[`row.${row.key}`] ?? errors[`solution.features.${row.name.trim()}`];
  const theirs = conflict && solution ? conflict.solutions.find((s) => s.name === solution.name) : undefined;

  return (
    <Card title={solution ? `Edit solution ${solution.name}` : "New solution"}>
      <form onSubmit={submit} noValidate className="space-y-6" aria-label={solution ? `Edit solution ${solution.name}` : "New solution"}>
        {conflict ? (
          <Alert tone="warning" title={`Not saved: ${conflict.updatedBy ?? "someone"} changed the solutions while you were editing (now version ${conflict.version}).`}>
            {solution ? (
              theirs ? (
                <p>
                  Their {solution.name}: model {theirs.model.name} {theirs.model.version}, fg {theirs.fg.class} {theirs.fg.version}, features{" "}
                  {Object.keys(theirs.features).join(", ") || "none"}, buckets {compressBucketRanges(theirs.buckets) || "none"}.
                </p>
              ) : (
                <p>They removed or renamed {solution.name}.</p>
              )
            ) : (
              <p>Their solutions: {conflict.solutions.map((s) => s.name).join(", ") || "none"}.</p>
            )}
            <div className="mt-3 flex gap-2">
              <Button size="sm" onClick={() => onDone("")}>Discard mine</Button>
              <Button
                size="sm"
                variant="primary"
                onClick={() => {
                  setBaseVersion(conflict.version);
                  setConflict(null);
                }}
              >
                Keep mine (save again to overwrite)
              </Button>
            </div>
          </Alert>
        ) : null}
        {errors.form ? <Alert tone="error" title="Not saved">{errors.form}</Alert> : null}

        <div className="grid grid-cols-1 gap-5 md:grid-cols-2 xl:grid-cols-6">
          <Field label="Name" htmlFor={`${formId}-name`} error={errors["solution.name"]} hint="e.g. v3">
            <Input id={`${formId}-name`} value={form.name} invalid={!!errors["solution.name"]} autoFocus onChange={(e) => set("name", e.target.value)} />
          </Field>
          <Field label="Model name" htmlFor={`${formId}-model-name`} error={errors["solution.model.name"]}>
            <Combobox
              id={`${formId}-model-name`}
              value={form.modelName}
              invalid={!!errors["solution.model.name"]}
              warning={choices.modelName.warning ?? undefined}
              placeholder="e.g. favpush_dnn"
              options={choices.modelName.options}
              onChange={(v) => set("modelName", v)}
            />
          </Field>
          <Field label="Model version" htmlFor={`${formId}-model-version`} error={errors["solution.model.version"]} hint="A version number or a version key">
            <Combobox
              id={`${formId}-model-version`}
              value={form.modelVersion}
              invalid={!!errors["solution.model.version"]}
              warning={choices.modelVersion.warning ?? undefined}
              placeholder="e.g. favpush_dnn_v1"
              options={choices.modelVersion.options}
              onChange={(v) => set("modelVersion", v)}
            />
          </Field>
          <Field label="fg class" htmlFor={`${formId}-fg-class`} error={errors["solution.fg.class"]} className="xl:col-span-2">
            <Combobox
              id={`${formId}-fg-class`}
              value={form.fgClass}
              invalid={!!errors["solution.fg.class"]}
              warning={choices.fgClass.warning ?? undefined}
              placeholder="e.g. com.xxx.ranking.fg.DNNFg"
              options={choices.fgClass.options}
              onChange={(v) => set("fgClass", v)}
            />
          </Field>
          <Field label="fg version" htmlFor={`${formId}-fg-version`} error={errors["solution.fg.version"]}>
            <Combobox
              id={`${formId}-fg-version`}
              value={form.fgVersion}
              invalid={!!errors["solution.fg.version"]}
              warning={choices.fgVersion.warning ?? undefined}
              placeholder="e.g. v2"
              options={choices.fgVersion.options}
              emptyText="Pick the fg class first"
              onChange={(v) => set("fgVersion", v)}
            />
          </Field>
        </div>

        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Features</legend>
          <p className="mt-0.5 text-xs text-slate-500">Feature name → query template, e.g. getKV user_tbl {"{uid}"}|{"{version:favpush_vec_v2}"}. Ctrl+Space completes names.</p>
          {errors["solution.features"] ? (
            <p role="alert" className="mt-1 text-xs text-red-700">
              {errors["solution.features"]}
            </p>
          ) : null}
          <div className="mt-3 space-y-3">
            {form.features.length === 0 ? <p className="text-sm text-slate-500">No features yet.</p> : null}
            {form.features.map((row, i) => (
              <div key={row.key} className="grid grid-cols-1 items-start gap-2 md:grid-cols-[14rem_minmax(0,1fr)_auto]">
                <div>
                  <Input
                    aria-label={`Feature ${i + 1} name`}
                    value={row.name}
                    placeholder="e.g. user_vec"
                    className="font-mono placeholder:font-sans"
                    invalid={!!featureError(row)}
                    onChange={(e) => setRow(row.key, { name: e.target.value })}
                  />
                  {featureError(row) ? (
                    <p role="alert" className="mt-1 text-xs text-red-700">
                      {featureError(row)}
                    </p>
                  ) : null}
                </div>
                <TemplateField
                  app={app}
                  id={`${formId}-feature-${row.key}`}
                  aria-label={`Feature ${i + 1} query template`}
                  featureName={row.name || undefined}
                  value={row.template}
                  placeholder="e.g. getKV user_tbl {uid}"
                  onChange={(template) => setRow(row.key, { template })}
                />
                <Button variant="ghost" aria-label={`Remove feature ${row.name || i + 1}`} onClick={() => set("features", form.features.filter((r) => r.key !== row.key))}>
                  Remove
                </Button>
              </div>
            ))}
          </div>
          <Button className="mt-3" size="sm" onClick={() => set("features", [...form.features, { key: ++rowKey, name: "", template: "" }])}>
            Add feature
          </Button>
        </fieldset>

        <Field
          label="Buckets"
          htmlFor={`${formId}-buckets`}
          error={errors["solution.buckets"]}
          hint={`Ranges like 0-2, 7 (of 0-${draft.app.bucketCount - 1}). Usually left empty here and assigned in the bucket split below.`}
          className="max-w-md"
        >
          <Input id={`${formId}-buckets`} value={form.buckets} invalid={!!errors["solution.buckets"]} onChange={(e) => set("buckets", e.target.value)} />
        </Field>

        <div className="flex items-center gap-3 border-t border-slate-100 pt-4">
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? "Saving…" : solution ? "Save solution" : "Create solution"}
          </Button>
          <Button variant="ghost" onClick={() => onDone("")}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}
