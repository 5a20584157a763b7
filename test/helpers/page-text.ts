// What a person reads on an HTML page (its visible text and the attributes a reader or a screen
// reader gives them), and where the page leads by GET (links, and forms sent with method get).

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  hellip: '…',
  rsquo: '’',
  lsquo: '‘',
  laquo: '«',
  raquo: '»',
  ndash: '–',
  mdash: '—',
  middot: '·',
  euro: '€',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*("([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
    out.set(m[1]!.toLowerCase(), decodeEntities(m[3] ?? m[4] ?? m[5] ?? ''));
  }
  return out;
}

const SPOKEN_ATTRIBUTES = ['title', 'alt', 'aria-label', 'placeholder'];

/**
 * The page's text without markup, scripts or styles, plus title/alt/aria-label/placeholder and the
 * labels of input buttons. Each tag boundary is a line break: a value in its own element stays apart
 * from the words around it.
 */
export function visibleText(html: string): string {
  const body = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<![^>]*>/g, ' ')
    .replace(/<script\b[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style\b[\s\S]*?<\/style>/gi, ' ');
  const text = body.replace(/<[a-zA-Z][^>]*>|<\/[^>]*>/g, (tag) => {
    if (tag.startsWith('</')) return '\n';
    const attrs = attributes(tag);
    const spoken = SPOKEN_ATTRIBUTES.map((name) => attrs.get(name)).filter(Boolean);
    if (/^<input\b/i.test(tag) && /^(submit|button|reset)$/i.test(attrs.get('type') ?? '') && attrs.get('value')) spoken.push(attrs.get('value'));
    return spoken.length ? `\n${spoken.join('\n')}\n` : '\n';
  });
  return decodeEntities(text)
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    .trim();
}

/** Where the page leads by GET: its links, and its GET forms sent as they stand (defaults, checked boxes, selected options). */
export function getTargets(html: string, pageUrl: string): string[] {
  const out: string[] = [];
  const body = html.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<script\b[\s\S]*?<\/script>/gi, ' ');
  for (const m of body.matchAll(/<a\b[^>]*>/gi)) {
    const href = attributes(m[0]).get('href');
    if (href) out.push(new URL(href, pageUrl).toString());
  }
  for (const m of body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const form = attributes(`<form ${m[1]}>`);
    if ((form.get('method') ?? 'get').toLowerCase() !== 'get') continue;
    const url = new URL(form.get('action') || pageUrl, pageUrl);
    url.search = '';
    for (const field of m[2]!.matchAll(/<(input|select|textarea)\b([^>]*)>([\s\S]*?<\/(?:select|textarea)>)?/gi)) {
      const attrs = attributes(`<x ${field[2]}>`);
      const name = attrs.get('name');
      if (!name) continue;
      const kind = field[1]!.toLowerCase();
      const type = (attrs.get('type') ?? 'text').toLowerCase();
      if (kind === 'select') {
        const options = [...(field[3] ?? '').matchAll(/<option\b([^>]*)>([^<]*)/gi)].map((o) => ({ attrs: attributes(`<x ${o[1]}>`), text: o[2]!.trim() }));
        const chosen = options.find((o) => o.attrs.has('selected')) ?? options[0];
        if (chosen) url.searchParams.append(name, chosen.attrs.get('value') ?? decodeEntities(chosen.text));
      } else if (kind === 'textarea') {
        url.searchParams.append(name, decodeEntities((field[3] ?? '').replace(/<\/textarea>$/i, '')));
      } else if (type === 'checkbox' || type === 'radio') {
        if (attrs.has('checked')) url.searchParams.append(name, attrs.get('value') ?? 'on');
      } else if (!['submit', 'button', 'reset', 'image', 'file'].includes(type)) {
        url.searchParams.append(name, attrs.get('value') ?? '');
      }
    }
    out.push(url.toString());
  }
  return out;
}
