"use client";

import { useEffect, useMemo, useState, type FormEvent } from "react";
import { useApps } from "@/components/apps/use-apps";
import { useSelectedApp } from "@/components/shell/use-selected-app";
import { useSolutionsDiff, useSolutionsDraft } from "@/components/solutions/use-solutions";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import type { ScoreRequestInput } from "@/server/contracts/scoring";
import { choiceOf, withConfigChoice, type ConfigChoice } from "./config-choice";
import { itemFieldChoices, itemsFromText, textFromItems } from "./item-draft";
import { ItemsBox } from "./items-box";
import { checkOriginTypes, fieldsFromOrigin, originFromFields, originJsonFromFields, originKeepingText, parseOriginJson, trialKey } from "./origin-draft";

export interface TrialFormValue {
  request: ScoreRequestInput;
  compare: { solution?: string; config: ConfigChoice } | null;
}

/**
 * `changeRequestId`: the page was opened from a pending change request; "change request" (its
 * candidate) is then a configuration to choose. `initialCompare`: compare on, under that configuration.
 */
export function TrialForm({
  initial,
  initialCompare,
  changeRequestId = null,
  pending,
  onRun,
  onDraftChange,
}: {
  initial: ScoreRequestInput | null;
  initialCompare?: { config: ConfigChoice } | null;
  changeRequestId?: string | null;
  pending: boolean;
  onRun: (v: TrialFormValue) => void;
  /** The request as the form now stands (see trialKey), so a result run with another one shows as stale. */
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
  const [config, setConfig] = useState<ConfigChoice>("published");
  const [comparing, setComparing] = useState(false);
  const [otherSolution, setOtherSolution] = useState("");
  const [otherConfig, setOtherConfig] = useState<ConfigChoice>("published");
  const [errors, setErrors] = useState<Record<string, string>>({});
  // The Items box: the field chosen ("" = the first offered) and the ids as typed.
  const [itemField, setItemField] = useState("");
  const [itemsText, setItemsText] = useState("");

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
    setConfig(choiceOf(initial.options));
    const box = textFromItems(initial.items);
    setItemField(box?.field ?? "");
    setItemsText(box?.text ?? "");
    if (initialCompare) {
      setComparing(true);
      setOtherConfig(initialCompare.config);
    } else {
      // A re-run is scored alone, so the form shows it alone.
      setComparing(false);
    }
  }

  const app = apps?.find((a) => a.name === appName);
  // The app's solutions: the draft's, and published ones the draft removed (a trial may score either config).
  const { data: draft } = useSolutionsDraft(appName);
  const { data: diff } = useSolutionsDiff(appName);
  const solutionNames = [...new Set([...(draft?.solutions.map((s) => s.name) ?? []), ...(diff?.diff.removed.map((s) => s.name) ?? [])])];

  const choices = useMemo(() => (app ? itemFieldChoices(app) : []), [app]);
  const chosenItemField = choices.find((c) => c.name === itemField) ?? choices[0];
  const parsedItems = useMemo(() => (chosenItemField ? itemsFromText(chosenItemField, itemsText) : null), [chosenItemField, itemsText]);
  // An origin field sent per item is left out of the origin (the request would otherwise carry it twice).
  const perItemOrigin = parsedItems && chosenItemField?.from === "origin" ? chosenItemField.name : null;

  const draftKey = useMemo(() => {
    if (!app) return "";
    const parsed = raw ? parseOriginJson(rawText) : null;
    const origin = parsed ? ("origin" in parsed ? parsed.origin : rawText) : withoutKey(originKeepingText(app, fields, extras), perItemOrigin);
    const items = parsedItems ? ("items" in parsedItems ? parsedItems.items : itemsText) : undefined;
    return trialKey({ app: app.name, origin, items, config, bucket, solution, compare: comparing ? { solution: otherSolution, config: otherConfig } : null });
  }, [app, raw, rawText, fields, extras, perItemOrigin, parsedItems, itemsText, config, bucket, solution, comparing, otherSolution, otherConfig]);
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
    if (parsedItems && "error" in parsedItems) return setErrors({ items: parsedItems.error });
    const items = parsedItems?.items;
    let origin: Record<string, unknown>;
    if (raw) {
      const parsed = parseOriginJson(rawText);
      if ("error" in parsed) return setErrors({ raw: parsed.error });
      // The declared types are checked here too, before sending, naming each field.
      const typeErrors = checkOriginTypes(app, parsed.origin);
      if (Object.keys(typeErrors).length) return setErrors({ raw: Object.values(typeErrors).join("; ") });
      if (perItemOrigin && Object.hasOwn(parsed.origin, perItemOrigin)) {
        return setErrors({ raw: `"${perItemOrigin}" is sent per item: take it out of the origin, or empty the item ids` });
      }
      origin = parsed.origin;
    } else {
      const r = originFromFields(app, withoutKey(fields, perItemOrigin));
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
        ...(items ? { items } : {}),
        options: withConfigChoice({ trace: true, ...(bucket ? { bucket: Number(bucket) } : {}), ...(solution.trim() ? { solution: solution.trim() } : {}) }, config, changeRequestId),
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
        <Field
          label="Config"
          htmlFor="trial-config"
          hint={changeRequestId ? "Change request: what approving it would release. Published: live, what scoring services read." : "Published: what scoring services read. Draft: the solutions being edited."}
        >
          <Select id="trial-config" value={config} onChange={(e) => setConfig(e.target.value as ConfigChoice)}>
            <ConfigOptions changeRequestId={changeRequestId} />
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
            <Field key={f.name} label={`${f.name} (${f.type})`} htmlFor={`origin-${f.name}`} error={errors[f.name]} hint={f.name === perItemOrigin ? "Sent per item (Items below)" : undefined}>
              <Input
                id={`origin-${f.name}`}
                value={f.name === perItemOrigin ? "" : (fields[f.name] ?? "")}
                placeholder={f.name === perItemOrigin ? "per item" : undefined}
                disabled={f.name === perItemOrigin}
                invalid={!!errors[f.name]}
                onChange={(e) => setFields({ ...fields, [f.name]: e.target.value })}
              />
            </Field>
          ))}
          {Object.keys(extras).length ? (
            <p className="text-xs text-slate-500 md:col-span-3" data-testid="origin-extras">
              Also sent, not declared by {app?.name}: {Object.keys(extras).join(", ")} (edit them in Raw JSON).
            </p>
          ) : null}
        </fieldset>
      )}

      {app ? (
        <ItemsBox
          app={app.name}
          choices={choices}
          field={chosenItemField}
          onField={setItemField}
          text={itemsText}
          onText={(text) => {
            setItemsText(text);
            // The error named the ids as they were: editing them takes it away until the next Score.
            if (errors.items) setErrors(({ items: _stale, ...rest }) => rest);
          }}
          error={errors.items}
        />
      ) : null}

      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <Field label="Force bucket (optional)" htmlFor="trial-bucket" error={errors.bucket}>
          <Input id="trial-bucket" inputMode="numeric" value={bucket} invalid={!!errors.bucket} onChange={(e) => setBucket(e.target.value)} />
        </Field>
        <Field label="Force solution (optional)" htmlFor="trial-solution" hint="Wins over the bucket">
          <Select id="trial-solution" value={solution} onChange={(e) => setSolution(e.target.value)}>
            <option value="">By bucket</option>
            {withCurrent(solutionNames, solution).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </Select>
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
            <Select id="trial-other-solution" value={otherSolution} onChange={(e) => setOtherSolution(e.target.value)}>
              <option value="">By bucket</option>
              {withCurrent(solutionNames, otherSolution).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Compare: config" htmlFor="trial-other-config">
            <Select id="trial-other-config" value={otherConfig} onChange={(e) => setOtherConfig(e.target.value as ConfigChoice)}>
              <ConfigOptions changeRequestId={changeRequestId} />
            </Select>
          </Field>
        </div>
      ) : null}

      <Button type="submit" variant="primary" disabled={pending || !app}>{pending ? "Scoring…" : comparing ? "Score both" : "Score"}</Button>
    </form>
  );
}

function ConfigOptions({ changeRequestId }: { changeRequestId: string | null }) {
  return (
    <>
      <option value="published">published</option>
      <option value="draft">draft</option>
      {changeRequestId ? <option value="change-request">change request</option> : null}
    </>
  );
}

/** `values` without `key` (an origin field sent per item); as it was when there is none. */
function withoutKey<T>(values: Record<string, T>, key: string | null): Record<string, T> {
  if (key === null || !Object.hasOwn(values, key)) return values;
  const { [key]: _dropped, ...rest } = values;
  return rest;
}

/** The options of a solution select: a name kept from a recent trial stays selectable even when the app no longer has it. */
function withCurrent(names: string[], current: string): string[] {
  return current && !names.includes(current) ? [...names, current] : names;
}
