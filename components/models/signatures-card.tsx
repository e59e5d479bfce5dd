"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Select } from "@/components/ui/field";
import { useSignatures } from "./use-models";

export function SignaturesCard({ name, versions }: { name: string; versions: number[] }) {
  const [version, setVersion] = useState<number | null>(null);
  const [shown, setShown] = useState(false);
  const { data, error, isFetching } = useSignatures(name, version, shown);
  return (
    <Card title="Signatures">
      <div className="flex items-end gap-2">
        <div>
          <label htmlFor="signature-version" className="block text-sm font-medium text-slate-700">Version</label>
          <Select id="signature-version" className="w-48" value={version ?? ""} onChange={(e) => setVersion(e.target.value ? Number(e.target.value) : null)}>
            <option value="">latest</option>
            {versions.map((v) => (
              <option key={v} value={v}>{v}</option>
            ))}
          </Select>
        </div>
        <Button onClick={() => setShown(true)} disabled={isFetching}>{isFetching ? "Asking…" : "Show signatures"}</Button>
      </div>
      {error ? <div className="mt-3"><Alert tone="error">{error.message}</Alert></div> : null}
      {shown && data ? (
        <>
          <p className="mt-3 text-xs text-slate-500">Version {data.version ?? "?"}, from {data.instance}, as <code>saved_model_cli show --all</code> prints it:</p>
          <pre data-testid="signatures" className="mt-1 max-h-96 overflow-auto rounded bg-slate-900 p-3 font-mono text-xs text-slate-100">{data.text}</pre>
        </>
      ) : null}
    </Card>
  );
}
