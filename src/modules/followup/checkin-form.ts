// The check-in form's casework parts (no JavaScript): the isolation criteria ticked (the same list
// as the family's isolation record) and, when "update the network map" is ticked, the map's rows as
// the worker left them (rows marked "remove" and empty rows dropped), in the shape of the API body.
import { ISOLATION_CRITERIA, NETWORK_KINDS, type FamilyService } from '../intake/index.js';
import { str } from './pages-data.js';

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : typeof v === 'string' ? [v] : []);

/** The casework parts as the form sent them, in the shape of CheckinInput's: validateCheckin checks their values. */
export interface CheckinCaseworkForm {
  isolationCriteria?: string[];
  network?: { contacts: Record<string, string | null | undefined>[] };
  checkinId?: string;
  introductions?: string[];
}

export function checkinCaseworkFromForm(k: Record<string, unknown>): CheckinCaseworkForm {
  const out: CheckinCaseworkForm = {};
  // The form's own id (a second post of the same form is the same check-in) and the services proposed.
  const checkinId = str(k.checkinId);
  if (checkinId !== undefined) out.checkinId = checkinId;
  const proposed = list(k.introductions).filter((v): v is string => typeof v === 'string' && v !== '');
  if (proposed.length) out.introductions = proposed;
  // The criteria are always asked: none ticked is a score of 0, not "not asked".
  if (str(k.isolationAsked) === 'true') out.isolationCriteria = list(k.isolationCriteria).filter((c): c is string => typeof c === 'string');
  if (str(k.updateNetwork) === 'true') {
    const rows = list((k.network as Record<string, unknown> | undefined)?.contacts) as Record<string, unknown>[];
    const contacts = rows
      .filter((r) => r && typeof r === 'object' && str(r.remove) !== 'true' && (str(r.name) !== undefined || str(r.relation) !== undefined))
      .map((r) =>
        Object.fromEntries(
          Object.entries({
            kind: str(r.kind),
            name: str(r.name),
            relation: str(r.relation) ?? null,
            canHelpWith: str(r.canHelpWith) ?? null,
            contact: str(r.contact) ?? null,
          }).filter(([, v]) => v !== undefined),
        ),
      );
    out.network = { contacts };
  }
  return out;
}

/** What the check-in form shows of the family's casework: the criteria and the current map to update. */
export async function checkinCaseworkView(families: FamilyService, familyId: string, t: (key: string) => string) {
  const family = await families.load(familyId).catch(() => null);
  return {
    isolationCriteria: ISOLATION_CRITERIA,
    familyNetwork: family?.network ?? [],
    networkKinds: NETWORK_KINDS.map((k) => ({ value: k, label: t(`intake.vocab.networkKinds.${k}`) })),
  };
}
