import { listErrorDefinitions, type ErrorDefinition } from '../errors/registry.js';
import { kebabCase } from './problem-type.js';

/**
 * The public page of one problem type: what a client sees at the problem's `type` URI. Only
 * client-facing facts — never the operators' runbook.
 *
 * @example
 * ```ts
 * const page: ProblemTypePage | undefined = problemTypePage('user-not-found');
 * ```
 */
export interface ProblemTypePage {
  code: string;
  title: string;
  status: number;
  /** What the problem means for a client (the error's user message). */
  detail: string;
  /** Whether the same request may succeed later. */
  retryable: boolean;
  /** What a client should do. */
  action: string;
}

/**
 * The page of the problem type whose slug (`user-not-found`, the last segment of its `type`
 * URI) names a cataloged error, or `undefined`.
 *
 * @example
 * ```ts
 * problemTypePage('rate-limit-exceeded')?.status; // 429
 * ```
 */
export function problemTypePage(slug: string): ProblemTypePage | undefined {
  const definition = listErrorDefinitions().find((d) => kebabCase(d.code) === slug);
  if (!definition) return undefined;
  const { code, title, status, userMessage, retryable } = definition;
  return { code, title, status, detail: userMessage, retryable, action: clientAction(definition) };
}

function clientAction({ status, retryable }: ErrorDefinition): string {
  if (status === 401) return 'Authenticate (send valid credentials), then retry.';
  if (status === 403) return 'Do not retry: the caller lacks permission for this operation.';
  if (status === 429 || status === 503)
    return 'Retry after the number of seconds in the Retry-After header, with backoff.';
  if (status >= 500)
    return retryable
      ? 'Retry with exponential backoff; quote the trace_id of the response if it persists.'
      : 'Quote the trace_id of the response to the service owner; retrying may not help.';
  if (retryable) return 'Retry later; the request itself is valid.';
  return 'Fix the request as the detail and errors fields describe; an unchanged retry fails again.';
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/**
 * A small self-contained HTML page for browsers (no scripts, every value escaped).
 *
 * @example
 * ```ts
 * const html = renderProblemTypeHtml(problemTypePage('conflict')!);
 * ```
 */
export function renderProblemTypeHtml(page: ProblemTypePage): string {
  const rows: [string, string][] = [
    ['Status', String(page.status)],
    ['Error code', page.code],
    ['What it means', page.detail],
    ['What to do', page.action],
    ['Retryable', page.retryable ? 'yes' : 'no'],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto">
<h1>${escapeHtml(page.title)}</h1>
<dl>${rows.map(([k, v]) => `<dt><b>${escapeHtml(k)}</b></dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
<p>Problem responses of this type are RFC 9457 <code>application/problem+json</code> bodies.</p>
</body></html>
`;
}
