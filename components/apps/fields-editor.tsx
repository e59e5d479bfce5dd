"use client";

import { useEffect, useRef, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { ORIGIN_FIELD_TYPES } from "@/server/contracts/apps";
import type { AppDraft } from "./app-draft";

type Fields = AppDraft["originFields"];

/**
 * The declared fields of an app, one row each (name and type): its origin fields, or its item
 * fields. `kind` names them in labels and picks the error keys (`originFields.2.name`).
 * Keyboard: Enter in a name goes to the next row (a new one after the last) instead of
 * submitting the form; adding or removing a row moves the focus where the next key goes.
 */
export function FieldsEditor({
  kind,
  value,
  onChange,
  errors,
  disabled,
  min = 0,
  max,
  description,
}: {
  kind: "origin" | "item";
  value: Fields;
  onChange: (v: Fields) => void;
  errors: Record<string, string>;
  disabled?: boolean;
  /** Rows that cannot be removed below (origin fields: the hash key needs one). */
  min?: number;
  max?: number;
  description: string;
}) {
  const key = kind === "origin" ? "originFields" : "itemFields";
  const Kind = kind === "origin" ? "Origin" : "Item";
  const idOf = (i: number) => `${kind}-field-${i}`;
  const addId = `${kind}-field-add`;
  // Where the focus goes once the rows have re-rendered: a row's name input, or the Add button.
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (focusNext.current === null) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });
  const setFocus = (id: string) => {
    focusNext.current = id;
  };

  const set = (i: number, patch: Partial<Fields[number]>) => onChange(value.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const full = max !== undefined && value.length >= max;
  function add() {
    if (full) return;
    onChange([...value, { name: "", type: kind === "item" ? "int" : "string" }]);
    setFocus(idOf(value.length));
  }
  function remove(i: number) {
    onChange(value.filter((_, j) => j !== i));
    setFocus(value.length - 1 > 0 ? idOf(Math.min(i, value.length - 2)) : addId);
  }
  function onNameKey(e: KeyboardEvent<HTMLInputElement>, i: number) {
    if (e.key !== "Enter") return;
    e.preventDefault();
    if (i < value.length - 1) setFocus(idOf(i + 1));
    else add();
  }

  return (
    <fieldset className="space-y-2" disabled={disabled} data-testid={`${kind}-fields`}>
      <legend className="text-sm font-medium text-slate-700">{Kind} fields</legend>
      <p className="text-xs text-slate-500">{description}</p>
      {value.length === 0 ? <p className="text-xs italic text-slate-500">None declared.</p> : null}
      {value.map((f, i) => {
        const err = errors[`${key}.${i}.name`];
        return (
          <div key={i} className="flex max-w-xl items-start gap-2">
            <div className="min-w-0 flex-1">
              <Input
                id={idOf(i)}
                aria-label={`${Kind} field ${i + 1} name`}
                value={f.name}
                invalid={!!err}
                placeholder={kind === "item" ? "e.g. item_id" : "e.g. uid"}
                onChange={(e) => set(i, { name: e.target.value })}
                onKeyDown={(e) => onNameKey(e, i)}
              />
              {err ? <p id={`${idOf(i)}-error`} role="alert" className="mt-1 text-xs text-red-700">{err}</p> : null}
            </div>
            <div className="w-32 shrink-0">
              <Select aria-label={`${Kind} field ${i + 1} type`} value={f.type} onChange={(e) => set(i, { type: e.target.value as Fields[number]["type"] })}>
                {ORIGIN_FIELD_TYPES.map((t) => (
                  <option key={t} value={t}>{t}</option>
                ))}
              </Select>
            </div>
            <Button variant="ghost" aria-label={`Remove ${kind} field ${f.name || i + 1}`} onClick={() => remove(i)} disabled={value.length <= min}>
              Remove
            </Button>
          </div>
        );
      })}
      {errors[key] ? <p role="alert" className="text-xs text-red-700">{errors[key]}</p> : null}
      <Button id={addId} size="sm" onClick={add} disabled={full} title={full ? `At most ${max} ${kind} fields` : undefined}>
        Add {kind} field
      </Button>
    </fieldset>
  );
}
