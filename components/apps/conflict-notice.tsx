"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { App } from "@/server/contracts/apps";

export function ConflictNotice({
  theirs,
  rows,
  onTakeTheirs,
  onKeepMine,
}: {
  theirs: App;
  rows: { field: string; mine: string; theirs: string }[];
  onTakeTheirs: () => void;
  onKeepMine: () => void;
}) {
  return (
    <Alert tone="warning" title={`Not saved: ${theirs.updatedBy} changed this app while you were editing (now version ${theirs.version}).`}>
      {rows.length ? (
        <table className="mt-2 w-full text-left text-xs" data-testid="conflict-diff">
          <thead>
            <tr>
              <th className="py-1 pr-4 font-semibold">Field</th>
              <th className="py-1 pr-4 font-semibold">Yours</th>
              <th className="py-1 font-semibold">Theirs (saved)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.field} className="border-t border-amber-200">
                <td className="py-1 pr-4">{r.field}</td>
                <td className="py-1 pr-4 font-mono">{r.mine || "—"}</td>
                <td className="py-1 font-mono">{r.theirs || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>Their change matches yours field for field.</p>
      )}
      <div className="mt-3 flex gap-2">
        <Button size="sm" onClick={onTakeTheirs}>Discard mine, load theirs</Button>
        <Button size="sm" variant="primary" onClick={onKeepMine}>Keep mine (save again to overwrite)</Button>
      </div>
    </Alert>
  );
}
