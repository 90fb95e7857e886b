import type { ExplanationReason, QualityRuleId, QualityUnit } from '../../shared/vocabulary.ts';
import { i18n } from './i18n.svelte.ts';

// Data-quality codes as people read them: a rule's name, its measure with the unit, an explanation's reason.

export const ruleName = (id: QualityRuleId | string | null): string => (id === null ? i18n.t('quality.period') : i18n.t(`quality.rule.${id as QualityRuleId}`));

export const measure = (value: number, unit: QualityUnit | string): string => i18n.t(`quality.unit.${unit as QualityUnit}`, { count: i18n.number(value) });

export const reasonName = (reason: ExplanationReason | string): string => i18n.t(`quality.reason.${reason as ExplanationReason}`);
