"use client";

import { useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { cx } from "./cx";

export interface ComboOption {
  value: string;
  /** Shown beside the value, e.g. "AVAILABLE" or "version key = 20200116". */
  detail?: string;
}

/**
 * A text input with a list of suggestions, after the WAI-ARIA combobox pattern (list autocomplete):
 * typing filters the list, ArrowDown/ArrowUp move through it, Enter picks, Escape closes it (and
 * a second Escape leaves the text as it is). Free text stays possible; `warning` says when what
 * was typed is none of the known values.
 */
export function Combobox({
  id,
  value,
  onChange,
  options,
  invalid,
  warning,
  placeholder,
  className,
  emptyText = "No match",
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  options: ComboOption[];
  invalid?: boolean;
  warning?: string;
  placeholder?: string;
  className?: string;
  emptyText?: string;
}) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const inputRef = useRef<HTMLInputElement>(null);
  const filtered = useMemo(() => {
    const q = value.trim().toLowerCase();
    // An exact pick shows the whole list again: the user may want to change it.
    if (!q || options.some((o) => o.value.toLowerCase() === q)) return options;
    return options.filter((o) => o.value.toLowerCase().includes(q) || (o.detail ?? "").toLowerCase().includes(q));
  }, [options, value]);
  const optionId = (i: number) => `${listId}-opt-${i}`;

  const pick = (i: number) => {
    const o = filtered[i];
    if (!o) return;
    onChange(o.value);
    setOpen(false);
    setActive(-1);
  };

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(e.altKey ? -1 : Math.max(0, filtered.findIndex((o) => o.value === value)));
      } else setActive((a) => (filtered.length ? (a + 1) % filtered.length : -1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(filtered.length - 1);
      } else setActive((a) => (filtered.length ? (a <= 0 ? filtered.length - 1 : a - 1) : -1));
    } else if (e.key === "Enter") {
      // Picks the highlighted option instead of submitting the form.
      if (open && active >= 0 && active < filtered.length) {
        e.preventDefault();
        pick(active);
      }
    } else if (e.key === "Escape") {
      if (open) {
        e.preventDefault();
        e.stopPropagation();
        setOpen(false);
        setActive(-1);
      }
    } else if (e.key === "Tab") {
      setOpen(false);
    }
  }

  const expanded = open && (filtered.length > 0 || value.trim() !== "");
  return (
    <div className="relative">
      <input
        ref={inputRef}
        id={id}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${id}-error` : warning ? `${id}-warning` : undefined}
        autoComplete="off"
        spellCheck={false}
        value={value}
        placeholder={placeholder}
        onChange={(e) => {
          onChange(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setActive(-1)}
        onClick={() => setOpen((o) => !o)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
        className={cx(
          "block w-full rounded-md border bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs placeholder:text-slate-400 focus:outline-2 focus:outline-offset-0 focus:outline-indigo-500",
          invalid ? "border-red-400" : warning ? "border-amber-400" : "border-slate-300",
          className,
        )}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label="Suggestions"
        hidden={!expanded}
        className="absolute z-30 mt-1 max-h-60 w-full min-w-48 overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
      >
        {filtered.map((o, i) => (
          <li
            key={o.value}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            // mousedown, not click: the input's blur would close the list first.
            onMouseDown={(e) => {
              e.preventDefault();
              pick(i);
              inputRef.current?.focus();
            }}
            className={cx("flex cursor-pointer items-baseline justify-between gap-3 px-3 py-1.5", i === active ? "bg-indigo-600 text-white" : "text-slate-800 hover:bg-slate-100")}
          >
            <span className="truncate font-mono text-xs">{o.value}</span>
            {o.detail ? <span className={cx("shrink-0 text-xs", i === active ? "text-indigo-100" : "text-slate-500")}>{o.detail}</span> : null}
          </li>
        ))}
        {filtered.length === 0 ? <li className="px-3 py-1.5 text-xs text-slate-500">{emptyText}</li> : null}
      </ul>
      {warning && !invalid ? (
        <p id={`${id}-warning`} className="mt-1 text-xs text-amber-700">
          {warning}
        </p>
      ) : null}
    </div>
  );
}
