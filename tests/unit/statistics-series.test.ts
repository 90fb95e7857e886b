import { describe, expect, it } from 'vitest';

import { fileNameOf } from '../../web/lib/statistics.csv.ts';
import { demandSeries, flowMatrix, occupancySeries, periodsOf } from '../../web/lib/statistics.series.ts';
import type { DemandRow, OccupancyRow } from '../../web/lib/statistics.ts';

// The arithmetic behind the analyst page's charts, apart from the browser: weighting, gaps, axes.

const occupancy = (
  period: string,
  regionCode: string,
  kind: 'bed' | 'family_unit',
  placeSeconds: number,
  occupiedSeconds: number,
  unavailableSeconds = 0,
): OccupancyRow => ({
  period,
  regionCode,
  regionName: regionCode,
  kind,
  placeSeconds,
  occupiedSeconds,
  unavailableSeconds,
  unknownSeconds: 0,
  availableSeconds: placeSeconds - occupiedSeconds - unavailableSeconds,
  heldSeconds: 0,
  occupancyRate: null,
  availableShare: 0,
  heldShare: 0,
  occupiedShare: 0,
  unavailableShare: 0,
  unknownShare: 0,
});

const demand = (period: string, regionCode: string, noPlace: number | 'x'): DemandRow => ({
  period,
  regionCode,
  regionName: regionCode,
  requests: 10,
  placed: 5,
  noPlace,
  withdrawn: 'x',
  open: 'x',
  medianMinutesToPlacement: null,
  p90MinutesToPlacement: null,
});

describe('periodsOf', () => {
  it('starts weeks on Monday and months on the 1st, and covers the last period that holds `to`', () => {
    expect(periodsOf({ from: '2026-01-07', to: '2026-01-19', interval: 'week' }, [])).toEqual(['2026-01-05', '2026-01-12', '2026-01-19']);
    expect(periodsOf({ from: '2026-01-31', to: '2026-03-01', interval: 'month' }, [])).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
    expect(periodsOf({ from: '2026-03-28', to: '2026-03-30', interval: 'day' }, [])).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
  });

  it('starts quarters in January, April, July and October, and years on 1 January', () => {
    expect(periodsOf({ from: '2025-11-30', to: '2026-04-01', interval: 'quarter' }, [])).toEqual(['2025-10-01', '2026-01-01', '2026-04-01']);
    expect(periodsOf({ from: '2025-12-31', to: '2026-01-01', interval: 'year' }, [])).toEqual(['2025-01-01', '2026-01-01']);
  });
});

describe('occupancySeries', () => {
  it('weights the national rate by place-time and leaves out unavailable time', () => {
    const rows = [occupancy('2026-01-05', 'VR01', 'bed', 100, 100), occupancy('2026-01-05', 'VR02', 'family_unit', 400, 100, 200)];
    const national = occupancySeries({ from: '2026-01-05', to: '2026-01-11', interval: 'week' }, rows, false, 'NL');
    // (100 + 100) occupied of (100 + 400 − 200) usable, not the mean of 100% and 50%.
    expect(national.series).toEqual([{ code: 'NL', label: 'NL', values: [200 / 300], suppressed: [false] }]);
    const regions = occupancySeries({ from: '2026-01-05', to: '2026-01-18', interval: 'week' }, rows, true, 'NL');
    expect(regions.periods).toEqual(['2026-01-05', '2026-01-12']);
    expect(regions.series.map((s) => s.values)).toEqual([
      [1, null],
      [0.5, null],
    ]);
  });
});

describe('demandSeries', () => {
  it('a hidden cell is a gap, also in a sum; the periods are the closed ones the API gives, not the axis', () => {
    const rows = [demand('2026-01-05', 'VR01', 6), demand('2026-01-05', 'VR02', 7), demand('2026-01-12', 'VR01', 8), demand('2026-01-12', 'VR02', 'x')];
    const set = demandSeries(rows, false, 'NL');
    expect(set.periods).toEqual(['2026-01-05', '2026-01-12']);
    expect(set.series[0]).toMatchObject({ values: [13, null], suppressed: [false, true] });
  });
});

describe('flowMatrix', () => {
  it('shows the latest month; rows and columns hidden throughout are named, not drawn; "x" is kept as such', () => {
    const flow = (originRegionCode: string, placementRegionCode: string, placed: number | 'x', period = '2026-02-01') => ({
      period,
      originRegionCode,
      originRegionName: originRegionCode,
      placementRegionCode,
      placementRegionName: placementRegionCode,
      placed,
    });
    const matrix = flowMatrix([
      flow('VR01', 'VR01', 40, '2026-01-01'),
      flow('VR13', 'VR09', 12),
      flow('VR13', 'VR13', 'x'),
      flow('VR13', 'VR14', 'x'),
      flow('VR14', 'VR09', 'x'),
      flow('VR14', 'VR13', 'x'),
      flow('VR14', 'VR14', 'x'),
      flow('VR09', 'VR09', 'x'),
      flow('VR09', 'VR13', 9),
      flow('VR09', 'VR14', 'x'),
    ]);
    expect(matrix.period).toBe('2026-02-01');
    expect(matrix.origins.map((o) => o.code)).toEqual(['VR09', 'VR13']);
    expect(matrix.placements.map((p) => p.code)).toEqual(['VR09', 'VR13']);
    expect(matrix.hiddenOrigins).toEqual(['VR14']);
    expect([matrix.cell('VR13', 'VR13'), matrix.cell('VR13', 'VR09'), matrix.cell('VR01', 'VR01'), matrix.max]).toEqual(['x', 12, null, 12]);
  });
});

it('fileNameOf reads both forms of Content-Disposition', () => {
  expect(fileNameOf('attachment; filename="occupancy.csv"', 'x.csv')).toBe('occupancy.csv');
  expect(fileNameOf("attachment; filename*=UTF-8''bezetting%20NL.csv", 'x.csv')).toBe('bezetting NL.csv');
  expect(fileNameOf(null, 'x.csv')).toBe('x.csv');
});
