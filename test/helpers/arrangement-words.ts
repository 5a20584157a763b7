// The arrangement's name (SPEC §6.3, docs/vocabulary.md): the words "cohabitation" / "samenwonen"
// name the very status a single parent on benefits fears, so no text a person reads uses them for
// the arrangement. What stays: the product's name "Cohabitation" where it is the brand (the uses
// below), and in Dutch the benefit rate's official name, quoted, as the payment bodies' letters
// write it (like the French « cohabitant », which these rules do not catch either).
import type { Language } from '../../src/kernel/config.js';

/** The brand, case-sensitive: each a place where "Cohabitation" is the service's name. */
export const BRAND_USES: { use: string; re: RegExp }[] = [
  { use: 'the name alone (app.name, the header)', re: /^Cohabitation$/g },
  { use: 'the mail signature', re: /L['’]équipe Cohabitation\b|\bThe Cohabitation team\b|\bHet Cohabitation-team\b|\n\nCohabitation$/g },
  { use: 'the mail subject’s suffix', re: / – Cohabitation$/g },
  {
    use: 'the service, the account, signing up',
    re: /\b(?:service|compte|dienst) Cohabitation\b|\bCohabitation[ -](?:service|account)\b|\binscription à Cohabitation\b|\bsigning up to Cohabitation\b/g,
  },
  { use: 'the sender of a text message', re: /^(?:Rappel )?Cohabitation(?: reminder)? ?:/g },
  { use: 'the service as a sentence’s subject', re: /(?:^|(?<=[.!?]\s))Cohabitation (?:aide|les met|helps|brings|helpt|brengt)\b/g },
  { use: 'the service’s e-mail addresses (its domain)', re: /[\w.+-]*@[\w.-]*cohabitation[\w.-]*/gi },
  { use: 'the service in the contact block', re: /\bCohabitation – (?:service d'accompagnement|support service|begeleidingsdienst)/g },
];

export interface Finding {
  word: string;
  re: RegExp;
}

export const ARRANGEMENT: Record<Language, Finding> = {
  fr: { word: 'cohabitation for the arrangement (say logement partagé, occupation partagée du logement)', re: /cohabitation\p{L}*/giu },
  en: { word: 'cohabitation for the arrangement (say home-sharing)', re: /cohabitation\p{L}*/giu },
  // Every form of the compound: samenwonen, samenwoning, (u) samenwoont, samengewoond.
  nl: { word: 'samenwonen / samenwoning (say gedeelde woning, woningdeling)', re: /samen(?:ge)?wo(?:on|n)\p{L}*/giu },
};

/** The Dutch rate's name as quoted in the benefits texts: tarief "samenwonende". */
const NL_RATE = /[‘'"“«]samenwonenden?[’'"”»]/gu;

/** The text without the brand's uses (and, in Dutch, the quoted rate). */
export function withoutAllowed(lang: Language, text: string): string {
  let out = BRAND_USES.reduce((s, b) => s.replace(b.re, ' '), text);
  if (lang === 'nl') out = out.replace(NL_RATE, ' ');
  return out;
}

/** Each use of the banned word for the arrangement, `where` naming the file and key (or page). */
export function arrangementFindings(lang: Language, text: string, where: string): string[] {
  const rule = ARRANGEMENT[lang];
  return [...withoutAllowed(lang, text).matchAll(rule.re)].map((m) => `${where}: "${m[0]}" (${rule.word})`);
}

/** A rendered page's text without the brand in its title and header (the page's own words stay). */
export function pageWithoutBrandChrome(html: string): string {
  return html.replace(/<title>[\s\S]*?<\/title>/, ' ').replace(/<a class="brand"[^>]*>[^<]*<\/a>/, ' ');
}
