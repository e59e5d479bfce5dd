"use client";

import { useId, useState, type FormEvent } from "react";
import { ApiError } from "@/components/api-client";
import { TensorTable } from "@/components/trial/tensor-table";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Textarea } from "@/components/ui/field";
import type { FgPackage } from "@/server/contracts/fg";
import { useTryFg } from "./use-fg";

/** A featureMap of the demo (favpush v2's features), one feature per line so it reads at a glance. */
export const SAMPLE_FEATURE_MAP = `{
  "origin": {"uid": 234, "goods_id": 123},
  "user_vec": [0.12, -0.4, 0.33, 0.05, -0.21, 0.9, -0.67, 0.18],
  "goods_vec": [-0.3, 0.25, 0.11, -0.72, 0.4, 0.06, 0.52, -0.15],
  "cf": {"score": 1.7, "co_clicks": 12}
}`;

/**
 * The try-it box: paste a featureMap, see the TensorIO the fg builds from it (the same runFg
 * as scoring, in the sandbox for code), or the fg's own error with every problem listed.
 */
export function TryFgBox({ target, label = "Try it" }: { target: { ref: { className: string; version: string } } | { pkg: FgPackage | null }; label?: string }) {
  const [text, setText] = useState(SAMPLE_FEATURE_MAP);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const run = useTryFg();
  const id = useId();

  function submit(e: FormEvent) {
    e.preventDefault();
    let featureMap: Record<string, unknown>; // checked below: JSON.parse answers any
    try {
      featureMap = JSON.parse(text);
    } catch (err) {
      setJsonError(`The featureMap is not valid JSON: ${(err as Error).message}`);
      return;
    }
    if (typeof featureMap !== "object" || featureMap === null || Array.isArray(featureMap)) {
      setJsonError('A featureMap is a JSON object with an "origin" object and one entry per feature.');
      return;
    }
    setJsonError(null);
    if ("ref" in target) run.mutate({ ref: target.ref, featureMap });
    else if (target.pkg) run.mutate({ pkg: target.pkg, featureMap });
  }

  const noPackage = "pkg" in target && target.pkg === null;
  return (
    <form onSubmit={submit} aria-label={label} className="space-y-3">
      <Field label="featureMap (JSON)" htmlFor={`${id}-fm`} error={jsonError ?? undefined} hint="origin (the request), one entry per feature of the solution (null where the store had nothing, as scoring builds it); online defaults to true; the log starts as scoring starts it.">
        <Textarea id={`${id}-fm`} rows={7} value={text} invalid={!!jsonError} onChange={(e) => setText(e.target.value)} className="font-mono text-xs" spellCheck={false} />
      </Field>
      <Button type="submit" variant="primary" disabled={run.isPending || noPackage}>{run.isPending ? "Running…" : "Build TensorIO"}</Button>
      {run.error ? <FgError error={run.error} /> : null}
      {run.data && !run.error ? (
        <div className="space-y-3" data-testid="try-result">
          <TensorTable caption="Input tensors" tensors={run.data.tensorIO.inputs} />
          <p className="text-sm text-slate-600">
            Outputs to fetch:{" "}
            {run.data.tensorIO.outputs.map((o) => (
              <code key={o.name} className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">{o.name}{o.dtype ? `: ${o.dtype}` : ""}</code>
            ))}
            <span className="text-xs text-slate-400">{run.data.ms} ms</span>
          </p>
          {Object.keys(run.data.log).length > 0 ? (
            <div>
              <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">featureMap.log</p>
              <pre className="mt-1 overflow-auto rounded-md bg-slate-50 p-2 font-mono text-xs">{JSON.stringify(run.data.log, null, 2)}</pre>
            </div>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}

export function FgError({ error }: { error: Error }) {
  const details = error instanceof ApiError ? (error.details as { problems?: { path: string; message: string }[]; issues?: { path: string; message: string }[] } | null) : null;
  const problems = details?.problems ?? details?.issues ?? [];
  return (
    <Alert tone="error" title="The fg failed">
      <p className="break-words">{error.message}</p>
      {problems.length > 0 ? (
        <ul className="mt-1 list-disc pl-5" data-testid="fg-problems">
          {problems.map((p, i) => (
            <li key={i}>
              <code className="font-mono text-xs">{p.path}</code>: {p.message}
            </li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
