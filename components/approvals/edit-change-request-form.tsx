"use client";

import { useState } from "react";
import { ApiError } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Textarea } from "@/components/ui/field";
import type { ChangeRequestListItem } from "@/server/contracts/approvals";
import { changeKindSpec } from "@/server/contracts/change-kinds";
import { changeKindView } from "./change-kinds";
import { useEditChangeRequest } from "./use-approvals";

/**
 * The requester changes a pending request: its comment, and for kinds whose change may be
 * replaced (a publish, not a rollback) the change as JSON; every approval given so far is withdrawn.
 */
export function EditChangeRequestForm({ request, onDone }: { request: ChangeRequestListItem; onDone: () => void }) {
  const edit = useEditChangeRequest();
  const editor = changeKindSpec(request.kind).changeEditable(request.payload) ? changeKindView(request.kind).changeEditor : undefined;
  const initialChange = editor ? editor.initialText(request.payload) : "{}";
  const [comment, setComment] = useState(request.comment);
  const [changeText, setChangeText] = useState(initialChange);
  const [parseError, setParseError] = useState<string | null>(null);
  const fieldErrors = edit.error instanceof ApiError ? edit.error.fieldErrors() : {};
  const changeError = parseError ?? Object.entries(fieldErrors).find(([path]) => path.startsWith("change"))?.[1];

  const submit = () => {
    let change: unknown;
    if (editor && changeText !== initialChange) {
      try {
        change = JSON.parse(changeText);
      } catch (e) {
        return setParseError(`Not valid JSON: ${(e as Error).message}`);
      }
    }
    setParseError(null);
    edit.mutate({ id: request.id, input: { version: request.version, comment, change: change as never } }, { onSuccess: onDone });
  };

  return (
    <form
      className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-4"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Alert tone="warning">Saving withdraws the {request.approvalCount > 0 ? `${request.approvalCount} approval(s) given so far` : "approvals given so far (none yet)"}: reviewers approve what they saw.</Alert>
      <Field label="Comment" htmlFor={`edit-comment-${request.id}`} error={fieldErrors.comment}>
        <Textarea id={`edit-comment-${request.id}`} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} invalid={Boolean(fieldErrors.comment)} />
      </Field>
      {editor ? (
        <Field label={editor.label} htmlFor={`edit-change-${request.id}`} error={changeError} hint={editor.hint}>
          <Textarea id={`edit-change-${request.id}`} rows={10} className="font-mono text-xs" value={changeText} onChange={(e) => setChangeText(e.target.value)} invalid={Boolean(changeError)} />
        </Field>
      ) : null}
      {edit.error && !fieldErrors.comment && !changeError ? <Alert tone="error">{edit.error.message}</Alert> : null}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={edit.isPending}>{edit.isPending ? "Saving…" : "Save changes"}</Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
