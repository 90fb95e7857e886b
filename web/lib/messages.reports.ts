// Interface text of the region officer's page (data quality, explanations, quarterly reports) and the
// public open-data page, part of the one catalogue in messages.ts.

export const reportsNl = {
  'nav.region': 'Regio',
  'admin.role.region_officer': 'Regiofunctionaris',
} as const;

export const reportsEn: Record<keyof typeof reportsNl, string> = {
  'nav.region': 'Region',
  'admin.role.region_officer': 'Region officer',
};
