"use client";

import { Badge } from "@/components/ui/badge";
import type { LookupResult } from "@/server/contracts/feature-tables";

/** What a key holds: a value (getKV) or a map (getKKV) shown field by field; "not found" is an answer too. */
export function LookupResultView({ result }: { result: LookupResult }) {
  return (
    <div className="space-y-2" data-testid="lookup-result">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={result.found ? "green" : "amber"}>{result.found ? "found" : "not found"}</Badge>
        <span className="font-mono text-xs text-slate-700">
          {result.operator} {result.table} {result.key}
        </span>
        <span className="text-xs text-slate-400">{result.ms} ms</span>
      </p>
      {!result.found ? (
        <p className="text-sm text-slate-600">Nothing is stored under this key. Check the version part of the key and that rows were loaded for it.</p>
      ) : result.operator === "getKKV" && isMap(result.value) ? (
        <table className="min-w-72 text-sm">
          <thead>
            <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
              <th className="py-1 pr-6 font-semibold">Field</th>
              <th className="py-1 font-semibold">Value</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {Object.entries(result.value).map(([field, v]) => (
              <tr key={field}>
                <td className="py-1 pr-6 font-mono text-xs">{field}</td>
                <td className="py-1 font-mono text-xs">{JSON.stringify(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <pre className="max-h-64 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs text-slate-800">{JSON.stringify(result.value, null, 2)}</pre>
      )}
    </div>
  );
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
