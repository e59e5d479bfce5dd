"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { SECRET_MASK } from "@/server/contracts/dag-secrets";

interface HeaderRow {
  id: number;
  name: string;
  value: string;
  /** The name the stored (masked) value is kept under; null for a header added here. */
  storedName: string | null;
}

/**
 * A trigger's headers. Stored values are write-only: the server sends them as SECRET_MASK, shown
 * here as a placeholder; an empty value field keeps the stored value (sent back as SECRET_MASK),
 * typing replaces it. Renaming a stored header needs a value again (the server keeps values by name).
 */
export function HookHeadersEditor({ id, headers, onChange }: { id: string; headers: Record<string, string>; onChange: (headers: Record<string, string>) => void }) {
  const [rows, setRows] = useState<HeaderRow[]>(() =>
    Object.entries(headers).map(([name, value], i) => (value === SECRET_MASK ? { id: i, name, value: "", storedName: name } : { id: i, name, value, storedName: null })),
  );
  const [nextId, setNextId] = useState(rows.length);

  const update = (next: HeaderRow[]) => {
    setRows(next);
    onChange(Object.fromEntries(next.filter((r) => r.name.trim()).map((r) => [r.name.trim(), keeps(r) ? SECRET_MASK : r.value])));
  };
  const patch = (rowId: number, change: Partial<HeaderRow>) => update(rows.map((r) => (r.id === rowId ? { ...r, ...change } : r)));

  return (
    <div role="group" aria-labelledby={`${id}-headers-label`} className="space-y-1.5">
      <p id={`${id}-headers-label`} className="text-sm font-medium text-slate-700">
        Headers
      </p>
      {rows.length === 0 ? <p className="text-xs text-slate-500">None.</p> : null}
      {rows.map((row) => {
        const stored = row.storedName !== null && row.name.trim() === row.storedName;
        return (
          // Two lines per header: the side panel is narrow, and both the name and the value need room.
          <div key={row.id} className="space-y-1 rounded border border-slate-200 bg-white p-1.5">
            <div className="flex items-center gap-1">
              <Input aria-label="Header name" value={row.name} placeholder="e.g. Authorization" className="font-mono text-xs" onChange={(e) => patch(row.id, { name: e.target.value })} />
              <Button size="sm" variant="ghost" aria-label={`Remove header ${row.name}`} onClick={() => update(rows.filter((r) => r.id !== row.id))}>
                ✕
              </Button>
            </div>
            <Input
              aria-label={`Value of ${row.name || "header"}`}
              type="password"
              autoComplete="off"
              value={row.value}
              placeholder={stored ? `${SECRET_MASK} stored` : "value"}
              className="font-mono text-xs"
              onChange={(e) => patch(row.id, { value: e.target.value })}
            />
            {row.storedName !== null && !stored && row.value === "" ? <p className="text-xs text-amber-700">Renamed: enter its value again.</p> : null}
          </div>
        );
      })}
      <Button
        size="sm"
        className="whitespace-nowrap"
        onClick={() => {
          setNextId(nextId + 1);
          update([...rows, { id: nextId, name: "", value: "", storedName: null }]);
        }}
      >
        Add header
      </Button>
      <p className="text-xs text-slate-500">Values are write-only: a stored one shows as {SECRET_MASK} and is kept unless you type a new one.</p>
    </div>
  );
}

function keeps(row: HeaderRow): boolean {
  return row.storedName !== null && row.name.trim() === row.storedName && row.value === "";
}
