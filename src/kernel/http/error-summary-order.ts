// The error summary lists the errors in the order of the fields on the page (GOV.UK; issue 15),
// whatever order the validation found them in: once a page is rendered, each list of the summary
// is sorted by where the field each item links to stands in the page. Items that link elsewhere
// (another page, the whole form) keep their place before the fields' ones.

const SUMMARY = /<div class="error-summary"[^>]*data-error-summary[^>]*>([\s\S]*?)<\/div>/g;
const LIST = /<ul>([\s\S]*?)<\/ul>/g;
const ITEM = /<li>[\s\S]*?<\/li>/g;

export function errorSummaryInPageOrder(html: string): string {
  if (!html.includes('data-error-summary')) return html;
  return html.replace(SUMMARY, (summary: string, _inner: string, at: number) => {
    const after = at + summary.length;
    const place = (item: string): number => {
      const id = /<a href="#([^"]+)"/.exec(item)?.[1];
      return id ? html.indexOf(` id="${id}"`, after) : -1;
    };
    return summary.replace(LIST, (list: string, items: string) => {
      const found = items.match(ITEM) ?? [];
      const sorted = found.map((item, i) => ({ item, i, at: place(item) })).sort((a, b) => a.at - b.at || a.i - b.i);
      if (sorted.every((s, i) => s.i === i)) return list;
      let n = 0;
      return `<ul>${items.replace(ITEM, () => sorted[n++]!.item)}</ul>`;
    });
  });
}
