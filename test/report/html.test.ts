import { describe, expect, it } from 'vitest';
import { escapeHtml, html, SafeHtml } from '../../functions/core/report/html.js';

describe('Function: escapeHtml', () => {
  it('escapes the five characters that can leave text or an attribute', () => {
    // Prepare
    const hostile = `<script>alert("x")</script> & 'y'`;

    // Act
    const escaped = escapeHtml(hostile);

    // Assess
    expect(escaped).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
  });
});

describe('Function: html', () => {
  it('escapes interpolated text in content and in quoted attributes', () => {
    // Prepare
    const segment = '"><img src=x onerror=alert(1)>';

    // Act
    const out = html`<td title="${segment}">${segment}</td>`.text;

    // Assess: the value stays inside its attribute and never becomes a tag
    expect(out).toBe(
      '<td title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</td>',
    );
    expect(out).not.toContain('<img');
  });

  it('inserts markup built by html unescaped, arrays joined, and nothing for null, undefined or false', () => {
    // Prepare
    const cells = ['a<b', 'c'].map((c) => html`<td>${c}</td>`);

    // Act
    const out = html`<tr>${cells}${null}${undefined}${false}${0}</tr>`;

    // Assess: the number 0 is a value and is shown
    expect(out).toBeInstanceOf(SafeHtml);
    expect(out.text).toBe('<tr><td>a&lt;b</td><td>c</td>0</tr>');
  });
});
