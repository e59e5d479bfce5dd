"use client";

import { useMemo, useState, type ChangeEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Textarea } from "@/components/ui/field";
import { ShareTable } from "@/components/ui/share-table";
import { Table, Td, Th } from "@/components/ui/table";
import type { SolutionsDraft } from "@/server/contracts/solution-drafts";
import { trafficPreview, type TrafficPreview } from "@/sdk/src/core/solutions/traffic-preview";
import { percent, points } from "./percent";
import type { SolutionColor } from "./solution-colors";
import { bucketsBySolution, type Owners } from "./split-model";

const MAX_KEYS = 1_000_000;
const SHOWN_KEYS = 200;

/** Key values from pasted or uploaded text: one per line, or separated by commas, spaces or tabs. */
function readKeys(text: string): string[] {
  return text.split(/[\r\n,;\t ]+/).map((k) => k.trim()).filter(Boolean);
}

/**
 * Where sample key values land under the split on screen (unsaved edits included), computed in
 * the browser with the same bucketing module the scoring services use (sdk/src/core/bucketing.ts).
 */
export function TrafficPreviewCard({ draft, owners, colors }: { draft: SolutionsDraft; owners: Owners; colors: ReadonlyMap<string, SolutionColor> }) {
  const [text, setText] = useState("");
  const [count, setCount] = useState("10000");
  const [keys, setKeys] = useState<string[] | null>(null);
  const [source, setSource] = useState("");
  const [error, setError] = useState<string | null>(null);

  const names = draft.solutions.map((s) => s.name);
  const result = useMemo((): { preview: TrafficPreview } | { error: string } | null => {
    if (!keys) return null;
    // Overlapping buckets cannot say where a key goes: preview only what has one owner.
    const single = owners.map((claimants) => (claimants.length === 1 ? claimants : []));
    const split = bucketsBySolution(single, names);
    try {
      return { preview: trafficPreview({ app: draft.app, solutions: names.map((name) => ({ name, buckets: split[name] ?? [] })), keys }) };
    } catch (err) {
      return { error: err instanceof Error ? err.message : "The preview failed." };
    }
  }, [keys, owners, names, draft.app]);

  function previewText() {
    const list = readKeys(text);
    if (list.length === 0) return setError("Paste at least one key value (one per line), or generate random ones.");
    if (list.length > MAX_KEYS) return setError(`At most ${MAX_KEYS.toLocaleString("en")} keys at once.`);
    setError(null);
    setKeys(list);
    setSource(`${list.length.toLocaleString("en")} pasted ${list.length === 1 ? "key" : "keys"}`);
  }

  function generate() {
    const n = Number(count);
    if (!Number.isInteger(n) || n < 1 || n > MAX_KEYS) return setError(`Generate from 1 to ${MAX_KEYS.toLocaleString("en")} keys.`);
    setError(null);
    // Random numeric uids, as a user id field would carry them.
    setKeys(Array.from({ length: n }, () => String(1 + Math.floor(Math.random() * 2_000_000_000))));
    setSource(`${n.toLocaleString("en")} random ${draft.app.hashKey} values`);
  }

  async function upload(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    const content = await file.text();
    setText(content.length > 200_000 ? `${content.slice(0, 200_000)}` : content);
    const list = readKeys(content);
    if (list.length === 0) return setError(`${file.name} holds no key values.`);
    if (list.length > MAX_KEYS) return setError(`${file.name} holds more than ${MAX_KEYS.toLocaleString("en")} keys.`);
    setError(null);
    setKeys(list);
    setSource(`${list.length.toLocaleString("en")} keys from ${file.name}`);
    e.target.value = "";
  }

  return (
    <Card title="Traffic preview">
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <div className="space-y-3">
          <p className="text-sm text-slate-600">
            Which bucket and solution sample <span className="font-mono">{draft.app.hashKey}</span> values get under the split shown above, unsaved changes
            included.
          </p>
          <label htmlFor="preview-keys" className="block text-sm font-medium text-slate-700">
            Key values, one per line
          </label>
          <Textarea id="preview-keys" rows={5} className="font-mono" placeholder={"e.g.\n10001\n10002\nu_abc"} value={text} onChange={(e) => setText(e.target.value)} />
          <div className="flex flex-wrap items-center gap-2">
            <Button onClick={previewText}>Preview these keys</Button>
            <label className="inline-flex h-9 cursor-pointer items-center rounded-md border border-slate-300 bg-white px-3.5 text-sm font-medium text-slate-700 focus-within:outline-2 focus-within:outline-indigo-500 hover:bg-slate-50">
              Upload a file…
              <input type="file" accept=".txt,.csv,text/plain,text/csv" className="sr-only" onChange={upload} />
            </label>
          </div>
          <div className="flex flex-wrap items-center gap-2 border-t border-slate-100 pt-3">
            <label htmlFor="preview-count" className="text-sm font-medium text-slate-700">
              Or generate
            </label>
            <div className="w-28">
              <Input id="preview-count" inputMode="numeric" value={count} onChange={(e) => setCount(e.target.value)} />
            </div>
            <Button onClick={generate}>random keys</Button>
          </div>
          {error ? <Alert tone="error">{error}</Alert> : null}
        </div>

        <div className="min-w-0 space-y-4" data-testid="traffic-preview">
          {result === null ? (
            <p className="rounded-md border border-dashed border-slate-300 px-4 py-8 text-center text-sm text-slate-500">
              Paste or upload key values, or generate random ones, to see where they land.
            </p>
          ) : "error" in result ? (
            <Alert tone="error" title="Cannot preview">{result.error}</Alert>
          ) : (
            <PreviewResult preview={result.preview} source={source} colors={colors} />
          )}
        </div>
      </div>
    </Card>
  );
}

function PreviewResult({ preview, source, colors }: { preview: TrafficPreview; source: string; colors: ReadonlyMap<string, SolutionColor> }) {
  const worst = Math.max(0, ...preview.solutions.map((s) => Math.abs(s.difference)));
  return (
    <>
      <ShareTable
        caption="Share per solution"
        countLabel="Keys"
        swatches
        deviation
        rows={preview.solutions.map((s) => ({
          key: s.solution ?? "none",
          solution: s.solution ?? "no solution",
          color: s.solution ? colors.get(s.solution)?.fill : "#fca5a5",
          count: s.observedCount.toLocaleString("en"),
          observed: percent(s.observedShare),
          configured: percent(s.configuredShare),
          deviation: points(s.difference),
        }))}
      />
      <p className="text-xs text-slate-500">
        {source}: the largest deviation from the configured shares is {points(worst).replace(/^[+−±]/, "")}. Few keys, or keys that repeat, deviate more.
      </p>
      <div className="max-h-80 overflow-y-auto rounded-lg" tabIndex={0} aria-label="Bucket and solution per key">
      <Table caption="Bucket and solution per key">
        <thead>
          <tr>
            <Th>Key</Th>
            <Th className="text-right">Bucket</Th>
            <Th>Solution</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {preview.keys.slice(0, SHOWN_KEYS).map((k, i) => (
            <tr key={i}>
              <Td className="max-w-xs truncate font-mono">{String(k.key)}</Td>
              <Td className="text-right tabular-nums">{k.bucket}</Td>
              <Td className="font-mono">{k.solution ?? "no solution"}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      </div>
      {preview.keys.length > SHOWN_KEYS ? (
        <p className="text-xs text-slate-500">The first {SHOWN_KEYS} of {preview.keys.length.toLocaleString("en")} keys are listed.</p>
      ) : null}
    </>
  );
}
