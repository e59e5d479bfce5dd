"use client";

import { useState, type FormEvent } from "react";
import { ApiError } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Textarea } from "@/components/ui/field";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import { useImportModelConf } from "./use-models";

const EXAMPLE = `model_config_list: {
  config: {
    name: "dnn",
    base_path: "/model/dnn/data/",
    model_platform: "tensorflow",
    model_version_policy: { specific { versions: 20200115 versions: 20200116 } }
  }
}`;

export function ImportModelConf({ onDone }: { onDone: () => void }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const importConf = useImportModelConf();
  useUnsavedChanges(text.trim() !== "");

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const r = await importConf.mutateAsync(text);
      setResult(r.models.map((m) => `${m.model.name} (${m.created ? "created" : "updated"})`).join(", "));
      setText("");
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Import failed.");
    }
  }

  return (
    <Card title="Import a model.conf" actions={<Button size="sm" variant="ghost" onClick={onDone}>Close</Button>}>
      <form onSubmit={submit} className="space-y-3" aria-label="Import a model.conf">
        {error ? <Alert tone="error" title="Not imported">{error}</Alert> : null}
        {result ? <Alert tone="success">Imported: {result}. Nothing was sent to the instances yet: the config goes out with the next operation on any model of the same instance; to send it now, apply the policy from the model page.</Alert> : null}
        <Field label="model.conf (TF Serving text format)" htmlFor="model-conf-text" hint="Both the specific-versions and latest-N forms are read.">
          <Textarea id="model-conf-text" rows={10} className="font-mono text-xs" placeholder={`For example:\n${EXAMPLE}`} value={text} onChange={(e) => setText(e.target.value)} />
        </Field>
        <div className="flex items-center gap-3">
          <Button type="submit" variant="primary" disabled={!text.trim() || importConf.isPending}>Import</Button>
          <label className="cursor-pointer text-sm text-indigo-700 hover:underline">
            Or choose a file…
            <input type="file" accept=".conf,.txt,text/plain" className="sr-only" onChange={async (e) => setText((await e.target.files?.[0]?.text()) ?? "")} />
          </label>
        </div>
      </form>
    </Card>
  );
}
