/**
 * Cycles of prerequisites: one per strongly connected group of notes (Tarjan's algorithm, iterative so a
 * long chain cannot overflow the stack), each given as one concrete cycle through the group.
 */
export function findPrerequisiteCycles(nodes: readonly number[], successors: (id: number) => readonly number[]): number[][] {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const groups: number[][] = [];
  let counter = 0;

  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: number; next: number; succ: readonly number[] }[] = [];
    const enter = (node: number) => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: 0, succ: successors(node) });
    };
    enter(root);
    while (work.length) {
      const frame = work[work.length - 1];
      if (frame.next < frame.succ.length) {
        const w = frame.succ[frame.next++];
        if (!index.has(w)) enter(w);
        else if (onStack.has(w)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const group: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          group.push(w);
        } while (w !== frame.node);
        const selfLoop = group.length === 1 && successors(group[0]).includes(group[0]);
        if (group.length > 1 || selfLoop) groups.push(group);
      }
    }
  }

  return groups.map((group) => cycleThrough(group, successors));
}

/** One cycle inside a strongly connected group, starting from its smallest id (for stable output). */
function cycleThrough(group: number[], successors: (id: number) => readonly number[]): number[] {
  const members = new Set(group);
  const start = Math.min(...group);
  // Breadth-first search from the start back to itself, inside the group.
  const parent = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    for (const next of successors(node)) {
      if (!members.has(next)) continue;
      if (next === start) {
        const cycle = [node];
        let at = node;
        while (at !== start) {
          at = parent.get(at)!;
          cycle.push(at);
        }
        return cycle.reverse();
      }
      if (!parent.has(next)) {
        parent.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start];
}
