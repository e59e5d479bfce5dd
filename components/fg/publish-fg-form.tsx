"use client";

import { useMemo, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Textarea } from "@/components/ui/field";
import { useSchemaForm } from "@/components/ui/use-schema-form";
import { useUnsavedValues } from "@/components/ui/use-unsaved-changes";
import { DeclarativeSpecSchema, type FgPackage } from "@/server/contracts/fg";
import { PublishFgVersionSchema, type FgVersionDetail } from "@/server/contracts/fg-packages";
import { TryFgBox } from "./try-fg-box";
import { usePublishFgVersion } from "./use-fg";

const STARTER_SPEC = {
  inputs: [{ name: "x", dtype: "float", shape: [1, 16], sources: [{ path: "user_vec" }, { path: "goods_vec" }] }],
  outputs: [{ name: "y", dtype: "float" }],
};

const STARTER_CODE = `// build(featureMap) -> TensorIO. No require, no file system, no network: plain JavaScript.
export function build(fm) {
  return {
    inputs: [{ name: "x", dtype: "float", shape: [1, 16], values: [...fm.user_vec, ...fm.goods_vec] }],
    outputs: [{ name: "y", dtype: "float" }],
  };
}
`;

type Problem = { path: string; message: string };

/**
 * A new version of an fg class: a declarative spec checked as you type, or JavaScript code
 * (typed or uploaded). Try the draft on a featureMap before publishing; published versions
 * never change.
 */
export function PublishFgForm({
  base,
  suggestVersion,
  onPublished,
}: {
  base: FgVersionDetail | null;
  /** The next version of a class: v1 for one that has none yet. */
  suggestVersion: (className: string) => string;
  onPublished: (v: FgVersionDetail) => void;
}) {
  const publish = usePublishFgVersion();
  const [kind, setKind] = useState<"declarative" | "code">(base?.package.kind ?? "declarative");
  const [className, setClassName] = useState(base?.className ?? "com.xxx.ranking.fg.");
  // Follows the class typed (a new class starts at v1) until the person types a version.
  const [typedVersion, setVersion] = useState<string | null>(null);
  const version = typedVersion ?? suggestVersion(className.trim());
  const [description, setDescription] = useState("");
  const [specText, setSpecText] = useState(JSON.stringify(base?.package.kind === "declarative" ? base.package.spec : STARTER_SPEC, null, 2));
  const [source, setSource] = useState(base?.package.kind === "code" ? base.package.source : STARTER_CODE);
  const form = useSchemaForm(PublishFgVersionSchema, (input) => publish.mutateAsync(input));
  const unsaved = useUnsavedValues({ kind, className, version, description, specText, source });

  const draft = useMemo((): { pkg: FgPackage | null; problems: Problem[] } => {
    if (kind === "code") return source.trim() ? { pkg: { kind: "code", source }, problems: [] } : { pkg: null, problems: [{ path: "source", message: "The source is empty" }] };
    let json: unknown;
    try {
      json = JSON.parse(specText);
    } catch (e) {
      return { pkg: null, problems: [{ path: "$", message: `Not valid JSON: ${(e as Error).message}` }] };
    }
    const parsed = DeclarativeSpecSchema.safeParse(json);
    if (parsed.success) return { pkg: { kind: "declarative", spec: parsed.data }, problems: [] };
    return { pkg: null, problems: parsed.error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message })) };
  }, [kind, specText, source]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!draft.pkg) return;
    const saved = await form.submit({ className, version, description, package: draft.pkg });
    if (saved) {
      unsaved.markSaved({ kind, className, version, description, specText, source });
      onPublished(saved);
    }
  }

  async function upload(file: File | undefined) {
    if (file) setSource(await file.text());
  }

  const { errors } = form;
  return (
    <Card title="New fg version">
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <form onSubmit={submit} noValidate aria-label="New fg version" className="space-y-4">
          {errors.form ? <Alert tone="error">{errors.form}</Alert> : null}
          <div className="grid grid-cols-1 gap-4 md:grid-cols-[1fr_8rem]">
            <Field label="Class" htmlFor="fg-class" error={errors.className} hint="A Java-style class name, as solutions name it.">
              <Input id="fg-class" value={className} invalid={!!errors.className} onChange={(e) => setClassName(e.target.value)} className="font-mono" />
            </Field>
            <Field label="Version" htmlFor="fg-version" error={errors.version}>
              <Input id="fg-version" value={version} invalid={!!errors.version} onChange={(e) => setVersion(e.target.value)} className="font-mono" />
            </Field>
          </div>
          <Field label="Description" htmlFor="fg-description" error={errors.description}>
            <Input id="fg-description" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="What changed in this version" />
          </Field>
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium text-slate-700">Kind</legend>
            <div className="flex gap-4 text-sm">
              <label className="flex items-center gap-2">
                <input type="radio" name="fg-kind" checked={kind === "declarative"} onChange={() => setKind("declarative")} /> Declarative spec
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" name="fg-kind" checked={kind === "code"} onChange={() => setKind("code")} /> Code (JavaScript)
              </label>
            </div>
          </fieldset>
          {kind === "declarative" ? (
            <Field label="Spec (JSON)" htmlFor="fg-spec" hint="inputs: name, dtype, shape, sources (featureMap paths with default and transforms: cast, hash_bucket, one_hot, log1p, clip); outputs: names.">
              <Textarea id="fg-spec" rows={16} value={specText} invalid={draft.problems.length > 0} onChange={(e) => setSpecText(e.target.value)} className="font-mono text-xs" spellCheck={false} />
            </Field>
          ) : (
            <div className="space-y-2">
              <Field label="Upload a module (.js)" htmlFor="fg-upload">
                <input
                  id="fg-upload"
                  type="file"
                  accept=".js,.mjs,text/javascript"
                  onChange={(e) => upload(e.target.files?.[0])}
                  className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium"
                />
              </Field>
              <Field label="Source" htmlFor="fg-source" hint="Runs in a QuickJS sandbox with a time and memory limit: no require, process, fetch or timers.">
                <Textarea id="fg-source" rows={16} value={source} onChange={(e) => setSource(e.target.value)} className="font-mono text-xs" spellCheck={false} />
              </Field>
            </div>
          )}
          {draft.problems.length > 0 ? (
            <Alert tone="error" title="The spec is not valid yet">
              <ul className="list-disc pl-5" data-testid="spec-problems">
                {draft.problems.slice(0, 12).map((p, i) => (
                  <li key={i}>
                    <code className="font-mono text-xs">{p.path}</code>: {p.message}
                  </li>
                ))}
              </ul>
            </Alert>
          ) : null}
          <Button type="submit" variant="primary" disabled={!draft.pkg || publish.isPending}>Publish {version || "version"}</Button>
        </form>
        <div className="space-y-2">
          <h3 className="text-sm font-semibold text-slate-900">Try the draft</h3>
          <TryFgBox target={{ pkg: draft.pkg }} label="Try the draft" />
        </div>
      </div>
    </Card>
  );
}

function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : `${acc}.${String(p)}`), "$");
}
