// Deadlines in working days (jours ouvrables): Sundays and the ten Belgian public holidays do not count.
import { expect } from 'chai';
import { addWorkingDays, belgianPublicHolidays, easterSunday, isWorkingDay } from '../src/kernel/calendar/working-days.js';
import { adminChecklist } from '../src/modules/followup/schedule.js';

describe('working days (Belgian jours ouvrables)', () => {
  it('Easter Sunday by the computus, for known years', () => {
    expect(['2024', '2025', '2026', '2027', '2038'].map((y) => easterSunday(Number(y)))).to.deep.equal([
      '2024-03-31',
      '2025-04-20',
      '2026-04-05',
      '2027-03-28',
      '2038-04-25',
    ]);
  });

  it('the ten public holidays of 2027', () => {
    expect(belgianPublicHolidays(2027).map((h) => h.date)).to.deep.equal([
      '2027-01-01',
      '2027-03-29',
      '2027-05-01',
      '2027-05-06',
      '2027-05-17',
      '2027-07-21',
      '2027-08-15',
      '2027-11-01',
      '2027-11-11',
      '2027-12-25',
    ]);
  });

  it('Saturdays count, Sundays and holidays do not', () => {
    expect(isWorkingDay('2026-12-05')).to.equal(true); // Saturday
    expect(isWorkingDay('2026-12-06')).to.equal(false); // Sunday
    expect(isWorkingDay('2026-12-25')).to.equal(false); // Christmas, a Friday
    expect(isWorkingDay('2026-12-24')).to.equal(true);
  });

  it('8 working days from a move-in on Friday 18 December 2026 end on Tuesday 29 December (Christmas and two Sundays skipped)', () => {
    // 19 Sa, 20 Su×, 21 Mo, 22 Tu, 23 We, 24 Th, 25 Fr×, 26 Sa, 27 Su×, 28 Mo, 29 Tu
    expect(addWorkingDays('2026-12-18', 8)).to.equal('2026-12-29');
  });

  it('around Easter and Ascension 2027', () => {
    // From Thursday 25 March: 26 Fr, 27 Sa, 28 Su×, 29 Easter Monday×, 30 Tu, 31 We, 1 Th, 2 Fr, 3 Sa, 4 Su×, 5 Mo → 5 April.
    expect(addWorkingDays('2027-03-25', 8)).to.equal('2027-04-05');
    // From Friday 30 April: 1 May×, 2 Su×, 3, 4, 5, 6 Ascension×, 7, 8, 9 Su×, 10, 11, 12 → 12 May.
    expect(addWorkingDays('2027-04-30', 8)).to.equal('2027-05-12');
  });

  it("the checklist's domiciliation and benefits declaration are due 8 working days after the start", () => {
    const items = adminChecklist('2026-12-18');
    expect(items.find((i) => i.code === 'domiciliation')!.dueOn).to.equal('2026-12-29');
    expect(items.find((i) => i.code === 'benefitsDeclaration')!.dueOn).to.equal('2026-12-29');
  });
});
