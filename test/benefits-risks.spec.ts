// The benefits warning per role and per declared benefit (SPEC §6.3, issue 17), in FR, NL and EN:
// the right category words for each, whom to ask, the public source, and never the old promise
// ("you keep the isolated rate"); the dated rules it rests on (config/benefits).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { benefitRulesFor, BENEFIT_RULES, loadBenefitRules } from '../src/kernel/benefit-rules.js';
import type { Language } from '../src/kernel/config.js';
import { benefitsRisks, type BenefitRole, type DeclaredBenefits } from '../src/modules/intake/benefits-risks.js';
import { benefitsWarning } from '../src/modules/intake/benefits-warning.js';

const LANGS: Language[] = ['fr', 'nl', 'en'];
/** The old generic text promised (or named) keeping the "isolated" rate for everyone. */
const OLD_PROMISE = /keep the .isolated. rate|gardez le taux|garder le taux|statut .isolé|tarief .alleenstaande. (houdt|behoudt)|statuut van alleenstaande/i;

interface Case {
  role: BenefitRole;
  declared: DeclaredBenefits | null;
  /** Benefits named, in order. */
  kinds: string[];
  /** Words each language must hold (the category's official words, the payer). */
  words: Record<Language, string[]>;
  /** Words that would be wrong here. */
  not?: Record<Language, string[]>;
}

const CASES: Record<string, Case> = {
  'parent on the CPAS, family dependants': {
    role: 'parent',
    declared: { source: 'cpas', status: 'family_dependants', singleParentSupplement: false },
    kinds: ['integrationIncome'],
    words: {
      fr: ['famille à charge', "compter les revenus de l'autre ménage", 'CPAS'],
      nl: ['persoon met gezin ten laste', 'OCMW'],
      en: ['family in their care', "count the other household's income", 'CPAS'],
    },
    not: { fr: ['taux «\u00a0cohabitant\u00a0», plus bas, ou compter les revenus de la famille'], nl: ['alleenwonende'], en: ['“isolated” rate. If the CPAS'] },
  },
  'parent on the CPAS who chose "isolated"': {
    role: 'parent',
    declared: { source: 'cpas', status: 'isolated' },
    kinds: ['integrationIncome', 'familyAllowance'],
    words: {
      fr: ['Vous avez choisi le taux «\u00a0isolé\u00a0»', 'famille à charge', 'ménage de fait'],
      nl: ['U koos het tarief ‘alleenstaande’', 'gezin ten laste', 'feitelijk gezin'],
      en: ['You chose the “isolated” rate', 'famille à charge', 'ménage de fait'],
    },
  },
  'parent on unemployment, family dependants, end date known': {
    role: 'parent',
    declared: { source: 'unemployment', status: 'family_dependants', unemploymentEndsOn: '2027-05-31', singleParentSupplement: true },
    kinds: ['unemployment', 'unemploymentEnd', 'familyAllowance'],
    words: {
      fr: [
        'avec charge de famille',
        'formulaire C1',
        '2026',
        '24 mois',
        '31 mai 2027',
        'syndicat ou la CAPAC',
        'Vous recevez les allocations familiales plus élevées',
      ],
      nl: ['met gezinslast', 'formulier C1', '24 maanden', '31 mei 2027', 'vakbond of de HVW'],
      en: ['with family dependants', 'form C1', '24 months', '31 May 2027', 'union or CAPAC'],
    },
  },
  'parent on unemployment, rate and end unknown': {
    role: 'parent',
    declared: { source: 'unemployment', status: 'unknown' },
    kinds: ['unemployment', 'unemploymentEnd', 'familyAllowance'],
    words: {
      fr: ['Vous ne connaissez pas votre taux', 'avec charge de famille', 'Nous ne savons pas encore quand'],
      nl: ['U kent uw tarief niet', 'met gezinslast', 'We weten nog niet wanneer'],
      en: ['You do not know your rate', 'with family dependants', 'We do not know yet when'],
    },
  },
  'parent on a disability allowance': {
    role: 'parent',
    declared: { source: 'disability', status: 'isolated', singleParentSupplement: false },
    kinds: ['disability'],
    words: { fr: ['DG Personnes handicapées'], nl: ['DG Personen met een handicap'], en: ['DG Persons with disabilities'] },
  },
  'parent at work': {
    role: 'parent',
    declared: { source: 'work', status: 'unknown', singleParentSupplement: false },
    kinds: ['salary'],
    words: { fr: ['Votre salaire ne dépend pas'], nl: ['Uw loon hangt niet af'], en: ['Your salary does not depend'] },
    not: { fr: ['cohabitant'], nl: ['samenwonende'], en: ['cohabitant'] },
  },
  'host on the CPAS at the isolated rate': {
    role: 'host',
    declared: { source: 'cpas', status: 'isolated' },
    kinds: ['integrationIncome'],
    words: {
      fr: ['taux «\u00a0isolé\u00a0»', 'taux «\u00a0cohabitant\u00a0», plus bas'],
      nl: ['‘alleenstaande’', 'lagere tarief ‘samenwonende’'],
      en: ['“isolated” rate', 'lower “cohabitant” rate'],
    },
    not: { fr: ['famille à charge', 'ménage de fait'], nl: ['gezin ten laste'], en: ['family in their care'] },
  },
  'host on unemployment at the isolated rate': {
    role: 'host',
    declared: { source: 'unemployment', status: 'isolated', unemploymentEndsOn: null },
    kinds: ['unemployment', 'unemploymentEnd'],
    words: {
      fr: ['taux «\u00a0isolé\u00a0»', 'taux «\u00a0cohabitant\u00a0», plus bas', 'ONEM'],
      nl: ['‘alleenwonende’', 'lagere tarief ‘samenwonende’', 'RVA'],
      en: ['“isolated” rate', 'lower “cohabitant” rate', 'ONEM'],
    },
    not: { fr: ['avec charge de famille'], nl: ['met gezinslast'], en: ['with family dependants'] },
  },
  'host who is a single parent too, on unemployment with family dependants and the supplement': {
    role: 'host',
    declared: { source: 'unemployment', status: 'family_dependants', singleParentSupplement: true },
    kinds: ['unemployment', 'unemploymentEnd', 'familyAllowance'],
    words: { fr: ['avec charge de famille', 'ménage de fait'], nl: ['met gezinslast', 'feitelijk gezin'], en: ['with family dependants', 'ménage de fait'] },
  },
  'host on the GRAPA at the higher amount': {
    role: 'host',
    declared: { source: 'grapa', status: 'isolated' },
    kinds: ['grapa'],
    words: {
      fr: [
        'garantie de revenus aux personnes âgées (GRAPA)',
        'montant majoré',
        'vos enfants de moins de 18 ans',
        'ligne directe',
        'montant de base',
        'Service fédéral des Pensions',
        'résidence principale',
      ],
      nl: [
        'inkomensgarantie voor ouderen (IGO)',
        'verhoogde bedrag',
        'kinderen jonger dan 18',
        'rechte lijn',
        'basisbedrag',
        'Federale Pensioendienst',
        'hoofdverblijfplaats',
      ],
      en: [
        'income guarantee for older people (GRAPA)',
        'higher amount',
        'children under 18',
        'direct line',
        'basic amount',
        'Federal Pension Service',
        'main residence',
      ],
    },
    not: { fr: ['cohabitant', 'famille à charge'], nl: ['gezin ten laste'], en: ['family in their care'] },
  },
  'host on a retirement pension': {
    role: 'host',
    declared: { source: 'pension' },
    kinds: ['pension'],
    words: {
      fr: ['ne dépend pas de qui vit chez vous', 'GRAPA'],
      nl: ['hangt niet af van wie bij u woont', 'IGO'],
      en: ['does not depend on who lives in your home', 'GRAPA'],
    },
  },
  'host with no benefit': {
    role: 'host',
    declared: { source: 'none' },
    kinds: ['noBenefit'],
    words: { fr: ["Vous ne recevez pas d'allocation"], nl: ['U krijgt geen uitkering'], en: ['You receive no benefit'] },
    not: { fr: ['cohabitant'], nl: ['samenwonende'], en: ['cohabitant'] },
  },
  'host who declared nothing (an offer sent through the API)': {
    role: 'host',
    declared: null,
    kinds: ['notDeclared'],
    words: { fr: ['Nous ne connaissons pas encore vos revenus'], nl: ['We kennen uw eigen inkomen nog niet'], en: ['We do not know your own income yet'] },
  },
};

describe('benefits warning: per role and per declared benefit (SPEC §6.3, issue 17)', () => {
  const rules = benefitRulesFor(new Date('2026-12-03T12:00:00Z'));

  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: the right items and words in FR, NL and EN, whom to ask, never the old promise`, () => {
      expect(benefitsRisks(c.role, c.declared, rules).map((r) => r.benefit)).to.deep.equal(c.kinds);
      for (const lang of LANGS) {
        const w = benefitsWarning(lang, c.role, c.declared, new Date('2026-12-03T12:00:00Z'));
        const text = w.items.map((i) => `${i.title} ${i.risk} ${i.whatToDo} ${i.whomToAsk}`).join(' ');
        for (const word of c.words[lang]) expect(text, `${lang}: ${word}`).to.contain(word);
        for (const word of c.not?.[lang] ?? []) expect(text, `${lang}: not ${word}`).not.to.contain(word);
        expect(text, lang).not.to.match(OLD_PROMISE);
        // Every item is written out (no catalogue key shown) and says whom to ask.
        for (const i of w.items)
          for (const part of [i.title, i.risk, i.whatToDo, i.whomToAsk]) expect(part, `${lang} ${i.benefit}`).not.to.match(/^intake\.|\{\w+\}/);
        expect(w.declare, lang).to.match(/8/);
      }
    });
  }

  it('names the public source of each benefit with the day it was read, and the rules with their validity', () => {
    const w = benefitsWarning('fr', 'host', { source: 'grapa', status: 'isolated' }, new Date('2026-12-03T12:00:00Z'));
    expect(w.items[0]!.source).to.deep.equal({ name: 'Service fédéral des Pensions (SFP)', url: 'https://www.sfpd.fgov.be', reviewedOn: '3 décembre 2026' });
    expect(w.rules).to.include({ id: 'BEN-2026', validUntil: '30 juin 2027', outdated: false });
    const parent = benefitsWarning('en', 'parent', { source: 'cpas', status: 'family_dependants' });
    expect(parent.items.map((i) => i.source?.url)).to.deep.equal(['https://www.mi-is.be', 'https://www.iriscare.brussels']);
    // Past its validity date, the page says the rules must be checked again.
    expect(benefitsWarning('en', 'parent', null, new Date('2027-07-01T12:00:00Z')).rules.outdated).to.equal(true);
  });

  it('takes the time limit, the GRAPA exceptions and the registration days from the dated rules, not from code', () => {
    const changed = {
      ...rules,
      domiciliationWorkingDays: 10,
      unemployment: { limitedInTimeFrom: '2027-01-01', maxMonths: 18 },
      grapa: { sharingExceptions: ['minorChildren' as const] },
    };
    const risks = benefitsRisks('host', { source: 'unemployment', status: 'isolated' }, changed);
    expect(risks[1]!.params).to.deep.equal({ year: 2027, maxMonths: 18 });
    expect(benefitsRisks('host', { source: 'grapa', status: 'isolated' }, changed)[0]!.params).to.deep.equal({ exceptions: 'minorChildren' });
  });

  it('loads every file of config/benefits, validated; a file whose validity ends before it starts, or with an unknown field (an amount), is refused', () => {
    expect(BENEFIT_RULES.map((r) => r.id)).to.include('BEN-2026');
    expect(loadBenefitRules(join(import.meta.dirname, '..', 'config', 'benefits'))[0]!.sources.integrationIncome.url).to.match(/^https:\/\//);
    for (const r of BENEFIT_RULES) expect(r.validUntil >= r.effectiveFrom, r.id).to.equal(true);
    const dir = mkdtempSync(join(tmpdir(), 'benefits-'));
    try {
      const good = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'config', 'benefits', 'BEN-2026.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(dir, 'BEN-2027.json'), JSON.stringify({ ...good, id: 'BEN-2027', effectiveFrom: '2027-01-01', validUntil: '2026-12-31' }));
      expect(() => loadBenefitRules(dir)).to.throw(/validUntil is before effectiveFrom/);
      writeFileSync(join(dir, 'BEN-2027.json'), JSON.stringify({ ...good, id: 'BEN-2027', amounts: { cohabitant: 900 } }));
      expect(() => loadBenefitRules(dir)).to.throw(/invalid benefits rules/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
