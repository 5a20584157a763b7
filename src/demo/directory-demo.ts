// Demo directory (never seeded in production, nor in any environment but the demo): the real
// emergency and violence helplines of the Brussels Region, and the full directory of one commune,
// Forest (21007), whose entries are invented — each name says "(démo)", each phone is 02 000 00 xx.
// Helplines as commonly published (from the team's knowledge, NOT re-checked against the sources in this build: a coordinator must check them before any real use): 112 European emergency number (ambulance, fire);
// 101 police; 0800 30 030 Écoute violences conjugales (free, anonymous, 24/7, French-speaking);
// 1712 Hulplijn geweld, misbruik en kindermishandeling (free, anonymous, Dutch-speaking, working days).
import type { App } from '../app.js';
import type { EntryInput } from '../modules/directory/index.js';
import type { DemoActors } from './intake-demo.js';

const FOREST = '21007';

const HELPLINES: EntryInput[] = [
  { kind: 'helpline', commune: null, names: { fr: { name: '112 – Urgences (ambulance, pompiers)', description: 'Numéro d’urgence européen, gratuit, jour et nuit, aussi depuis un téléphone sans carte SIM.' }, nl: { name: '112 – Noodnummer (ziekenwagen, brandweer)', description: 'Europees noodnummer, gratis, dag en nacht.' }, en: { name: '112 – Emergency (ambulance, fire brigade)', description: 'The European emergency number, free, day and night.' } }, contact: { phone: '112', hours: '24/7' } },
  { kind: 'helpline', commune: null, names: { fr: { name: '101 – Police', description: 'Police secours, gratuit, jour et nuit.' }, nl: { name: '101 – Politie', description: 'Politie, dringende hulp, gratis, dag en nacht.' }, en: { name: '101 – Police', description: 'Police emergency, free, day and night.' } }, contact: { phone: '101', hours: '24/7' } },
  { kind: 'helpline', commune: null, names: { fr: { name: 'Écoute violences conjugales – 0800 30 030', description: 'Ligne gratuite et anonyme pour les victimes de violences dans le couple, leurs proches et les professionnels.' }, en: { name: 'Domestic violence helpline – 0800 30 030', description: 'Free and anonymous line (in French) for victims of violence in a couple, their relatives and professionals.' } }, contact: { phone: '0800 30 030', hours: '24/7', website: 'https://www.ecouteviolencesconjugales.be' } },
  { kind: 'helpline', commune: null, names: { fr: { name: '1712 – Violence, abus, maltraitance d’enfants', description: 'Ligne d’aide néerlandophone, gratuite et anonyme, pour toute question de violence, d’abus ou de maltraitance.' }, nl: { name: '1712 – Hulplijn geweld, misbruik en kindermishandeling', description: 'Gratis en anoniem, voor elke vraag over geweld, misbruik of kindermishandeling.' }, en: { name: '1712 – Violence, abuse and child abuse helpline', description: 'Free and anonymous line (in Dutch) for any question about violence, abuse or child abuse.' } }, contact: { phone: '1712', hours: 'Werkdagen / jours ouvrables 9:00–17:00', website: 'https://www.1712.be' } },
];

const invented = (kind: EntryInput['kind'], n: string, fr: string, frText: string, nl: string, extra: Partial<EntryInput['contact']> = {}): EntryInput => ({
  kind,
  commune: FOREST,
  names: { fr: { name: `${fr} (démo)`, description: frText }, nl: { name: `${nl} (demo)` } },
  contact: { phone: `02 000 00 ${n}`, address: `Rue Imaginaire ${n}, 1190 Forest`, ...extra },
});

const FOREST_ENTRIES: EntryInput[] = [
  invented('parent_meeting_place', '11', 'Lieu de rencontre Les Petits Pas', 'Accueil libre des parents avec leurs enfants de 0 à 3 ans, sans inscription.', 'Ontmoetingsplaats De Kleine Stapjes', { hours: 'Mardi et jeudi 9:00–12:00' }),
  invented('parent_house', '12', 'Maison des parents de Forest', 'Un café des parents, des ateliers et quelqu’un pour écouter.', 'Ouderhuis Vorst', { hours: 'Lundi au vendredi 10:00–16:00' }),
  invented('one_consultation', '13', 'Consultation ONE Forest-Centre', 'Suivi gratuit de la santé des enfants de 0 à 6 ans, vaccins.', 'Consultatie ONE Vorst-Centrum', { hours: 'Sur rendez-vous' }),
  invented('pms_centre', '14', 'Centre PMS de Forest', 'Aide gratuite aux élèves, aux parents et aux écoles : orientation, difficultés à l’école.', 'PMS-centrum Vorst'),
  invented('cpas', '15', 'CPAS de Forest – service social', 'Aide sociale, revenu d’intégration, aide au logement.', 'OCMW Vorst – sociale dienst', { hours: 'Lundi au vendredi 8:30–12:00' }),
  invented('family_planning', '16', 'Planning familial du Parc', 'Contraception, grossesse, vie affective, violences : consultations confidentielles.', 'Centrum voor gezinsplanning Het Park'),
  invented('homework_school', '17', 'École de devoirs Le Cartable', 'Aide aux devoirs après l’école pour les enfants de 6 à 12 ans.', 'Huiswerkschool De Boekentas', { hours: 'Lundi, mardi, jeudi 15:30–17:30' }),
  invented('legal_aid', '18', 'Permanence juridique de Forest', 'Premier conseil juridique gratuit : logement, séjour, famille.', 'Juridische permanentie Vorst', { hours: 'Mercredi 14:00–17:00' }),
];

/** Adds the demo directory once (the seed's marker guards it); returns how many entries it wrote. */
export async function seedDirectoryDemo(app: App, actors: DemoActors): Promise<number> {
  const { directory } = app.named.directory;
  if ((await directory.list({ includeRetired: true })).length > 0) return 0;
  for (const entry of [...HELPLINES, ...FOREST_ENTRIES]) await directory.create(actors.coordinator, entry);
  return HELPLINES.length + FOREST_ENTRIES.length;
}
