// Issue 15: the reasons the service writes and the audit log's actions and fields read as words in
// the reader's language; a person's own words stay as written; a key no catalogue holds is reported.
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { auditActionLabel, auditFieldLabel } from '../src/kernel/audit/audit.labels.js';
import { reportMissingKeys, t } from '../src/kernel/i18n/index.js';
import { reasonText, systemReason } from '../src/kernel/i18n/reasons.js';
import { labelIntakeAuditEntries } from '../src/modules/intake/audit-labels.js';

describe('reasons and the audit log in words (issue 15)', () => {
  before(() => labelIntakeAuditEntries());

  it('a reason the service gives is a code shown in the reader’s language; with a person’s words after it; a person’s reason as written', () => {
    expect(reasonText('fr', systemReason('erased'))).to.equal('données effacées (RGPD)');
    expect(reasonText('nl', systemReason('non_conform'))).to.equal('woning niet conform bij het bezoek');
    expect(reasonText('en', systemReason('visit_cancelled', 'The host is ill'))).to.equal('visit cancelled: The host is ill');
    expect(reasonText('fr', 'En attente de la décision du CPAS')).to.equal('En attente de la décision du CPAS');
    expect(reasonText('fr', 'pas_un_code')).to.equal('pas_un_code');
    expect(reasonText('fr', null)).to.equal(null);
  });

  it('audit actions and fields: the kernel’s own, intake’s events and field labels, denied requests', () => {
    expect(auditActionLabel('en', 'session.login')).to.equal('Signed in');
    expect(auditActionLabel('fr', 'family.read')).to.equal("A ouvert le dossier d'une famille");
    expect(auditActionLabel('en', 'family.status')).to.equal('Family: Status changed');
    expect(auditActionLabel('en', 'GET /work/families/:id')).to.equal('Asked for GET /work/families/:id');
    expect(auditFieldLabel('en', '/status', 'family')).to.equal('Status');
    expect(auditFieldLabel('en', '/casework/references', 'offer')).to.equal('References');
    expect(auditFieldLabel('fr', 'casework', 'family')).to.equal("Notes d'accompagnement");
    const parentName = auditFieldLabel('en', '/parent/firstName', 'family');
    expect(parentName).to.not.match(/\/|parent\.|firstName/);
    expect(auditFieldLabel('en', '/children/1/birthYear', 'family')).to.match(/^Child 2 – /);
  });

  it('every audit action and field the code writes as a literal has words in FR, NL and EN', () => {
    const actions = new Set<string>();
    const fields = new Map<string, string>(); // field → its target type
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : name.endsWith('.ts') ? [join(dir, name)] : []));
    for (const file of walk(join(import.meta.dirname, '..', 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const call of text.matchAll(/audit\(\{([^}]*)\}\)/g)) {
        const body = call[1]!;
        const target = /targetType: '([a-z]+)'/.exec(body)?.[1] ?? '';
        for (const a of body.matchAll(/'([a-z]+\.[a-zA-Z.]+)'/g)) actions.add(a[1]!);
        const listed = /fields: \[([^\]]*)\]/.exec(body)?.[1] ?? '';
        for (const f of listed.matchAll(/'([^']+)'/g)) fields.set(f[1]!, target);
      }
    }
    expect(actions.size, 'audit actions found in src').to.be.greaterThan(20);
    const told: string[] = [];
    reportMissingKeys((key, lang) => told.push(`${lang}:${key}`));
    try {
      for (const lang of ['fr', 'nl', 'en'] as const) {
        for (const action of actions) auditActionLabel(lang, action);
        for (const [field, target] of fields) auditFieldLabel(lang, field, target || null);
      }
    } finally {
      reportMissingKeys('stderr');
    }
    expect(told).to.deep.equal([]);
  });

  it('t() tells of a key that no catalogue holds (the page would show the key)', () => {
    const told: string[] = [];
    reportMissingKeys((key, lang) => told.push(`${lang}:${key}`));
    try {
      expect(t('nl', 'intake.vocab.sexes.undefined')).to.equal('intake.vocab.sexes.undefined');
      expect(t('fr', 'audit.page.title')).to.not.equal('audit.page.title');
    } finally {
      reportMissingKeys('stderr');
    }
    expect(told).to.deep.equal(['nl:intake.vocab.sexes.undefined']);
  });
});
