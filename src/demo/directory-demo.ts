// Demo directory (never seeded in production, nor in any environment but the demo): the helplines
// of the Brussels Region and the full directory of one commune, Forest (21007), whose entries are
// invented — each name says "(démo)", each phone is 02 000 00 xx.
//
// The helplines' numbers are the ones issue 18 lists as "emergency and violence helplines" (112, 101,
// 0800 30 030, 1712). Checked against ../shared/seeds (the source documents) and ../shared/data
// (the communes): neither names any of these numbers, nor what each one answers, its hours, its cost,
// its language or its website. So each entry states only its number and that it is on the service's
// list of emergency and violence lines, says that the rest is to be confirmed by the coordination, and
// gives no hours and no website. A coordinator completes each entry from the line's own publication
// before the directory is shown to families for real.
import type { App } from '../app.js';
import type { EntryInput } from '../modules/directory/index.js';
import type { DemoActors } from './intake-demo.js';

const FOREST = '21007';

/** One helpline: its number, and only what the service's list says of it. */
const helpline = (phone: string): EntryInput => ({
  kind: 'helpline',
  commune: null,
  names: {
    fr: {
      name: `${phone} – urgences et violences (démo)`,
      description:
        'Numéro de la liste des urgences et des lignes d’aide en cas de violence du service. Ce à quoi il répond, ses heures et son coût sont à confirmer par la coordination.',
    },
    nl: {
      name: `${phone} – noodgevallen en geweld (demo)`,
      description:
        'Nummer op de lijst van nood- en hulplijnen bij geweld van de dienst. Waarvoor het dient, de uren en de kosten moet de coördinatie nog bevestigen.',
    },
    en: {
      name: `${phone} – emergencies and violence (demo)`,
      description:
        'A number on the service’s list of emergency and violence helplines. What it answers, its hours and its cost are to be confirmed by the coordination.',
    },
  },
  contact: { phone },
});

const HELPLINES: EntryInput[] = ['112', '101', '0800 30 030', '1712'].map(helpline);

const invented = (kind: EntryInput['kind'], n: string, fr: string, frText: string, nl: string, extra: Partial<EntryInput['contact']> = {}): EntryInput => ({
  kind,
  commune: FOREST,
  names: { fr: { name: `${fr} (démo)`, description: frText }, nl: { name: `${nl} (demo)` } },
  contact: { phone: `02 000 00 ${n}`, address: `Rue Imaginaire ${n}, 1190 Forest`, ...extra },
});

const FOREST_ENTRIES: EntryInput[] = [
  invented(
    'parent_meeting_place',
    '11',
    'Lieu de rencontre Les Petits Pas',
    'Accueil libre des parents avec leurs enfants de 0 à 3 ans, sans inscription.',
    'Ontmoetingsplaats De Kleine Stapjes',
    { hours: 'Mardi et jeudi 9:00–12:00' },
  ),
  invented('parent_house', '12', 'Maison des parents de Forest', 'Un café des parents, des ateliers et quelqu’un pour écouter.', 'Ouderhuis Vorst', {
    hours: 'Lundi au vendredi 10:00–16:00',
  }),
  invented(
    'one_consultation',
    '13',
    'Consultation ONE Forest-Centre',
    'Suivi gratuit de la santé des enfants de 0 à 6 ans, vaccins.',
    'Consultatie ONE Vorst-Centrum',
    { hours: 'Sur rendez-vous' },
  ),
  invented(
    'pms_centre',
    '14',
    'Centre PMS de Forest',
    'Aide gratuite aux élèves, aux parents et aux écoles : orientation, difficultés à l’école.',
    'PMS-centrum Vorst',
  ),
  invented('cpas', '15', 'CPAS de Forest – service social', 'Aide sociale, revenu d’intégration, aide au logement.', 'OCMW Vorst – sociale dienst', {
    hours: 'Lundi au vendredi 8:30–12:00',
  }),
  invented(
    'family_planning',
    '16',
    'Planning familial du Parc',
    'Contraception, grossesse, vie affective, violences : consultations confidentielles.',
    'Centrum voor gezinsplanning Het Park',
  ),
  invented(
    'homework_school',
    '17',
    'École de devoirs Le Cartable',
    'Aide aux devoirs après l’école pour les enfants de 6 à 12 ans.',
    'Huiswerkschool De Boekentas',
    { hours: 'Lundi, mardi, jeudi 15:30–17:30' },
  ),
  invented(
    'legal_aid',
    '18',
    'Permanence juridique de Forest',
    'Premier conseil juridique gratuit : logement, séjour, famille.',
    'Juridische permanentie Vorst',
    { hours: 'Mercredi 14:00–17:00' },
  ),
];

/** Adds the demo directory once (the seed's marker guards it); returns how many entries it wrote. */
export async function seedDirectoryDemo(app: App, actors: DemoActors): Promise<number> {
  const { directory } = app.named.directory;
  if ((await directory.list({ includeRetired: true })).length > 0) return 0;
  for (const entry of [...HELPLINES, ...FOREST_ENTRIES]) await directory.create(actors.coordinator, entry);
  return HELPLINES.length + FOREST_ENTRIES.length;
}
