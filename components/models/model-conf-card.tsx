"use client";

import { useState } from "react";
import { apiUrl } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { api } from "@/server/contracts/api";

export function ModelConfCard({ name, text }: { name: string; text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Card
      title="model.conf"
      actions={
        <div className="flex gap-2">
          <Button size="sm" onClick={async () => { await navigator.clipboard?.writeText(text).catch(() => undefined); setCopied(true); }}>
            {copied ? "Copied" : "Copy"}
          </Button>
          <a href={apiUrl(api.getModelConf, { params: { model: name } })} className="inline-flex h-7 items-center rounded-md border border-slate-300 px-2.5 text-xs font-medium text-slate-700 hover:bg-slate-50">
            Download
          </a>
        </div>
      }
    >
      <pre data-testid="model-conf" className="overflow-x-auto rounded bg-slate-50 p-3 font-mono text-xs text-slate-800">{text}</pre>
    </Card>
  );
}
