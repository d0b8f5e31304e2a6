/**
 * Walking JSON-shaped values that came from outside (CloudTrail records, sample events) without
 * recursion, so a value nested 20,000 deep is a clean rejection and never a stack overflow, and
 * with bounds on depth and size checked before any work is done on it.
 */

/** Bounds far beyond any genuine CloudTrail record (AWS caps a record's size at 256 KB). */
export const TREE_LIMITS = { depth: 32, nodes: 50_000 } as const;

/**
 * Why `value` is beyond `limits`, or undefined when it is within them. Stops at the first
 * violation, so a hostile value costs at most `limits.nodes` steps.
 */
export const treeBoundsProblem = (
  value: unknown,
  limits: { readonly depth: number; readonly nodes: number } = TREE_LIMITS,
): string | undefined => {
  const stack: [unknown, number][] = [[value, 0]];
  let nodes = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (++nodes > limits.nodes) return `has more than ${limits.nodes} values`;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= limits.depth) return `is nested deeper than ${limits.depth} levels`;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return undefined;
};

/** Every string in `value` (object values and array items, any depth), iteratively, in document order. */
export function* stringsIn(value: unknown): Generator<string> {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'string') yield node;
    else if (node && typeof node === 'object') {
      const children = Object.values(node);
      for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]);
    }
  }
}

/** A deep copy of `value` with every string passed through `map`, iteratively; keys are kept. */
export const mapStrings = <T>(value: T, map: (text: string) => string): T => {
  const root: { value: unknown } = { value: undefined };
  const stack: { source: unknown; assign: (copy: unknown) => void }[] = [
    { source: value, assign: (copy) => (root.value = copy) },
  ];
  while (stack.length > 0) {
    const { source, assign } = stack.pop() as (typeof stack)[number];
    if (typeof source === 'string') assign(map(source));
    else if (Array.isArray(source)) {
      const copy: unknown[] = new Array(source.length);
      assign(copy);
      for (const [index, item] of source.entries()) stack.push({ source: item, assign: (child) => (copy[index] = child) });
    } else if (source && typeof source === 'object') {
      const copy: Record<string, unknown> = {};
      assign(copy);
      for (const [key, item] of Object.entries(source)) stack.push({ source: item, assign: (child) => (copy[key] = child) });
    } else assign(source);
  }
  return root.value as T;
};
