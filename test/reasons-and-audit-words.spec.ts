// Issue 15: the reasons the service writes and the audit log's actions and fields read as words in
// the reader's language; a person's own words stay as written; a key no catalogue holds is reported.
import { expect } from 'chai';
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
