/**
 * zod issues as a person reads them, in one place: the policy file, the scan document, Lambda
 * environments, incoming events and the CDK context all say `field: problem (got value)`.
 */
import type { z } from 'zod';
import { preview } from './text.ts';

type PathPart = PropertyKey | { readonly key: PropertyKey };

/** A zod path as `scope.regions[1]`; `whole` names the empty path (`(top level)`, `(event)`). */
export const formatPath = (path: readonly PathPart[] | undefined, whole = '(top level)'): string =>
  (path ?? []).reduce<string>((text, part) => {
    const key = typeof part === 'object' && part !== null ? part.key : part;
    if (typeof key === 'number') return `${text}[${key}]`;
    return text ? `${text}.${String(key)}` : String(key);
  }, '') || whole;

/** What is wrong, without the field: unknown keys listed, the offending value where it helps. */
export const issueProblem = (issue: z.core.$ZodIssue): string => {
  if (issue.code === 'unrecognized_keys') return `unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  const got = 'input' in issue && issue.input !== undefined ? ` (got ${preview(issue.input)})` : '';
  return `${issue.message}${got}`;
};

/** One human line per zod issue: `field: problem`. */
export const formatIssues = (issues: readonly z.core.$ZodIssue[], whole?: string): string[] =>
  issues.map((issue) => `${formatPath(issue.path, whole)}: ${issueProblem(issue)}`);
