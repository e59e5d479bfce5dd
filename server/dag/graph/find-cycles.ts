import { neighbours, type DagIndex } from "@/sdk/src/core/dag/index-dag";

/**
 * One cycle per strongly connected component of more than one node, as node ids in edge
 * order (the first node is not repeated at the end). Listing every elementary cycle can be
 * exponential; one named cycle per tangle is enough for the editor to show where it is, and
 * each fix either breaks the tangle or reveals the next cycle on the next save.
 */
export function findCycles(index: DagIndex): string[][] {
  return stronglyConnected(index)
    .filter((component) => component.length > 1)
    .map((component) => shortestCycleThrough(index, component))
    .sort((a, b) => rank(index, a) - rank(index, b));
}

function rank(index: DagIndex, cycle: string[]): number {
  return index.order.get(cycle[0] ?? "") ?? 0;
}

/** Tarjan's algorithm, iterative so a long chain cannot overflow the stack. */
function stronglyConnected(index: DagIndex): string[][] {
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  for (const root of index.nodes) {
    if (indexOf.has(root.id)) continue;
    const work: Array<{ id: string; next: number }> = [{ id: root.id, next: 0 }];
    indexOf.set(root.id, counter);
    low.set(root.id, counter++);
    stack.push(root.id);
    onStack.add(root.id);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const succs = neighbours(index.successors, frame.id);
      if (frame.next < succs.length) {
        const succ = succs[frame.next++]!;
        if (!indexOf.has(succ)) {
          indexOf.set(succ, counter);
          low.set(succ, counter++);
          stack.push(succ);
          onStack.add(succ);
          work.push({ id: succ, next: 0 });
        } else if (onStack.has(succ)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, indexOf.get(succ)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === indexOf.get(frame.id)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        components.push(component);
      }
    }
  }
  return components;
}

/** Breadth-first from the component's first node (document order) back to itself. */
function shortestCycleThrough(index: DagIndex, component: string[]): string[] {
  const inside = new Set(component);
  const start = [...component].sort((a, b) => index.order.get(a)! - index.order.get(b)!)[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const current = queue[head]!;
    for (const succ of neighbours(index.successors, current)) {
      if (!inside.has(succ)) continue;
      if (succ === start) return unwind(cameFrom, current, start);
      if (cameFrom.has(succ)) continue;
      cameFrom.set(succ, current);
      queue.push(succ);
    }
  }
  // Unreachable for a real component: every member reaches every other one.
  return component;
}

function unwind(cameFrom: Map<string, string>, last: string, start: string): string[] {
  const path = [last];
  let current = last;
  while (current !== start) {
    current = cameFrom.get(current)!;
    path.push(current);
  }
  return path.reverse();
}
