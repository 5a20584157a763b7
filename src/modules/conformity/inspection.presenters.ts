import type { Language } from '../../kernel/config.js';
import { ruleSetById } from '../../kernel/rulesets.js';
import type { InspectionRecord } from './inspection.model.js';

/** Staff and the offer's host see the same inspection: it holds no confidential casework. */
export function presentInspection(doc: InspectionRecord, lang: Language) {
  const ruleSet = doc.ruleSet ? ruleSetById(doc.ruleSet) : undefined;
  const label = (code: string) => ruleSet?.checklist.find((i) => i.code === code);
  return {
    id: String(doc._id),
    status: doc.status,
    offerId: doc.offerId,
    scheduledAt: doc.scheduledAt,
    note: doc.note,
    ruleSet: doc.ruleSet,
    performedAt: doc.performedAt,
    outcome: doc.outcome,
    // A requirement's failure (interconnected detectors) is named by the requirement, not the whole item.
    failures: doc.failures.map((f) => {
      const rule = label(f.code!);
      const requirement = f.requirement ? rule?.requirements?.find((r) => r.key === f.requirement) : undefined;
      return { ...f, label: requirement?.label[lang] ?? rule?.label[lang] ?? f.code, fix: rule?.fix[lang] ?? null };
    }),
    followUpOf: doc.followUpOf ?? null,
    smokeDetectors: doc.smokeDetectors ?? null,
    items: doc.items,
    rooms: doc.rooms,
    dwellingSurfaceM2: doc.dwellingSurfaceM2,
    space: doc.space,
    cap: doc.cap,
    validUntil: doc.validUntil,
    remarksDeadline: doc.remarksDeadline,
    cancelReason: doc.cancelReason,
    reportedByName: doc.reportedByName,
    history: doc.history,
    createdAt: doc.createdAt,
  };
}
