"use client";

import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useConnection,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import Link from "next/link";
import { useCallback, useMemo, useRef, useState, useSyncExternalStore, type DragEvent } from "react";
import { ApiError } from "@/components/api-client";
import { existingRequestId } from "@/components/approvals/existing-request-link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { Field, Select } from "@/components/ui/field";
import { sameValues, useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import type { DagNodeKind } from "@/server/contracts/dag";
import { DAG_NODE_KINDS } from "@/server/contracts/dag-node-kinds";
import type { DagRecord, DagSaveProblem } from "@/server/contracts/dag-save";
import { DagChangeDiffSchema, describeWeakening, isPendingDagSave } from "@/server/contracts/dag-change";
import { DagAlertsList } from "./dag-alerts-list";
import { toDocument, toFlowEdges, toFlowNodes, newNode, KIND_LABEL, type DagFlowNode } from "./dag-flow-model";
import { DagNodeCard } from "./dag-node-card";
import { autoLayout } from "./auto-layout";
import { cycleClosedBy, describeCycle } from "./connection-cycle";
import { NodeHistory } from "./node-history";
import { NodeSettingsPanel } from "./node-settings-panel";
import { PromotionDecision } from "./promotion-decision";
import { PendingDagChanges } from "./pending-dag-changes";
import { useDagStatus, useHookAllowlist, useSaveDag } from "./use-dag";

const NODE_TYPES = { dag: DagNodeCard };
const DRAG_TYPE = "application/x-dag-node-kind";

export function DagEditor(props: { app: string; record: DagRecord; canEdit: boolean; canReview: boolean }) {
  return (
    <ReactFlowProvider>
      <Editor {...props} />
    </ReactFlowProvider>
  );
}

type SaveFeedback =
  | { tone: "success"; text: string }
  | { tone: "pending"; requestId: string; reasons: string[] }
  | { tone: "error"; text: string; problems?: DagSaveProblem[] }
  | { tone: "conflict"; text: string; current: DagRecord };

function Editor({ app, record, canEdit, canReview }: { app: string; record: DagRecord; canEdit: boolean; canReview: boolean }) {
  const [base, setBase] = useState(record);
  const [nodes, setNodes] = useState<DagFlowNode[]>(() => toFlowNodes(record.document));
  const [edges, setEdges] = useState<Edge[]>(() => toFlowEdges(record.document));
  const [alertWebhookUrl, setAlertWebhookUrl] = useState(record.alertWebhookUrl);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const [feedback, setFeedback] = useState<SaveFeedback | null>(null);
  const [problemNodes, setProblemNodes] = useState<Map<string, string[]>>(new Map());
  // Auto-layouts whose fit animation has ended (the canvas's data-layouts-done): a test drags
  // between nodes only once they stopped moving.
  const [layoutsDone, setLayoutsDone] = useState(0);
  // The last connection refused because it would close a cycle (shown until the next change).
  const [refusedCycle, setRefusedCycle] = useState<string | null>(null);
  // The side panel sits beside the canvas on wide screens; below xl it floats over the canvas
  // and starts closed, so the canvas keeps the width it needs to be read.
  const wide = useWideScreen();
  const [panelChoice, setPanelChoice] = useState<boolean | null>(null);
  const panelOpen = panelChoice ?? wide;
  const status = useDagStatus(app);
  const hooks = useHookAllowlist();
  const save = useSaveDag(app);
  const flow = useReactFlow<DagFlowNode>();
  const wrapper = useRef<HTMLDivElement>(null);
  // `dirty` says something was touched; the guard asks only when the canvas differs from what was loaded.
  const unsaved = useMemo(
    () => dirty && (alertWebhookUrl !== base.alertWebhookUrl || !sameValues(toDocument(nodes, edges), toDocument(toFlowNodes(base.document), toFlowEdges(base.document)))),
    [dirty, alertWebhookUrl, base, nodes, edges],
  );
  useUnsavedChanges(unsaved);

  const load = useCallback((next: DagRecord) => {
    setBase(next);
    setNodes(toFlowNodes(next.document));
    setEdges(toFlowEdges(next.document));
    setAlertWebhookUrl(next.alertWebhookUrl);
    setDirty(false);
    setProblemNodes(new Map());
  }, []);

  const changed = useCallback(() => {
    setDirty(true);
    setFeedback((f) => (f?.tone === "success" ? null : f));
  }, []);

  const statusByKey = useMemo(() => new Map((status.data?.nodes ?? []).map((n) => [n.key, n])), [status.data]);
  const shown = useMemo(
    () =>
      nodes.map((n) => ({
        ...n,
        data: { ...n.data, status: statusByKey.get(n.data.node.key), problems: problemNodes.get(n.id), readOnly: !canEdit },
      })),
    [nodes, statusByKey, problemNodes, canEdit],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<DagFlowNode>[]) => {
      if (!canEdit) changes = changes.filter((c) => c.type === "select" || c.type === "dimensions");
      setNodes((ns) => applyNodeChanges(changes, ns));
      if (changes.some((c) => c.type === "remove" || (c.type === "position" && c.dragging === false) || c.type === "add")) changed();
      for (const c of changes) if (c.type === "remove" && c.id === selectedId) setSelectedId(null);
    },
    [canEdit, changed, selectedId],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      if (!canEdit) changes = changes.filter((c) => c.type === "select");
      setEdges((es) => applyEdgeChanges(changes, es));
      if (changes.some((c) => c.type === "remove")) changed();
    },
    [canEdit, changed],
  );
  const onConnect = useCallback(
    (c: Connection) => {
      setEdges((es) => addEdge({ ...c, id: `e-${crypto.randomUUID().slice(0, 8)}` }, es));
      setRefusedCycle(null);
      changed();
    },
    [changed],
  );
  const keyOf = useCallback((id: string) => nodes.find((n) => n.id === id)?.data.node.key ?? id, [nodes]);
  // Refused while it is drawn: React Flow greys the line out and drops it on release. Save
  // checks again (validateDag), for documents that arrive some other way.
  const isValidConnection = useCallback((c: Connection | Edge) => cycleClosedBy(edges, c.source, c.target) === null, [edges]);
  const onConnectEnd = useCallback(
    (_: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (!state.fromNode || !state.toNode || state.isValid !== false) return;
      const [source, target] = state.fromHandle?.type === "target" ? [state.toNode.id, state.fromNode.id] : [state.fromNode.id, state.toNode.id];
      const cycle = cycleClosedBy(edges, source, target);
      if (cycle) setRefusedCycle(`Not connected: ${describeCycle(cycle, keyOf)}.`);
    },
    [edges, keyOf],
  );

  function addNode(kind: DagNodeKind, position: { x: number; y: number }) {
    const taken = new Set(nodes.map((n) => n.data.node.key));
    const id = crypto.randomUUID();
    const node: DagFlowNode = { id, type: "dag", position, data: { node: newNode(kind, taken, hooks.data?.[0]?.url) }, selected: true };
    setNodes((ns) => [...ns.map((n) => ({ ...n, selected: false })), node]);
    setSelectedId(id);
    changed();
  }

  function select(id: string | null) {
    setSelectedId(id);
    // A node's settings live in the side panel: choosing a node shows them.
    if (id !== null) setPanelChoice(true);
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    const kind = e.dataTransfer.getData(DRAG_TYPE) as DagNodeKind;
    if (!canEdit || !(kind in KIND_LABEL)) return;
    addNode(kind, flow.screenToFlowPosition({ x: e.clientX - 110, y: e.clientY - 40 }));
  }

  function addAtCentre(kind: DagNodeKind) {
    const box = wrapper.current?.getBoundingClientRect();
    const centre = box ? flow.screenToFlowPosition({ x: box.left + box.width / 2 - 110, y: box.top + box.height / 2 - 40 }) : { x: 0, y: 0 };
    addNode(kind, { x: centre.x + (nodes.length % 5) * 16, y: centre.y + (nodes.length % 5) * 16 });
  }

  function layout() {
    const positioned = autoLayout(toDocument(nodes, edges));
    setNodes((ns) => ns.map((n) => ({ ...n, position: positioned.get(n.id) ?? n.position })));
    changed();
    requestAnimationFrame(() => void flow.fitView({ padding: 0.15, maxZoom: 1, duration: 200 }).then(() => setLayoutsDone((n) => n + 1)));
  }

  async function submit() {
    setFeedback(null);
    const document = toDocument(nodes, edges);
    try {
      const saved = await save.mutateAsync({ version: base.version, document, alertWebhookUrl });
      if (isPendingDagSave(saved)) {
        // Nothing was stored: the canvas keeps the edit (unsaved), the request waits for a reviewer.
        const diff = DagChangeDiffSchema.safeParse(saved.pendingReview.diff);
        return setFeedback({ tone: "pending", requestId: saved.pendingReview.id, reasons: diff.success ? diff.data.reasons.map(describeWeakening) : [] });
      }
      setBase(saved);
      setDirty(false);
      setProblemNodes(new Map());
      setFeedback({ tone: "success", text: `Saved as version ${saved.version}.` });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.status === 409) {
        const current = (e.details as { current?: DagRecord } | null)?.current;
        if (current) return setFeedback({ tone: "conflict", text: e.message, current });
        // The same change already waits for a reviewer (a second click): point at that request.
        const waiting = existingRequestId(e);
        if (waiting) return setFeedback({ tone: "pending", requestId: waiting, reasons: [] });
      }
      const problems = (e.details as { problems?: DagSaveProblem[] } | null)?.problems;
      const marks = new Map<string, string[]>();
      for (const p of problems ?? []) for (const id of p.nodeIds) marks.set(id, [...(marks.get(id) ?? []), p.message]);
      // A 400 names fields as document.nodes.<i>.…: mark that node too.
      for (const issue of (e.details as { issues?: { path: string; message: string }[] } | null)?.issues ?? []) {
        const m = /^document\.nodes\.(\d+)\.?(.*)$/.exec(issue.path);
        const node = m ? document.nodes[Number(m[1])] : undefined;
        if (node) marks.set(node.id, [...(marks.get(node.id) ?? []), `${node.key}: ${m![2] || "node"}: ${issue.message}`]);
      }
      setProblemNodes(marks);
      const listed = problems?.length ? problems : [...marks.values()].flat().map((message) => ({ code: "cycle", message, nodeIds: [], edgeIds: [] }) as DagSaveProblem);
      setFeedback({ tone: "error", text: e.status === 422 ? "Not saved: the DAG breaks these rules." : e.message, problems: listed });
    }
  }

  const selected = nodes.find((n) => n.id === selectedId) ?? null;
  const selectedStatus = selected ? statusByKey.get(selected.data.node.key) : undefined;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        {canEdit ? (
          <div className="flex items-center gap-2" role="toolbar" aria-label="Add nodes">
            <span className="text-sm text-slate-600">Drag onto the canvas:</span>
            {DAG_NODE_KINDS.map((kind) => (
              <button
                key={kind}
                type="button"
                draggable
                data-testid={`palette-${kind}`}
                onDragStart={(e) => {
                  e.dataTransfer.setData(DRAG_TYPE, kind);
                  e.dataTransfer.effectAllowed = "move";
                }}
                onClick={() => addAtCentre(kind)}
                title={`Drag a ${kind} node onto the canvas, or click to add one in the middle`}
                className="cursor-grab rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-xs hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-500 active:cursor-grabbing"
              >
                + {KIND_LABEL[kind]}
              </button>
            ))}
          </div>
        ) : (
          <p className="text-sm text-slate-600">Read-only: editors change the DAG. Click a node to see its history.</p>
        )}
        <div className="flex items-center gap-2">
          <span className="text-xs text-slate-500" aria-live="polite">
            {dirty ? "Unsaved changes" : base.version ? `Version ${base.version}${base.updatedBy ? ` by ${base.updatedBy}` : ""}` : "Not saved yet"}
          </span>
          <Button onClick={layout} disabled={!canEdit || nodes.length === 0}>
            Auto-layout
          </Button>
          <Button aria-expanded={panelOpen} aria-controls="dag-side-panel" onClick={() => setPanelChoice(!panelOpen)}>
            {panelOpen ? "Hide side panel" : "Show side panel"}
          </Button>
          {canEdit ? (
            <Button variant="primary" onClick={() => void submit()} disabled={save.isPending || !dirty}>
              {save.isPending ? "Saving…" : "Save"}
            </Button>
          ) : null}
        </div>
      </div>

      {feedback?.tone === "success" ? <Alert tone="success">{feedback.text}</Alert> : null}
      {refusedCycle ? (
        <div data-testid="dag-cycle-refused">
          <Alert tone="error">{refusedCycle}</Alert>
        </div>
      ) : null}
      {feedback?.tone === "pending" ? (
        <Alert tone="warning" title="Not saved yet: this change waits for a reviewer">
          <p>
            It weakens review, so a reviewer approves it before it takes effect; until then the DAG stays as it was.{" "}
            <Link className="font-medium underline" href={`/approvals?request=${feedback.requestId}`}>
              Open the request
            </Link>
          </p>
          {feedback.reasons.length ? (
            <ul className="list-disc pl-5">
              {feedback.reasons.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      <PendingDagChanges app={app} />
      {feedback?.tone === "error" ? (
        <Alert tone="error" title={feedback.text}>
          {feedback.problems?.length ? (
            <ul className="list-disc pl-5">
              {feedback.problems.map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      {feedback?.tone === "conflict" ? (
        <Alert tone="warning" title="Not saved: someone else saved first">
          <p>{feedback.text}</p>
          <Button size="sm" className="mt-2" onClick={() => { load(feedback.current); setFeedback(null); }}>
            Load their version (drops your changes)
          </Button>
        </Alert>
      ) : null}

      <div className="relative flex gap-4">
        <div
          ref={wrapper}
          className="relative h-[620px] min-w-0 flex-1 overflow-hidden rounded-lg border border-slate-200 bg-slate-50"
          data-testid="dag-canvas"
          data-layouts-done={layoutsDone}
          onDragOver={(e) => {
            e.preventDefault();
            e.dataTransfer.dropEffect = "move";
          }}
          onDrop={onDrop}
        >
          <ReactFlow<DagFlowNode>
            nodes={shown}
            edges={edges}
            nodeTypes={NODE_TYPES}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={canEdit ? onConnect : undefined}
            onConnectStart={() => setRefusedCycle(null)}
            onConnectEnd={onConnectEnd}
            isValidConnection={isValidConnection}
            onNodeClick={(_, n) => select(n.id)}
            onPaneClick={() => setSelectedId(null)}
            nodesDraggable={canEdit}
            nodesConnectable={canEdit}
            deleteKeyCode={canEdit ? ["Backspace", "Delete"] : null}
            defaultEdgeOptions={{ style: { strokeWidth: 2 } }}
            fitView={record.document.nodes.length > 0}
            fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
            defaultViewport={{ x: 40, y: 40, zoom: 1 }}
            minZoom={0.1}
            proOptions={{ hideAttribution: true }}
          >
            <Background gap={20} color="#cbd5e1" />
            <Controls showInteractive={false} />
            <MiniMap pannable zoomable className="!hidden 2xl:!block" />
            <CycleWhileDrawing edges={edges} keyOf={keyOf} />
          </ReactFlow>
          {nodes.length === 0 ? (
            <div className="pointer-events-none absolute inset-0 grid place-items-center p-8" data-testid="dag-empty-hint">
              <div className="max-w-sm rounded-lg border border-dashed border-slate-300 bg-white/90 px-6 py-5 text-center text-sm text-slate-600">
                <p className="font-semibold text-slate-900">This DAG has no nodes yet</p>
                {canEdit ? (
                  <p className="mt-1">
                    Start with a <b>Data</b> node: drag <b>+ Data</b> from the bar above onto the canvas (or click it). Then add a trigger or an output and connect
                    them from a node&apos;s right handle to the next one&apos;s left handle. Save when done.
                  </p>
                ) : (
                  <p className="mt-1">An editor draws this app&apos;s DAG here: data, trigger and output nodes.</p>
                )}
              </div>
            </div>
          ) : null}
        </div>

        <aside
          id="dag-side-panel"
          hidden={!panelOpen}
          className={cx(
            "w-96 shrink-0 space-y-4",
            // Below xl the panel floats over the canvas's right side instead of squeezing it.
            !wide && "absolute right-2 top-2 z-10 max-h-[604px] overflow-y-auto rounded-lg shadow-xl",
          )}
          aria-label="Node details"
        >
          {selected ? (
            <>
              {/* A reviewer's decision first: it is what they came to the node for. */}
              <PromotionDecision key={`decision-${selected.id}`} app={app} status={selectedStatus} canReview={canReview} />
              <Card title={`${KIND_LABEL[selected.data.node.kind]} node`}>
                <NodeSettingsPanel
                  key={selected.id}
                  node={selected.data.node}
                  hooks={hooks.data ?? []}
                  readOnly={!canEdit}
                  onChange={(next) => {
                    setNodes((ns) => ns.map((n) => (n.id === selected.id ? { ...n, data: { ...n.data, node: next } } : n)));
                    changed();
                  }}
                  onDelete={() => {
                    setNodes((ns) => ns.filter((n) => n.id !== selected.id));
                    setEdges((es) => es.filter((e) => e.source !== selected.id && e.target !== selected.id));
                    setSelectedId(null);
                    changed();
                  }}
                />
              </Card>
              <Card title="State and history">
                <NodeHistory app={app} status={selectedStatus} canEdit={canEdit} />
              </Card>
            </>
          ) : (
            <Card title="How it works">
              <div className="space-y-3 text-sm text-slate-600">
                <p>
                  <b className="text-sky-800">Data</b> nodes get their version from a data platform (<span className="font-mono text-xs">PUT …/dag/nodes/KEY/version</span> with a token).{" "}
                  <b className="text-violet-800">Trigger</b> nodes call their hook once their inputs settle and go online when it confirms.{" "}
                  <b className="text-emerald-800">Output</b> nodes write versions to the config center.
                </p>
                {canEdit ? <p>Connect nodes by dragging from a node&apos;s right handle to another&apos;s left handle. Select a node or edge and press Delete to remove it.</p> : null}
                <Field label="Alert webhook" htmlFor="dag-alert-webhook" hint="Stale and expiring versions are also POSTed here, signed.">
                  <Select
                    id="dag-alert-webhook"
                    disabled={!canEdit}
                    value={alertWebhookUrl ?? ""}
                    onChange={(e) => {
                      setAlertWebhookUrl(e.target.value || null);
                      changed();
                    }}
                  >
                    <option value="">None</option>
                    {(hooks.data ?? []).map((h) => (
                      <option key={h.id} value={h.url}>
                        {h.url}
                      </option>
                    ))}
                  </Select>
                </Field>
              </div>
            </Card>
          )}
        </aside>
      </div>
      {status.error ? <Alert tone="error" title="Live state unavailable">{status.error.message}</Alert> : null}
      <DagAlertsList app={app} onSelect={(key) => select(nodes.find((n) => n.data.node.key === key)?.id ?? null)} />
    </div>
  );
}

/** While a connection is drawn onto a handle that would close a cycle: says which one. */
function CycleWhileDrawing({ edges, keyOf }: { edges: Edge[]; keyOf: (id: string) => string }) {
  const connection = useConnection();
  if (!connection.inProgress || !connection.toNode || connection.isValid !== false) return null;
  const [source, target] = connection.fromHandle.type === "target" ? [connection.toNode.id, connection.fromNode.id] : [connection.fromNode.id, connection.toNode.id];
  const cycle = cycleClosedBy(edges, source, target);
  if (!cycle) return null;
  return (
    <Panel position="top-center">
      <p role="status" className="rounded-md border border-red-200 bg-red-50 px-3 py-1.5 text-sm font-medium text-red-800 shadow-sm" data-testid="dag-cycle-while-drawing">
        {describeCycle(cycle, keyOf)}
      </p>
    </Panel>
  );
}

const WIDE_QUERY = "(min-width: 1280px)";

/** Whether the screen is wide enough (Tailwind's xl) for the side panel beside the canvas. */
function useWideScreen(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const query = window.matchMedia(WIDE_QUERY);
      query.addEventListener("change", onChange);
      return () => query.removeEventListener("change", onChange);
    },
    () => window.matchMedia(WIDE_QUERY).matches,
    () => true,
  );
}

export { DRAG_TYPE };
