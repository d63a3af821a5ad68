import { expect } from 'chai';
import { zonedDayRange } from './schedules';

describe('zonedDayRange', () => {
  it('gives the instants of a calendar day in a time zone', () => {
    expect(zonedDayRange('2026-11-21', 'Asia/Tokyo')).to.deep.equal({
      from: new Date('2026-11-20T15:00:00Z'),
      to: new Date('2026-11-21T15:00:00Z'),
    });
    expect(zonedDayRange('2026-11-21', 'UTC')).to.deep.equal({
      from: new Date('2026-11-21T00:00:00Z'),
      to: new Date('2026-11-22T00:00:00Z'),
    });
  });
  it('follows daylight saving time (a 23-hour day)', () => {
    const r = zonedDayRange('2026-03-08', 'America/New_York')!;
    expect(r.from.toISOString()).to.equal('2026-03-08T05:00:00.000Z');
    expect(r.to.toISOString()).to.equal('2026-03-09T04:00:00.000Z');
  });
  it('refuses what is not a date', () => {
    expect(zonedDayRange('2026-02-30', 'UTC')).to.equal(null);
    expect(zonedDayRange('21/11/2026', 'UTC')).to.equal(null);
  });
});
