"use client";

import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { ORIGIN_FIELD_TYPES } from "@/server/contracts/apps";
import type { AppDraft } from "./app-draft";

type Fields = AppDraft["originFields"];

export function OriginFieldsEditor({
  value,
  onChange,
  errors,
  disabled,
}: {
  value: Fields;
  onChange: (v: Fields) => void;
  errors: Record<string, string>;
  disabled?: boolean;
}) {
  const set = (i: number, patch: Partial<Fields[number]>) => onChange(value.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <fieldset className="space-y-2" disabled={disabled}>
      <legend className="text-sm font-medium text-slate-700">Origin fields</legend>
      <p className="text-xs text-slate-500">The fields a scoring request carries in `origin`; templates may only use these.</p>
      {value.map((f, i) => {
        const err = errors[`originFields.${i}.name`];
        return (
          <div key={i} className="flex max-w-xl items-start gap-2">
            <div className="min-w-0 flex-1">
              <Input
                id={`origin-field-${i}`}
                aria-label={`Origin field ${i + 1} name`}
                value={f.name}
                invalid={!!err}
                placeholder="e.g. goods_id"
                onChange={(e) => set(i, { name: e.target.value })}
              />
              {err ? <p id={`origin-field-${i}-error`} role="alert" className="mt-1 text-xs text-red-700">{err}</p> : null}
            </div>
            <div className="w-32 shrink-0">
              <Select aria-label={`Origin field ${i + 1} type`} value={f.type} onChange={(e) => set(i, { type: e.target.value as Fields[number]["type"] })}>
                {ORIGIN_FIELD_TYPES.map((t) => (
                  <option key={t} value={t}>{t}</option>
                ))}
              </Select>
            </div>
            <Button variant="ghost" aria-label={`Remove origin field ${f.name || i + 1}`} onClick={() => onChange(value.filter((_, j) => j !== i))} disabled={value.length === 1}>
              Remove
            </Button>
          </div>
        );
      })}
      {errors.originFields ? <p role="alert" className="text-xs text-red-700">{errors.originFields}</p> : null}
      <Button size="sm" onClick={() => onChange([...value, { name: "", type: "string" }])}>
        Add field
      </Button>
    </fieldset>
  );
}
