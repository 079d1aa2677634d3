/**
 * `data-*` attributes for chart marks, so a test (or a curious reader's
 * devtools) can read the exact published value behind every mark.
 */
import { html } from '../html.js';
import type { SafeHtml } from '../html.js';

/** Names are fixed in code; only the values come from data (and are escaped). */
type DataAttributes = Readonly<Record<string, string | number>>;

const NAME = /^[a-z][a-z0-9-]*$/;

function dataAttributes(data: DataAttributes): SafeHtml[] {
  return Object.entries(data).map(([name, value]) => {
    if (!NAME.test(name)) throw new TypeError(`bad data attribute name: ${name}`);
    return html` data-${name}="${String(value)}"`;
  });
}

export { dataAttributes };
export type { DataAttributes };
