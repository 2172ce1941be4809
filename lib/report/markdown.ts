/** Markdown pieces the report (render-markdown.ts) and the pull-request diff (diff-render.ts) share. */

/** USD with cents and thousands separators: `$1,234.50`. */
export function money(value: number): string {
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/**
 * Starts a section: its heading, then, when it has no `items`, the line `none` that says so. True when there is more
 * of the section to render.
 */
export function section(out: string[], heading: string, items: readonly unknown[], none: string): boolean {
  out.push(heading, '');
  if (items.length === 0) {
    out.push(none, '');
    return false;
  }
  return true;
}
