import type { BulkStep } from './types.js';

/** A dependency of one operation: the bulkId it references and the POST that defines it. */
export interface BulkDependency {
  bulkId: string;
  index: number;
}

/**
 * Tarjan's strongly connected components, iteratively (no recursion limit on long chains).
 * Components complete in dependency-first order, roots taken in request order.
 */
function components(dependencies: readonly (readonly BulkDependency[])[]): number[][] {
  const count = dependencies.length;
  const order: (number | undefined)[] = new Array<number | undefined>(count).fill(undefined);
  const low: number[] = new Array<number>(count).fill(0);
  const onStack: boolean[] = new Array<boolean>(count).fill(false);
  const stack: number[] = [];
  const found: number[][] = [];
  let counter = 0;

  const open = (node: number): void => {
    order[node] = counter;
    low[node] = counter;
    counter += 1;
    stack.push(node);
    onStack[node] = true;
  };

  for (let root = 0; root < count; root += 1) {
    if (order[root] !== undefined) continue;
    // Most operations reference nothing: each is a component of its own, found without a walk.
    if ((dependencies[root] ?? []).length === 0) {
      order[root] = counter;
      counter += 1;
      found.push([root]);
      continue;
    }
    open(root);
    const frames: { node: number; next: number }[] = [{ node: root, next: 0 }];
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      if (frame === undefined) break;
      const edges = dependencies[frame.node] ?? [];
      const edge = edges[frame.next];
      if (edge !== undefined) {
        frame.next += 1;
        const seen = order[edge.index];
        if (seen === undefined) {
          open(edge.index);
          frames.push({ node: edge.index, next: 0 });
        } else if (onStack[edge.index]) {
          low[frame.node] = Math.min(low[frame.node] ?? 0, seen);
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      const nodeLow = low[frame.node] ?? 0;
      if (parent !== undefined) low[parent.node] = Math.min(low[parent.node] ?? 0, nodeLow);
      if (nodeLow === order[frame.node]) {
        const component: number[] = [];
        for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
          onStack[member] = false;
          component.push(member);
          if (member === frame.node) break;
        }
        found.push(component.sort((a, b) => a - b));
      }
    }
  }
  return found;
}

const noDeferred: readonly string[] = Object.freeze([]);

function dependsOnItself(
  dependencies: readonly (readonly BulkDependency[])[],
  index: number,
): boolean {
  return (dependencies[index] ?? []).some((edge) => edge.index === index);
}

/**
 * Orders bulk operations, RFC 7644 §3.7: request order, except that the POST defining a bulkId
 * runs before its first user (hoisted, recursively). Operations in a reference cycle run in
 * request order, each deferring references to partners not created yet, and are linked after.
 */
export function orderBulkSteps(dependencies: readonly (readonly BulkDependency[])[]): BulkStep[] {
  const steps: BulkStep[] = [];
  for (const component of components(dependencies)) {
    const [only] = component;
    if (component.length === 1 && only !== undefined && !dependsOnItself(dependencies, only)) {
      steps.push({ kind: 'run', index: only, deferred: noDeferred });
      continue;
    }
    const members = new Set(component);
    const ran = new Set<number>();
    const links: BulkStep[] = [];
    for (const index of component) {
      const deferred = [
        ...new Set(
          (dependencies[index] ?? [])
            .filter((edge) => members.has(edge.index) && !ran.has(edge.index))
            .map((edge) => edge.bulkId),
        ),
      ];
      ran.add(index);
      steps.push({ kind: 'run', index, deferred });
      if (deferred.length > 0) links.push({ kind: 'link', index, references: deferred });
    }
    steps.push(...links);
  }
  return steps;
}
