"use client";

import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { cx } from "@/components/ui/cx";
import type { TemplateRegistryContext } from "@/server/contracts/feature-tables";
import type { Completion, TemplateError } from "@/server/contracts/features";
import { checkTemplateInContext } from "@/sdk/src/core/template/check-template-in-context";
import { completeTemplate } from "@/sdk/src/core/template/complete-template";
import { parseTemplate } from "@/sdk/src/core/template/parse-template";
import { useTemplateContext } from "./use-templates";

/** How long typing must pause before the field is checked: underlines do not flicker per key. */
const CHECK_DELAY_MS = 250;

export interface TemplateCheck {
  /** The text these problems belong to. */
  text: string;
  errors: TemplateError[];
  warnings: TemplateError[];
  /** False until the app's tables, fields and version keys are loaded (only the syntax was checked). */
  complete: boolean;
}

export interface TemplateFieldProps {
  /** The app whose origin fields and version keys the template may use. */
  app: string | null | undefined;
  value: string;
  onChange: (value: string) => void;
  id: string;
  "aria-label"?: string;
  "aria-describedby"?: string;
  /** Named in messages, e.g. the feature `user_vec` of a solution. */
  featureName?: string;
  /** Called after each (debounced) check, so an editor can block a save while errors remain. */
  onCheck?: (check: TemplateCheck) => void;
  disabled?: boolean;
  placeholder?: string;
  className?: string;
}

/**
 * One feature query template (`getKKV graph_cf_tbl {uid}|{goods_id}|{version:favpush_cf_v5}`),
 * checked as you type against the app's registry: problems are underlined at their columns with
 * the message beside; table names, origin fields and version keys complete from a list
 * (arrows + Enter or Tab, Ctrl+Space to open, Escape to close).
 */
export function TemplateField(props: TemplateFieldProps) {
  const { app, value, onChange, id, featureName, onCheck, disabled, placeholder, className } = props;
  const ctxQuery = useTemplateContext(app);
  const ctx = ctxQuery.data;
  const check = useDebouncedCheck(value, ctx, onCheck);
  const shown = check && check.text === value ? check : null;

  const inputRef = useRef<HTMLInputElement>(null);
  const mirrorRef = useRef<HTMLDivElement>(null);
  const [scrollLeft, setScrollLeft] = useState(0);
  const [completion, setCompletion] = useState<Completion | null>(null);
  const [active, setActive] = useState(0);
  const pendingCaret = useRef<number | null>(null);
  const listId = useId();
  const problemsId = `${id}-problems`;
  const open = completion !== null && completion.items.length > 0 && !disabled;

  useLayoutEffect(() => {
    const input = inputRef.current;
    if (!input) return;
    if (pendingCaret.current !== null) {
      input.setSelectionRange(pendingCaret.current, pendingCaret.current);
      pendingCaret.current = null;
    }
    setScrollLeft(input.scrollLeft);
  }, [value]);

  useEffect(() => {
    if (mirrorRef.current) mirrorRef.current.scrollLeft = scrollLeft;
  }, [scrollLeft]);

  function suggest(text: string, caret: number, explicit: boolean) {
    if (!ctx) return setCompletion(null);
    const c = completeTemplate(text, caret + 1, ctx);
    const typed = text.slice(c.from - 1, c.to - 1);
    // A word already typed out in full needs no list (unless asked for with Ctrl+Space).
    const done = !explicit && c.items.length === 1 && stripClose(c.items[0]!.insert) === typed;
    setCompletion(c.items.length > 0 && !done ? c : null);
    setActive(0);
  }

  function accept(item: Completion["items"][number]) {
    if (!completion) return;
    const before = value.slice(0, completion.from - 1);
    let after = value.slice(completion.to - 1);
    // Drop what is left of the word being replaced, e.g. accepting in the middle of "user_t|bl".
    after = after.replace(/^[^\s{}|]*/, "");
    const spaced = (item.kind === "operator" || item.kind === "table") && !/^\s/.test(after) ? " " : "";
    const next = before + item.insert + spaced + after;
    const caret = before.length + item.insert.length + spaced.length;
    pendingCaret.current = caret;
    onChange(next);
    // Choosing `version:` goes straight on to the version keys, an operator to the tables.
    if (item.kind === "placeholder_kind" || item.kind === "operator") suggest(next, caret, true);
    else setCompletion(null);
  }

  function applySuggestion(e: TemplateError) {
    if (e.suggestion === undefined) return;
    const next = value.slice(0, e.start - 1) + e.suggestion + value.slice(e.end - 1);
    pendingCaret.current = e.start - 1 + e.suggestion.length;
    onChange(next);
    inputRef.current?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === " " && e.ctrlKey) {
      e.preventDefault();
      suggest(value, e.currentTarget.selectionStart ?? value.length, true);
      return;
    }
    if (!open || !completion) return;
    const n = completion.items.length;
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((a) => (a + 1) % n);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => (a - 1 + n) % n);
    } else if (e.key === "Enter" || e.key === "Tab") {
      e.preventDefault();
      accept(completion.items[Math.min(active, n - 1)]!);
    } else if (e.key === "Escape") {
      e.preventDefault();
      setCompletion(null);
    }
  }

  const errors = shown?.errors ?? [];
  const warnings = shown?.warnings ?? [];
  const invalid = errors.length > 0;
  const describedBy = [props["aria-describedby"], problemsId].filter(Boolean).join(" ");

  return (
    <div className={cx("space-y-1.5", className)}>
      <div
        className={cx(
          "relative rounded-md border bg-white shadow-xs focus-within:outline-2 focus-within:outline-indigo-500",
          invalid ? "border-red-400" : "border-slate-300",
          disabled && "bg-slate-50",
        )}
      >
        {/* The mirror draws the underlines under the input's (transparent) background, char for char. */}
        <div
          ref={mirrorRef}
          aria-hidden="true"
          className="pointer-events-none absolute inset-0 overflow-hidden px-3 py-1.5 font-mono text-sm whitespace-pre text-transparent"
        >
          <Marks text={value} errors={errors} warnings={warnings} />
        </div>
        <input
          ref={inputRef}
          id={id}
          type="text"
          role="combobox"
          aria-label={props["aria-label"]}
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open ? `${listId}-${active}` : undefined}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          disabled={disabled}
          placeholder={placeholder ?? "e.g. getKV user_tbl {uid}"}
          value={value}
          onChange={(e) => {
            onChange(e.target.value);
            suggest(e.target.value, e.target.selectionStart ?? e.target.value.length, false);
          }}
          onKeyDown={onKeyDown}
          onScroll={(e) => setScrollLeft(e.currentTarget.scrollLeft)}
          onSelect={(e) => setScrollLeft(e.currentTarget.scrollLeft)}
          onBlur={() => setCompletion(null)}
          className="relative block w-full rounded-md bg-transparent px-3 py-1.5 font-mono text-sm text-slate-900 outline-none placeholder:font-sans placeholder:text-slate-400 disabled:text-slate-500"
        />
        {open && completion ? (
          <ul
            id={listId}
            role="listbox"
            aria-label="Suggestions"
            className="absolute top-full z-20 mt-1 max-h-60 min-w-56 overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
            style={{ left: `max(0px, calc(0.75rem + ${completion.from - 1}ch - ${scrollLeft}px))` }}
          >
            {completion.items.map((item, i) => (
              <li
                key={`${item.kind}:${item.label}`}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                // mousedown, not click: the input must not blur (and close the list) first.
                onMouseDown={(e) => {
                  e.preventDefault();
                  accept(item);
                }}
                onMouseEnter={() => setActive(i)}
                className={cx("flex cursor-pointer items-baseline justify-between gap-4 px-3 py-1", i === active ? "bg-indigo-50 text-indigo-900" : "text-slate-800")}
              >
                <span className="font-mono">{item.label}</span>
                {item.detail ? <span className="text-xs text-slate-500">{item.detail}</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <ul id={listId} role="listbox" aria-label="Suggestions" hidden />
        )}
      </div>
      <Problems
        id={problemsId}
        errors={errors}
        warnings={warnings}
        featureName={featureName}
        valid={shown !== null && shown.complete && value.trim() !== "" && errors.length === 0 && warnings.length === 0}
        contextError={ctxQuery.error ? ctxQuery.error.message : null}
        onFix={applySuggestion}
      />
    </div>
  );
}

function useDebouncedCheck(value: string, ctx: TemplateRegistryContext | undefined, onCheck: ((c: TemplateCheck) => void) | undefined) {
  const [check, setCheck] = useState<TemplateCheck | null>(null);
  const onCheckRef = useRef(onCheck);
  useEffect(() => {
    onCheckRef.current = onCheck;
  });
  useEffect(() => {
    const timer = setTimeout(() => {
      const next = runCheck(value, ctx);
      setCheck(next);
      onCheckRef.current?.(next);
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [value, ctx]);
  return check;
}

/** Without the registry only the syntax can be checked; the server checks everything again on save. */
function runCheck(text: string, ctx: TemplateRegistryContext | undefined): TemplateCheck {
  if (text.trim() === "") return { text, errors: [], warnings: [], complete: ctx !== undefined };
  if (!ctx) {
    const parsed = parseTemplate(text);
    return { text, errors: parsed.ok ? [] : parsed.errors, warnings: [], complete: false };
  }
  return { text, ...checkTemplateInContext(text, ctx), complete: true };
}

function stripClose(insert: string): string {
  return insert.endsWith("}") ? insert.slice(0, -1) : insert;
}

type Mark = "error" | "warning" | null;

/** The text cut into runs by problem, errors over warnings; something missing at the end marks one blank. */
function Marks({ text, errors, warnings }: { text: string; errors: TemplateError[]; warnings: TemplateError[] }) {
  const runs = useMemo(() => {
    const last = Math.max(text.length, ...[...errors, ...warnings].map((e) => e.end - 1));
    const marks: Mark[] = Array.from({ length: last }, () => null);
    const paint = (list: TemplateError[], mark: Mark) => {
      for (const e of list) for (let i = e.start - 1; i < Math.max(e.end - 1, e.start); i++) if (marks[i] !== "error") marks[i] = mark;
    };
    paint(warnings, "warning");
    paint(errors, "error");
    const out: { text: string; mark: Mark; messages: string[] }[] = [];
    for (let i = 0; i < marks.length; i++) {
      const ch = i < text.length ? text[i]! : "\u00a0";
      const prev = out[out.length - 1];
      if (prev && prev.mark === marks[i]) prev.text += ch;
      else out.push({ text: ch, mark: marks[i] ?? null, messages: [] });
    }
    return out;
  }, [text, errors, warnings]);

  return (
    <>
      {runs.map((r, i) =>
        r.mark ? (
          <span
            key={i}
            data-template-mark={r.mark}
            className={cx("underline decoration-wavy decoration-2 underline-offset-4", r.mark === "error" ? "decoration-red-500" : "decoration-amber-500")}
          >
            {r.text}
          </span>
        ) : (
          <span key={i}>{r.text}</span>
        ),
      )}
    </>
  );
}

function Problems({
  id,
  errors,
  warnings,
  featureName,
  valid,
  contextError,
  onFix,
}: {
  id: string;
  errors: TemplateError[];
  warnings: TemplateError[];
  featureName: string | undefined;
  valid: boolean;
  contextError: string | null;
  onFix: (e: TemplateError) => void;
}) {
  const items = [...errors.map((e) => ({ e, tone: "error" as const })), ...warnings.map((e) => ({ e, tone: "warning" as const }))];
  return (
    <div id={id} aria-live="polite" className="space-y-1 text-xs">
      {contextError ? (
        <p className="text-amber-800">Tables and fields could not be loaded ({contextError}); only the syntax is checked.</p>
      ) : null}
      {items.length > 0 ? (
        <ul className="space-y-1" data-testid="template-problems">
          {items.map(({ e, tone }, i) => (
            <li key={i} className={cx("flex flex-wrap items-baseline gap-x-2", tone === "error" ? "text-red-700" : "text-amber-800")}>
              <span className="font-mono text-[11px] text-slate-500">
                {e.end - e.start > 1 ? `col ${e.start}–${e.end - 1}` : `col ${e.start}`}
              </span>
              <span>
                {featureName ? <span className="font-medium">{featureName}: </span> : null}
                {e.message}
              </span>
              {e.suggestion !== undefined ? (
                <button
                  type="button"
                  onClick={() => onFix(e)}
                  className="rounded px-1 font-medium text-indigo-700 underline underline-offset-2 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-500"
                >
                  Use {e.suggestion}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : valid ? (
        <p className="text-emerald-700">Valid template</p>
      ) : null}
    </div>
  );
}
