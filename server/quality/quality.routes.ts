import { createRoute } from '@hono/zod-openapi';

import type { AppDeps } from '../context.ts';
import { DEFINITION_VERSION } from '../definition.ts';
import { InvalidInput, NotFound } from '../errors.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';
import { assertMay, listScope } from '../policy/scope.ts';
import { defaultSchemeRegion } from '../regions/default-scheme-region.ts';
import { questionsFor } from '../reports/reports.repository.ts';
import { addDays } from '../statistics/statistics-filters.repository.ts';
import { addExplanation, explanationsFor } from './explanations.repository.ts';
import { locationFlags, regionFlags } from './quality.repository.ts';
import { Explanation, FlagQuery, NewExplanation, QualityFlags } from './quality.schema.ts';
import { QUALITY_RULES, QUALITY_RULES_VERSION } from './quality-rules.ts';

// Data-quality flags and their explanations (docs/quality.md). Region officers see their region's,
// shelter staff their own locations', admins all; nobody sees a place, an address or a household here.

export const flags = createRoute({
  method: 'get',
  path: '/quality/flags',
  ...policy('quality.read'),
  tags: ['Quality'],
  summary: 'Data-quality flags per location and region over a period, with their explanations',
  description:
    'Each flag names the rule (and its version) that raised it; the rules are in docs/quality.md. ' +
    'Computed from the closed days of the place-time rollups and the event history.',
  request: { query: FlagQuery },
  responses: { 200: jsonResponse(QualityFlags, 'The flags of the period in your scope.'), ...problems(400, 401, 403) },
});

export const explain = createRoute({
  method: 'post',
  path: '/quality/explanations',
  ...policy('quality.explain'),
  tags: ['Quality'],
  summary: 'Explain a flag or a period of a location (its shelter, its region) or of a region (its officer)',
  description: 'A coded reason and a short text (no personal data: refused naming the field). Audited without the text.',
  request: { body: { required: true, content: { 'application/json': { schema: NewExplanation } } } },
  responses: { 201: jsonResponse(Explanation, 'The explanation as stored.'), ...problems(400, 401, 403, 404) },
});

export function qualityRoutes({ db }: AppDeps) {
  return createRouter()
    .openapi(flags, async (c) => {
      const { from, to, regionCode } = c.req.valid('query');
      if (from > to || addDays(from, 366) < to) {
        throw new InvalidInput([{ name: 'query.to', code: 'too_big', reason: 'to must be on or after from, and at most 366 days after it' }]);
      }
      const scope = { ...listScope(c.var.actor, 'quality.read'), ...(regionCode ? { regionCode } : {}) };
      const period = { from, to };
      const locations = await locationFlags(db, period, scope);
      const [regions, explanations, questions] = await Promise.all([
        regionFlags(db, locations, scope),
        explanationsFor(db, period, scope),
        questionsFor(db, { organisationId: scope.organisationId, region: scope.region }),
      ]);
      return c.json(
        {
          rulesVersion: QUALITY_RULES_VERSION,
          definitionVersion: DEFINITION_VERSION,
          from,
          to,
          rules: QUALITY_RULES.map(({ id, version, threshold, unit }) => ({ id, version, threshold, unit })),
          locations,
          regions,
          explanations,
          questions,
        },
        200,
      );
    })
    .openapi(explain, async (c) => {
      const body = c.req.valid('json');
      const actor = c.var.actor;
      let region: { scheme: string; code: string };
      if (body.locationId) {
        const location = await db
          .selectFrom('locations')
          .select(['organisation_id', 'region_scheme', 'region_code'])
          .where('id', '=', body.locationId)
          .executeTakeFirst();
        if (!location) throw new NotFound('This location');
        region = { scheme: location.region_scheme, code: location.region_code };
        assertMay(actor, 'quality.explain', { organisationId: location.organisation_id, region });
      } else {
        region = await defaultSchemeRegion(db, body.regionCode!, 'body.regionCode');
        // A region as a whole is its officer's to explain, not a shelter's.
        assertMay(actor, 'quality.explain', { region });
      }
      const input = {
        region,
        locationId: body.locationId ?? null,
        ruleId: body.ruleId ?? null,
        periodStart: body.periodStart,
        periodEnd: body.periodEnd,
        reason: body.reason,
        text: body.text,
      };
      const id = await addExplanation(db, input, actor.id);
      const [stored] = (await explanationsFor(db, { from: body.periodStart, to: body.periodEnd }, {})).filter((e) => e.id === id);
      return c.json(stored!, 201);
    });
}
