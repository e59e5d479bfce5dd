import { CoreError } from "../core/core-error";
import { parseTemplate } from "../core/template/parse-template";
import { renderTemplate, type RenderedQuery } from "../core/template/render-template";
import type { TemplateAst } from "../core/template/template-ast";
import { itemFailure, type ItemFailure } from "./item-error";
import type { FeatureTableReader, ScoringPorts } from "./ports";
import { describeError, safeMessage, ScoringError } from "./scoring-error";
import type { FeatureQuery } from "./types";

/** A batch's feature lookups: each item's feature values (or its failure), and the queries as the trace details show them. */
export interface BatchQueries {
  /** Per item, in request order: its values by feature (in the solution's order, null when missing), or why it has none. */
  items: ({ values: Record<string, unknown> } | { failure: ItemFailure })[];
  /** Origin templates' queries (once) then each item's, `item` set. */
  queries: (FeatureQuery & { item?: number })[];
  /** One entry per store call: a getKVMany/getKKVMany (or single get) counts once, key-by-key fallbacks once per key. */
  calls: { table: string; operator: string; keys: number; many: boolean }[];
  /** Features whose templates use item fields (queried per item); the others were queried once. */
  itemFeatures: string[];
}

type Fetched = { value: unknown; ms: number } | { error: unknown; ms: number };

interface Group {
  table: string;
  operator: string;
  keys: string[];
  index: Map<string, number>;
  results: Fetched[];
}

/**
 * The batch's feature queries. A template whose fields are all in the origin is rendered and
 * queried once; one using an item field is rendered per item (origin plus that item). Every key
 * of a table (per operator) goes to the store in ONE getKVMany/getKKVMany when the reader has it,
 * otherwise key by key concurrently; repeated keys are asked once.
 *
 * Request-level failures throw (a template that does not parse, an origin template that does not
 * render, a table nobody registered: as for a single request). An item template that does not
 * render for an item, or a table that does not answer, fails the items that need it: an origin
 * query's table failing fails every item.
 */
export async function queryItemFeatures(
  ports: Pick<ScoringPorts, "openTable" | "errorMessage" | "logUnexpected">,
  features: Record<string, string>,
  origin: Record<string, unknown>,
  itemOrigins: Record<string, unknown>[],
  itemFields: ReadonlySet<string>,
  versions: Record<string, string>,
): Promise<BatchQueries> {
  const resolve = (k: string) => versions[k];
  const parsed = Object.entries(features).map(([feature, template]) => {
    const p = parseTemplate(template);
    if (!p.ok) throw new CoreError("unprocessable", `Query template "${template}" does not parse`, { errors: p.errors });
    return { feature, template, ast: p.ast, perItem: usesAny(p.ast, itemFields) };
  });

  const groups = new Map<string, Group>();
  const slot = (q: RenderedQuery): [Group, number] => {
    const gk = `${q.table}\u0000${q.operator}`;
    let g = groups.get(gk);
    if (!g) groups.set(gk, (g = { table: q.table, operator: q.operator, keys: [], index: new Map(), results: [] }));
    let i = g.index.get(q.key);
    if (i === undefined) {
      i = g.keys.push(q.key) - 1;
      g.index.set(q.key, i);
    }
    return [g, i];
  };

  // Origin templates render exactly as a single request's would: a gap is the request's 400.
  const once = parsed.filter((p) => !p.perItem).map((p) => ({ ...p, rendered: renderTemplate(p.ast, origin, resolve) }));
  const onceSlots = once.map((p) => slot(p.rendered));
  const perItemTemplates = parsed.filter((p) => p.perItem);
  const renderFailures: (ItemFailure | undefined)[] = new Array(itemOrigins.length);
  const itemSlots = itemOrigins.map((o, item) =>
    perItemTemplates.map((p) => {
      try {
        const rendered = renderTemplate(p.ast, o, resolve);
        return { rendered, at: slot(rendered) };
      } catch (e) {
        renderFailures[item] ??= itemFailure("features", item, e, ports.logUnexpected);
        return null;
      }
    }),
  );

  const calls = await fetchGroups(ports, [...groups.values()], parsed);
  const message = ports.errorMessage ?? safeMessage;
  const didNotAnswer = (feature: string, table: string, e: unknown) => `feature ${feature}: table ${table} did not answer: ${message(e)}`;

  const queries: (FeatureQuery & { item?: number })[] = [];
  const onceValues: Record<string, unknown> = {};
  let onceFailure: ItemFailure | undefined;
  once.forEach((p, n) => {
    const [g, i] = onceSlots[n]!;
    const r = g.results[i]!;
    queries.push(queryOf(p, p.rendered, r, undefined, message));
    if ("error" in r) onceFailure ??= { code: "bad_gateway", status: 502, message: didNotAnswer(p.feature, g.table, r.error), stage: "features" };
    else onceValues[p.feature] = r.value;
  });

  const items = itemOrigins.map((_, item): BatchQueries["items"][number] => {
    let failure = onceFailure ?? renderFailures[item];
    const own: Record<string, unknown> = {};
    itemSlots[item]!.forEach((s, n) => {
      const p = perItemTemplates[n]!;
      if (!s) {
        queries.push({ feature: p.feature, template: p.template, item, error: renderFailures[item]!.message });
        return;
      }
      const [g, i] = s.at;
      const r = g.results[i]!;
      queries.push(queryOf(p, s.rendered, r, item, message));
      if ("error" in r) failure ??= { code: "bad_gateway", status: 502, message: didNotAnswer(p.feature, g.table, r.error), stage: "features" };
      else own[p.feature] = r.value;
    });
    if (failure) return { failure };
    // The solution's feature order, as a single request's featureMap has it.
    const values: Record<string, unknown> = {};
    for (const p of parsed) values[p.feature] = p.perItem ? own[p.feature] : onceValues[p.feature];
    return { values };
  });
  return { items, queries, calls, itemFeatures: perItemTemplates.map((p) => p.feature) };
}

function usesAny(ast: TemplateAst, fields: ReadonlySet<string>): boolean {
  return ast.key.parts.some((part) => part.kind === "field" && fields.has(part.name));
}

function queryOf(
  p: { feature: string; template: string },
  q: RenderedQuery,
  r: Fetched,
  item: number | undefined,
  message: (e: unknown) => string,
): FeatureQuery & { item?: number } {
  // Built field by field, not by spreads: a batch makes one per item and feature.
  const out: FeatureQuery & { item?: number } = { feature: p.feature, template: p.template, operator: q.operator, table: q.table, key: q.key };
  if ("error" in r) {
    out.ms = r.ms;
    out.error = message(r.error);
  } else {
    out.value = r.value;
    out.missing = r.value === null;
    out.ms = r.ms;
  }
  if (item !== undefined) out.item = item;
  return out;
}

/** Opens each table once and asks each group's keys in one call (or key by key without a Many method). */
async function fetchGroups(
  ports: Pick<ScoringPorts, "openTable" | "errorMessage">,
  groups: Group[],
  parsed: { feature: string; ast: TemplateAst }[],
): Promise<BatchQueries["calls"]> {
  const tables = new Map<string, Promise<FeatureTableReader>>();
  for (const g of groups) if (!tables.has(g.table)) tables.set(g.table, ports.openTable(g.table));
  const calls: BatchQueries["calls"] = [];
  await Promise.all(
    groups.map(async (g) => {
      const t0 = performance.now();
      let reader: FeatureTableReader;
      try {
        reader = await tables.get(g.table)!;
      } catch (e) {
        // A table the registry does not know is the configuration's error, the request's 422.
        if (describeError(e)?.status === 404) {
          const feature = parsed.find((p) => p.ast.table.name === g.table)?.feature;
          throw new ScoringError("unprocessable", `feature ${feature}: ${(ports.errorMessage ?? safeMessage)(e)}`, { feature, table: g.table });
        }
        g.results = g.keys.map(() => ({ error: e, ms: performance.now() - t0 }));
        return;
      }
      const kkv = g.operator === "getKKV";
      const many = kkv ? reader.getKKVMany : reader.getKVMany;
      if (many && g.keys.length > 1) {
        calls.push({ table: g.table, operator: g.operator, keys: g.keys.length, many: true });
        try {
          const values = await many.call(reader, g.keys);
          if (!Array.isArray(values) || values.length !== g.keys.length) {
            throw new ScoringError("bad_gateway", `answered ${Array.isArray(values) ? values.length : "no"} values for ${g.keys.length} keys`);
          }
          const ms = performance.now() - t0;
          g.results = values.map((value) => ({ value: value === undefined ? null : value, ms }));
        } catch (e) {
          const ms = performance.now() - t0;
          g.results = g.keys.map(() => ({ error: e, ms }));
        }
        return;
      }
      g.results = await Promise.all(
        g.keys.map(async (key): Promise<Fetched> => {
          calls.push({ table: g.table, operator: g.operator, keys: 1, many: false });
          const k0 = performance.now();
          try {
            const value = kkv ? await reader.getKKV(key) : await reader.getKV(key);
            return { value, ms: performance.now() - k0 };
          } catch (e) {
            return { error: e, ms: performance.now() - k0 };
          }
        }),
      );
    }),
  );
  return calls;
}
