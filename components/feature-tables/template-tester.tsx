"use client";

import { useId, useMemo, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { useSelectedApp } from "@/components/shell/use-selected-app";
import { TemplateField, type TemplateCheck } from "@/components/templates/template-field";
import { parseTemplate } from "@/sdk/src/core/template/parse-template";
import { LookupResultView } from "./lookup-result";
import { useLookupKey } from "./use-feature-tables";

/**
 * Write a query template as a solution would, fill in the origin fields and versions it needs,
 * and see what the rendered key holds: the same render and lookup scoring does.
 */
export function TemplateTester() {
  const [app] = useSelectedApp();
  const [text, setText] = useState("getKV user_tbl {uid}|{version:favpush_vec_v2}");
  const [check, setCheck] = useState<TemplateCheck | null>(null);
  const [values, setValues] = useState<Record<string, string>>({ uid: "234", "version:favpush_vec_v2": "20200116" });
  const lookup = useLookupKey();
  const formId = useId();

  const parsed = useMemo(() => parseTemplate(text), [text]);
  const slots = useMemo(() => {
    if (!parsed.ok) return [];
    const seen = new Set<string>();
    return parsed.ast.key.parts.flatMap((p) => {
      const slot = p.kind === "field" ? p.name : p.kind === "version" ? `version:${p.key}` : null;
      if (!slot || seen.has(slot)) return [];
      seen.add(slot);
      return [slot];
    });
  }, [parsed]);
  const missing = slots.filter((s) => !(values[s] ?? "").trim());
  const rendered =
    parsed.ok && missing.length === 0
      ? parsed.ast.key.parts.map((p) => (p.kind === "literal" ? p.text : (values[p.kind === "field" ? p.name : `version:${p.key}`] ?? "").trim())).join("")
      : null;
  const hasErrors = (check?.errors.length ?? 0) > 0;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!parsed.ok || rendered === null || hasErrors) return;
    lookup.mutate({ table: parsed.ast.table.name, key: rendered });
  }

  return (
    <Card title="Try a query template">
      <form onSubmit={submit} aria-label="Try a query template" className="space-y-4">
        {!app ? <Alert tone="info">Choose an app in the switcher: templates are checked against its origin fields and version keys.</Alert> : null}
        <Field label={`Template${app ? ` (checked for ${app})` : ""}`} htmlFor={`${formId}-template`}>
          <TemplateField id={`${formId}-template`} app={app} value={text} onChange={setText} onCheck={setCheck} />
        </Field>
        {slots.length > 0 ? (
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
            {slots.map((s) => (
              <Field key={s} label={s.startsWith("version:") ? `Version of ${s.slice(8)}` : `origin.${s}`} htmlFor={`${formId}-${s}`}>
                <Input id={`${formId}-${s}`} value={values[s] ?? ""} onChange={(e) => setValues({ ...values, [s]: e.target.value })} className="font-mono" />
              </Field>
            ))}
          </div>
        ) : null}
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" variant="primary" disabled={rendered === null || hasErrors || lookup.isPending}>Look up</Button>
          {rendered !== null ? (
            <span className="text-sm text-slate-600">
              Key: <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">{rendered}</code>
            </span>
          ) : missing.length > 0 && parsed.ok ? (
            <span className="text-sm text-slate-500">Fill in {missing.join(", ")} to render the key.</span>
          ) : null}
        </div>
        {lookup.error ? <Alert tone="error">{lookup.error.message}</Alert> : null}
        {lookup.data ? <LookupResultView result={lookup.data} /> : null}
      </form>
    </Card>
  );
}
