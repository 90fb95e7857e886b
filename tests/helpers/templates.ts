export const TEMPLATES = { migrated: 'template_migrated', demo: 'template_demo' } as const;
export type TemplateName = keyof typeof TEMPLATES;
