// Interface text of the admin pages, part of the one catalogue in messages.ts.

export const adminNl = {
  'admin.title': 'Beheer',
} as const;

export type AdminMessageKey = keyof typeof adminNl;

export const adminEn: Record<AdminMessageKey, string> = {
  'admin.title': 'Administration',
};
