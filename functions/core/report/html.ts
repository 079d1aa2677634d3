/**
 * HTML built by a tagged template that escapes every interpolated value,
 * so a segment or channel name from the CRM can never become markup: only
 * values already built by `html` (or the report's own stylesheet) pass
 * through unescaped.
 */

/** Markup produced by `html`; the only values inserted unescaped. */
class SafeHtml {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

/** What a template slot accepts; null, undefined and false render nothing. */
type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe in element content and in quoted attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

function renderValue(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(renderValue).join('');
  return escapeHtml(String(value));
}

/**
 * Tagged template for markup. Attribute values must be written quoted
 * (`x="${v}"`); escaping quotes then keeps a value inside its attribute.
 */
function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += renderValue(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/**
 * Marks text written in this codebase (the stylesheet) as markup. Never
 * call it on data: that is what `html` is for.
 */
function trustedHtml(text: string): SafeHtml {
  return new SafeHtml(text);
}

export { escapeHtml, html, SafeHtml, trustedHtml };
export type { HtmlValue };
