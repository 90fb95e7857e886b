import { createRoute } from '@hono/zod-openapi';

import type { SessionUser } from '../auth/session-user.ts';
import type { AppDeps } from '../context.ts';
import { InvalidInput, NotFound, Problem } from '../errors.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';
import { assertMay, listScope } from '../policy/scope.ts';
import { reportContent } from './report-figures.ts';
import { askQuestion, findReport, listReports, questionsFor, type ReportRow, signOff } from './reports.repository.ts';
import { NewQuestion, Question, Report, ReportIdParams, ReportList } from './reports.schema.ts';

// Quarterly reports (issue 16): drafted when a quarter has closed (draft-reports.ts), reviewed by the region's officer
// (the nation's by an admin), who signs off or asks a shelter a question first; signed off is frozen.

export const list = createRoute({
  method: 'get',
  path: '/reports',
  ...policy('reports.read'),
  tags: ['Reports'],
  summary: "Quarterly reports: a region officer's region, or all (admins)",
  description: "A quarter's reports are drafted by the daily rollups when they close its last day.",
  responses: { 200: jsonResponse(ReportList, 'Newest quarter first.'), ...problems(401, 403) },
});
export const read = createRoute({
  method: 'get',
  path: '/reports/{id}',
  ...policy('reports.read'),
  tags: ['Reports'],
  summary: 'One quarterly report with its figures, flags, explanations and questions',
  request: { params: ReportIdParams },
  responses: { 200: jsonResponse(Report, 'The report.'), ...problems(400, 401, 403, 404) },
});
export const signOffRoute = createRoute({
  method: 'post',
  path: '/reports/{id}/sign-off',
  ...policy('reports.review'),
  tags: ['Reports'],
  summary: 'Sign a quarterly report off: its content is frozen as a versioned snapshot and published as open data',
  request: { params: ReportIdParams },
  responses: { 200: jsonResponse(Report, 'The signed-off report.'), ...problems(400, 401, 403, 404, 409) },
});
export const ask = createRoute({
  method: 'post',
  path: '/reports/{id}/questions',
  ...policy('reports.review'),
  tags: ['Reports'],
  summary: 'Send a question about one location back to its shelter before signing off',
  request: { params: ReportIdParams, body: { required: true, content: { 'application/json': { schema: NewQuestion } } } },
  responses: { 201: jsonResponse(Question, "The question, shown to the location's shelter with its flags."), ...problems(400, 401, 403, 404, 409) },
});

const ownerOf = (report: ReportRow) => ({ region: report.regionScheme && report.regionCode ? { scheme: report.regionScheme, code: report.regionCode } : null });
const scopeOf = (report: ReportRow) => ({
  region: ownerOf(report).region,
  start: report.periodStart,
  end: report.periodEnd,
});

export function reportsRoutes({ db, config }: AppDeps) {
  const defaultScheme = async () => (await db.selectFrom('region_schemes').select('code').where('is_default', '=', true).executeTakeFirstOrThrow()).code;

  async function visibleReport(actor: SessionUser, id: string, action: 'reports.read' | 'reports.review'): Promise<ReportRow> {
    const report = await findReport(db, id);
    if (!report) throw new NotFound('This report');
    assertMay(actor, action, ownerOf(report));
    return report;
  }

  async function full(report: ReportRow) {
    const { snapshot, regionScheme: _s, ...summary } = report;
    const content = snapshot ?? (await reportContent(db, config, report.regionScheme ?? (await defaultScheme()), scopeOf(report)));
    return { ...summary, content, questions: await questionsFor(db, { reportId: report.id }) };
  }

  return createRouter()
    .openapi(list, async (c) => {
      const scope = listScope(c.var.actor, 'reports.read');
      const items = await listReports(db, scope.region ? { region: scope.region } : {});
      return c.json({ items: items.map(({ snapshot: _c, regionScheme: _s, ...summary }) => summary) }, 200);
    })
    .openapi(read, async (c) => {
      const report = await visibleReport(c.var.actor, c.req.valid('param').id, 'reports.read');
      return c.json(await full(report), 200);
    })
    .openapi(signOffRoute, async (c) => {
      const report = await visibleReport(c.var.actor, c.req.valid('param').id, 'reports.review');
      if (report.status === 'signed_off') throw new Problem(409, 'Conflict', 'This report is signed off already; it is frozen.');
      const content = await reportContent(db, config, report.regionScheme ?? (await defaultScheme()), scopeOf(report));
      await signOff(db, report.id, content, c.var.actor.id);
      return c.json(await full((await findReport(db, report.id))!), 200);
    })
    .openapi(ask, async (c) => {
      const report = await visibleReport(c.var.actor, c.req.valid('param').id, 'reports.review');
      if (report.status === 'signed_off') throw new Problem(409, 'Conflict', 'This report is signed off already; it is frozen.');
      const { locationId, text } = c.req.valid('json');
      const location = await db.selectFrom('locations').select(['region_scheme', 'region_code']).where('id', '=', locationId).executeTakeFirst();
      if (!location || (report.regionCode !== null && (location.region_scheme !== report.regionScheme || location.region_code !== report.regionCode))) {
        throw new InvalidInput([{ name: 'body.locationId', code: 'unknown', reason: "no location of this report's region" }]);
      }
      const id = await askQuestion(db, report.id, locationId, text, c.var.actor.id);
      const [question] = (await questionsFor(db, { reportId: report.id })).filter((q) => q.id === id);
      return c.json(question!, 201);
    });
}
