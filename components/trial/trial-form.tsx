"use client";

import { useEffect, useMemo, useState, type FormEvent } from "react";
import { useApps } from "@/components/apps/use-apps";
import { useSelectedApp } from "@/components/shell/use-selected-app";
import { useSolutionsDraft } from "@/components/solutions/use-solutions";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import type { ScoreRequestInput } from "@/server/contracts/scoring";
import { checkOriginTypes, fieldsFromOrigin, originFromFields, originJsonFromFields, originKeepingText, parseOriginJson, trialKey } from "./origin-draft";

export interface TrialFormValue {
  request: ScoreRequestInput;
  compare: { solution?: string; config: "published" | "draft" } | null;
}

/** `onDraftChange`: the request as the form now stands (see trialKey), so a result run with another one shows as stale. */
export function TrialForm({
  initial,
  pending,
  onRun,
  onDraftChange,
}: {
  initial: ScoreRequestInput | null;
  pending: boolean;
  onRun: (v: TrialFormValue) => void;
  onDraftChange?: (key: string) => void;
}) {
  const { data: apps } = useApps();
  const [selectedApp] = useSelectedApp();
  // The app chosen here; until one is, the shell's selected app (or the first).
  const [chosenApp, setAppName] = useState(initial?.app_name ?? "");
  const appName = chosenApp || (apps?.some((a) => a.name === selectedApp) ? selectedApp! : (apps?.[0]?.name ?? ""));
  const [fields, setFields] = useState<Record<string, string>>({});
  // Keys of a raw origin the app does not declare: no input of their own, but kept and sent.
  const [extras, setExtras] = useState<Record<string, unknown>>({});
  const [raw, setRaw] = useState(false);
  const [rawText, setRawText] = useState("{}");
  const [bucket, setBucket] = useState("");
  const [solution, setSolution] = useState("");
  const [config, setConfig] = useState<"published" | "draft">("published");
  const [comparing, setComparing] = useState(false);
  const [otherSolution, setOtherSolution] = useState("");
  const [otherConfig, setOtherConfig] = useState<"published" | "draft">("published");
  const [errors, setErrors] = useState<Record<string, string>>({});

  // A request picked from the recent list fills the form (during render, not in an effect, so
  // the form never shows the old request for a frame).
  const [filledFrom, setFilledFrom] = useState<ScoreRequestInput | null>(null);
  if (initial && initial !== filledFrom) {
    setFilledFrom(initial);
    setAppName(initial.app_name);
    const initialApp = apps?.find((a) => a.name === initial.app_name);
    const split = fieldsFromOrigin(initialApp ?? { originFields: [] }, initial.origin);
    setFields(initialApp ? split.fields : Object.fromEntries(Object.entries(initial.origin).map(([k, v]) => [k, String(v)])));
    setExtras(initialApp ? split.extras : {});
    setRawText(JSON.stringify(initial.origin, null, 2));
    setBucket(initial.options?.bucket !== undefined ? String(initial.options.bucket) : "");
    setSolution(initial.options?.solution ?? "");
    setConfig(initial.options?.config ?? "published");
    // A re-run is scored alone, so the form shows it alone.
    setComparing(false);
  }

  const app = apps?.find((a) => a.name === appName);
  // Names to suggest; the draft's names, which are the published ones unless someone is editing.
  const { data: draft } = useSolutionsDraft(appName);
  const solutionNames = draft?.solutions.map((s) => s.name) ?? [];

  const draftKey = useMemo(() => {
    if (!app) return "";
    const parsed = raw ? parseOriginJson(rawText) : null;
    const origin = parsed ? ("origin" in parsed ? parsed.origin : rawText) : originKeepingText(app, fields, extras);
    return trialKey({ app: app.name, origin, config, bucket, solution, compare: comparing ? { solution: otherSolution, config: otherConfig } : null });
  }, [app, raw, rawText, fields, extras, config, bucket, solution, comparing, otherSolution, otherConfig]);
  useEffect(() => onDraftChange?.(draftKey), [draftKey, onDraftChange]);

  /** Switching modes converts the origin both ways, so nothing typed is lost; bad JSON keeps you in Raw JSON mode. */
  function switchMode(toRaw: boolean) {
    if (!app) return;
    if (toRaw) {
      setRawText(originJsonFromFields(app, fields, extras));
      setErrors({});
      setRaw(true);
      return;
    }
    const parsed = parseOriginJson(rawText);
    if ("error" in parsed) return setErrors({ raw: `Fix the JSON to go back to field by field: ${parsed.error}` });
    const split = fieldsFromOrigin(app, parsed.origin);
    setFields(split.fields);
    setExtras(split.extras);
    setErrors({});
    setRaw(false);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!app) return;
    let origin: Record<string, unknown>;
    if (raw) {
      const parsed = parseOriginJson(rawText);
      if ("error" in parsed) return setErrors({ raw: parsed.error });
      // The declared types are checked here too, before sending, naming each field.
      const typeErrors = checkOriginTypes(app, parsed.origin);
      if (Object.keys(typeErrors).length) return setErrors({ raw: Object.values(typeErrors).join("; ") });
      origin = parsed.origin;
    } else {
      const r = originFromFields(app, fields);
      if (Object.keys(r.errors).length) {
        setErrors(r.errors);
        return;
      }
      origin = { ...r.origin, ...extras };
    }
    if (bucket && !/^\d+$/.test(bucket)) {
      setErrors({ bucket: "A bucket number" });
      return;
    }
    setErrors({});
    onRun({
      request: {
        app_name: app.name,
        origin,
        options: { config, trace: true, ...(bucket ? { bucket: Number(bucket) } : {}), ...(solution.trim() ? { solution: solution.trim() } : {}) },
      },
      compare: comparing ? { config: otherConfig, ...(otherSolution.trim() ? { solution: otherSolution.trim() } : {}) } : null,
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Trial scoring request" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <Field label="App" htmlFor="trial-app">
          <Select id="trial-app" value={appName} onChange={(e) => setAppName(e.target.value)}>
            {(apps ?? []).map((a) => (
              <option key={a.name} value={a.name}>{a.name}</option>
            ))}
          </Select>
        </Field>
        <Field label="Config" htmlFor="trial-config" hint="Published: what scoring services read. Draft: the solutions being edited.">
          <Select id="trial-config" value={config} onChange={(e) => setConfig(e.target.value as "published" | "draft")}>
            <option value="published">published</option>
            <option value="draft">draft</option>
          </Select>
        </Field>
        <div className="flex items-end">
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" checked={raw} disabled={!app} onChange={(e) => switchMode(e.target.checked)} /> Raw JSON origin
          </label>
        </div>
      </div>

      {raw ? (
        <Field label="origin (JSON)" htmlFor="trial-raw" error={errors.raw}>
          <Textarea id="trial-raw" rows={5} className="font-mono text-xs" value={rawText} invalid={!!errors.raw} onChange={(e) => setRawText(e.target.value)} />
        </Field>
      ) : (
        <fieldset className="grid grid-cols-1 gap-4 md:grid-cols-3">
          <legend className="mb-1 text-sm font-medium text-slate-700">origin</legend>
          {(app?.originFields ?? []).map((f) => (
            <Field key={f.name} label={`${f.name} (${f.type})`} htmlFor={`origin-${f.name}`} error={errors[f.name]}>
              <Input id={`origin-${f.name}`} value={fields[f.name] ?? ""} invalid={!!errors[f.name]} onChange={(e) => setFields({ ...fields, [f.name]: e.target.value })} />
            </Field>
          ))}
          {Object.keys(extras).length ? (
            <p className="text-xs text-slate-500 md:col-span-3" data-testid="origin-extras">
              Also sent, not declared by {app?.name}: {Object.keys(extras).join(", ")} (edit them in Raw JSON).
            </p>
          ) : null}
        </fieldset>
      )}

      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <Field label="Force bucket (optional)" htmlFor="trial-bucket" error={errors.bucket}>
          <Input id="trial-bucket" inputMode="numeric" value={bucket} invalid={!!errors.bucket} onChange={(e) => setBucket(e.target.value)} />
        </Field>
        <Field label="Force solution (optional)" htmlFor="trial-solution" hint="e.g. v2; wins over the bucket">
          <Input id="trial-solution" list="trial-solution-names" autoComplete="off" value={solution} onChange={(e) => setSolution(e.target.value)} />
          <datalist id="trial-solution-names">
            {solutionNames.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </Field>
        <div className="flex items-end">
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" checked={comparing} onChange={(e) => setComparing(e.target.checked)} /> Compare with another solution or config
          </label>
        </div>
      </div>

      {comparing ? (
        <div className="grid grid-cols-1 gap-4 rounded-md bg-slate-50 p-4 md:grid-cols-3">
          <Field label="Compare: solution" htmlFor="trial-other-solution" hint="Empty: by bucket">
            <Input id="trial-other-solution" list="trial-solution-names" autoComplete="off" value={otherSolution} onChange={(e) => setOtherSolution(e.target.value)} />
          </Field>
          <Field label="Compare: config" htmlFor="trial-other-config">
            <Select id="trial-other-config" value={otherConfig} onChange={(e) => setOtherConfig(e.target.value as "published" | "draft")}>
              <option value="published">published</option>
              <option value="draft">draft</option>
            </Select>
          </Field>
        </div>
      ) : null}

      <Button type="submit" variant="primary" disabled={pending || !app}>{pending ? "Scoring…" : comparing ? "Score both" : "Score"}</Button>
    </form>
  );
}
