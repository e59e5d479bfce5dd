"use client";

import Link from "next/link";
import { Field, Select, Textarea } from "@/components/ui/field";
import { MAX_ITEMS_PER_REQUEST } from "@/server/contracts/limits";
import { splitIds, type ItemFieldChoice } from "./item-draft";

/**
 * The Items box of the trial form: item ids pasted one per line or comma separated, for one
 * field. Empty, the trial is a single request; filled, one user (the origin) against these items.
 */
export function ItemsBox({
  app,
  choices,
  field,
  onField,
  text,
  onText,
  error,
}: {
  app: string;
  choices: ItemFieldChoice[];
  field: ItemFieldChoice | undefined;
  onField: (name: string) => void;
  text: string;
  onText: (text: string) => void;
  error?: string;
}) {
  const count = splitIds(text).length;
  return (
    <fieldset className="space-y-3 rounded-md border border-slate-200 p-4" data-testid="items-box">
      <legend className="px-1 text-sm font-medium text-slate-700">Items (batch)</legend>
      {!field ? (
        <p className="text-sm text-slate-500">
          {app} declares no item fields, so its trials score one request.{" "}
          <Link href={`/apps/${encodeURIComponent(app)}`} className="text-indigo-700 underline">
            Declare item fields
          </Link>{" "}
          to rank items.
        </p>
      ) : (
        <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
          <Field
            label="Item field"
            htmlFor="trial-item-field"
            hint={field.from === "origin" ? "An origin field, sent per item: it is left out of the origin." : "Each id becomes one item of this field."}
          >
            <Select id="trial-item-field" value={field.name} onChange={(e) => onField(e.target.value)}>
              {(["item", "origin"] as const).map((from) => {
                const group = choices.filter((c) => c.from === from);
                return group.length ? (
                  <optgroup key={from} label={from === "item" ? "Item fields" : "Origin fields, sent per item"}>
                    {group.map((c) => (
                      <option key={c.name} value={c.name}>
                        {c.name} ({c.type})
                      </option>
                    ))}
                  </optgroup>
                ) : null;
              })}
            </Select>
          </Field>
          <Field
            className="md:col-span-2"
            label={`Item ids (${field.name})`}
            htmlFor="trial-items"
            error={error}
            hint={count ? `${count} item${count === 1 ? "" : "s"}, scored as one request and ranked by score.` : `One per line or comma separated, up to ${MAX_ITEMS_PER_REQUEST} (the default cap). Empty: score one request.`}
          >
            <Textarea
              id="trial-items"
              rows={4}
              className="font-mono text-xs"
              placeholder={"123\n124\n125"}
              value={text}
              invalid={!!error}
              onChange={(e) => onText(e.target.value)}
            />
          </Field>
        </div>
      )}
    </fieldset>
  );
}
