import { addMonths, monthOf, partitionMonth, partitionName, partitionPlan } from './months';

describe('partition months (UTC)', () => {
  it.each([
    ['2026-12-02T10:00:00Z', '2026-12-01'],
    ['2026-12-31T23:59:59.999Z', '2026-12-01'],
    ['2027-01-01T00:00:00Z', '2027-01-01'],
  ])('monthOf(%s) = %s', (at, month) => {
    expect(monthOf(new Date(at))).toBe(month);
  });

  it.each([
    ['2026-12-01', 1, '2027-01-01'],
    ['2026-12-01', -13, '2025-11-01'],
    ['2026-01-01', -1, '2025-12-01'],
    ['2026-03-01', 0, '2026-03-01'],
  ])('addMonths(%s, %d) = %s', (month, n, expected) => {
    expect(addMonths(month, n)).toBe(expected);
  });

  it.each([
    ['search_logs', 'search_logs_2026_12', '2026-12-01'],
    ['search_logs', 'search_logs_default', null],
    ['search_logs', 'search_logs_2026_1', null],
    ['analytics_events', 'search_logs_2026_12', null],
  ])('partitionMonth(%s, %s) = %s', (table, name, month) => {
    expect(partitionMonth(table, name)).toBe(month);
  });

  it('names a partition after its table and month', () => {
    expect(partitionName('analytics_events', '2027-02-01')).toBe('analytics_events_2027_02');
  });

  it('keeps the current month and the months ahead, drops what is older than the retention', () => {
    expect(
      partitionPlan({
        table: 'search_logs',
        now: new Date('2026-12-02T10:00:00Z'),
        ahead: 2,
        retentionMonths: 13,
        existing: [
          'search_logs_default',
          'search_logs_2025_10',
          'search_logs_2025_11',
          'search_logs_2024_01',
          'search_logs_2026_12',
        ],
      }),
    ).toEqual({
      ensure: ['2026-12-01', '2027-01-01', '2027-02-01'],
      drop: ['search_logs_2024_01', 'search_logs_2025_10'],
      cutoff: '2025-11-01',
    });
  });
});
