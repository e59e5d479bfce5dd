"use client";

import { useRef, useState, type FormEvent } from "react";
import { ApiError } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Select } from "@/components/ui/field";
import { MAX_ROWS_TEXT, type FeatureTable, type LoadRowsResult } from "@/server/contracts/feature-tables";
import type { RowError, RowFormat } from "@/server/contracts/features";
import { useLoadRows, type LoadProgress } from "./use-feature-tables";

type Progress = LoadProgress | { phase: "reading"; done: number; total: number };

/**
 * Sample rows from a CSV or JSON-lines file. The server checks every line before writing, so a
 * bad file loads nothing and its bad lines are listed by number; a good one shows progress.
 */
export function LoadRowsCard({ table }: { table: FeatureTable }) {
  const load = useLoadRows(table.name);
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<RowFormat>("jsonl");
  const [progress, setProgress] = useState<Progress | null>(null);
  const [result, setResult] = useState<LoadRowsResult | null>(null);
  const [failure, setFailure] = useState<{ message: string; rows: RowError[]; truncated: boolean } | null>(null);
  const abort = useRef<AbortController | null>(null);

  function choose(f: File | null) {
    setFile(f);
    setResult(null);
    setFailure(null);
    if (f) setFormat(/\.csv$/i.test(f.name) ? "csv" : "jsonl");
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setResult(null);
    setFailure(null);
    if (file.size > MAX_ROWS_TEXT) {
      setFailure({ message: `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MiB: sample rows are at most 64 MiB per load.`, rows: [], truncated: false });
      return;
    }
    abort.current = new AbortController();
    try {
      const text = await readWithProgress(file, (done, total) => setProgress({ phase: "reading", done, total }));
      const r = await load.mutateAsync({ input: { format, text }, onProgress: setProgress, signal: abort.current.signal });
      setResult(r);
    } catch (err) {
      const details = err instanceof ApiError ? (err.details as { errors?: RowError[]; truncated?: boolean } | null) : null;
      setFailure({ message: err instanceof Error ? err.message : String(err), rows: details?.errors ?? [], truncated: details?.truncated ?? false });
    } finally {
      setProgress(null);
      abort.current = null;
    }
  }

  const shape =
    table.operator === "getKV"
      ? { csv: "key,value", jsonl: '{"key": "234|20200116", "value": [0.1, 0.2]}' }
      : { csv: "key,field,value", jsonl: '{"key": "234|123|5", "fields": {"score": 0.8}}' };

  return (
    <Card title="Load sample rows">
      <form onSubmit={submit} aria-label="Load sample rows" className="space-y-4">
        <p className="text-sm text-slate-600">
          CSV with the header <code className="font-mono text-xs">{shape.csv}</code>, or JSON lines like{" "}
          <code className="font-mono text-xs">{shape.jsonl}</code>. Keys in the file get its values; other keys keep theirs. Until the file is fully written, lookups see the old values.
        </p>
        <div className="grid grid-cols-1 gap-4 md:grid-cols-[1fr_12rem]">
          <Field label="File" htmlFor="rows-file">
            <input
              ref={inputRef}
              id="rows-file"
              type="file"
              accept=".csv,.jsonl,.json,.ndjson,.txt,text/csv,application/x-ndjson"
              onChange={(e) => choose(e.target.files?.[0] ?? null)}
              className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-700 hover:file:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-500"
            />
          </Field>
          <Field label="Format" htmlFor="rows-format">
            <Select id="rows-format" value={format} onChange={(e) => setFormat(e.target.value as RowFormat)}>
              <option value="jsonl">JSON lines</option>
              <option value="csv">CSV</option>
            </Select>
          </Field>
        </div>
        <div className="flex items-center gap-2">
          <Button type="submit" variant="primary" disabled={!file || progress !== null}>Load rows</Button>
          {progress !== null ? <Button onClick={() => abort.current?.abort()}>Cancel</Button> : null}
        </div>
        {progress ? <ProgressBar progress={progress} /> : null}
        {result ? (
          <Alert tone="success" title="Rows loaded">
            {result.rows.toLocaleString()} row(s), {result.keys.toLocaleString()} key(s) written to {result.table} in {result.ms} ms.
          </Alert>
        ) : null}
        {failure ? (
          <Alert tone="error" title={failure.rows.length > 0 ? "Nothing was loaded: the file has bad lines" : "Nothing was loaded"}>
            {failure.rows.length > 0 ? (
              <ul className="mt-1 max-h-56 space-y-0.5 overflow-auto" data-testid="bad-rows">
                {failure.rows.map((r, i) => (
                  <li key={i}>
                    <span className="font-mono text-xs font-semibold">line {r.line}</span>: {r.message}
                  </li>
                ))}
                {failure.truncated ? <li className="italic">…and more; fix these first.</li> : null}
              </ul>
            ) : (
              failure.message
            )}
          </Alert>
        ) : null}
      </form>
    </Card>
  );
}

function ProgressBar({ progress }: { progress: Progress }) {
  const pct = progress.total ? Math.round((100 * progress.done) / progress.total) : null;
  const label =
    progress.phase === "reading"
      ? `Reading the file… ${pct ?? 0}%`
      : progress.phase === "checking"
        ? "Checking every line…"
        : `Writing ${(progress.done ?? 0).toLocaleString()} of ${(progress.total ?? 0).toLocaleString()} keys`;
  return (
    <div className="space-y-1" role="status">
      <p className="text-xs text-slate-600">{label}</p>
      <div className="h-2 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined} aria-label="Load progress">
        <div className={`h-full bg-indigo-500 transition-[width] ${pct === null ? "w-1/3 animate-pulse" : ""}`} style={pct === null ? undefined : { width: `${pct}%` }} />
      </div>
    </div>
  );
}

function readWithProgress(file: File, onProgress: (done: number, total: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => onProgress(e.loaded, e.total || file.size);
    reader.onerror = () => reject(new Error(`Could not read ${file.name}.`));
    reader.onload = () => resolve(String(reader.result ?? ""));
    reader.readAsText(file);
  });
}
