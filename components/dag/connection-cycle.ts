/**
 * The cycle a new edge `source → target` would close, as node ids from `source` back to
 * `source` (the new edge first), or null when the graph stays acyclic. Breadth-first from the
 * target along the existing edges, so the cycle named is the shortest one.
 */
export function cycleClosedBy(edges: readonly { source: string; target: string }[], source: string, target: string): string[] | null {
  if (source === target) return [source, source];
  const successors = new Map<string, string[]>();
  for (const e of edges) successors.set(e.source, [...(successors.get(e.source) ?? []), e.target]);
  const cameFrom = new Map<string, string>([[target, source]]);
  const queue = [target];
  for (let head = 0; head < queue.length; head++) {
    const current = queue[head]!;
    if (current === source) {
      const path = [source];
      for (let at = cameFrom.get(source)!; at !== source; at = cameFrom.get(at)!) path.push(at);
      return [source, ...path.slice(1).reverse(), source];
    }
    for (const next of successors.get(current) ?? []) {
      if (cameFrom.has(next)) continue;
      cameFrom.set(next, current);
      queue.push(next);
    }
  }
  return null;
}

/** "a → b → a would make a cycle", with the nodes' keys. */
export function describeCycle(cycle: readonly string[], keyOf: (id: string) => string): string {
  return `${cycle.map(keyOf).join(" → ")} would make a cycle`;
}
