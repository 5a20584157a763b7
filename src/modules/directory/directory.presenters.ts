// An entry as readers get it: the name and text in their language, or the French one marked as
// such (`shownIn`), every language's text for whoever keeps the directory, the contact.
import type { Language } from '../../kernel/config.js';
import { communeName } from '../../kernel/region.js';
import type { DirectoryEntry } from './directory.model.js';

export function presentEntry(doc: DirectoryEntry, lang: Language) {
  const own = doc.names[lang];
  const text = own?.name ? own : doc.names.fr;
  const c = doc.contact ?? {};
  return {
    id: String(doc._id),
    kind: doc.kind,
    commune: doc.commune ?? null,
    communeName: doc.commune ? communeName(doc.commune, lang) : null,
    regionWide: doc.commune == null,
    name: text.name,
    description: text.description ?? null,
    /** The language of `name` and `description`: the reader's, or fr when it has none. */
    shownIn: own?.name ? lang : 'fr',
    names: { fr: doc.names.fr, nl: doc.names.nl ?? null, en: doc.names.en ?? null },
    contact: { phone: c.phone ?? null, address: c.address ?? null, website: c.website ?? null, email: c.email ?? null, hours: c.hours ?? null },
    retired: doc.retiredAt != null,
    retiredAt: doc.retiredAt ?? null,
    version: doc.version,
  };
}
export type PresentedEntry = ReturnType<typeof presentEntry>;
