import { describe, expect, it } from 'vitest';

import { QUALITY_RULES } from '../../server/quality/quality-rules.ts';
import { QUALITY_RULE_IDS } from '../../shared/vocabulary.ts';

// QualityRule.id is typed from the vocabulary, which catches an unknown id but not a missing rule: a
// rule id in the vocabulary (and so in the database's CHECK and the messages) that no rule computes.
describe('quality rules', () => {
  it('compute every rule id of the vocabulary, each once', () => {
    expect(QUALITY_RULES.map((rule) => rule.id).sort()).toEqual([...QUALITY_RULE_IDS].sort());
  });
});
