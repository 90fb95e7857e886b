import type { Db } from '../../db/database.ts';

// The names of an audit page's subjects, so an admin reads "Gezinsplek 3 (Huis Noord)" instead of a
// UUID. Only what an admin may read anyway (places, locations and organisations by name, users by
// name); holds, requests and stays have no name and no personal data is looked up for them.

interface Subject {
  subject_type: string | null;
  subject_id: string | null;
}

/** A map from `type:id` to a readable name, for the subjects on one page (one query per kind). */
export async function subjectNames(db: Db, rows: Subject[]): Promise<Map<string, string>> {
  const ids = (type: string) => [...new Set(rows.filter((r) => r.subject_type === type && r.subject_id).map((r) => r.subject_id!))];
  const names = new Map<string, string>();
  const add = (type: string, found: Array<{ id: string; name: string }>) => found.forEach((f) => names.set(`${type}:${f.id}`, f.name));
  const [places, locations, organisations, users] = [ids('place'), ids('location'), ids('organisation'), ids('user')];
  await Promise.all([
    places.length &&
      db
        .selectFrom('places')
        .innerJoin('locations', 'locations.id', 'places.location_id')
        .select(['places.id', 'places.label', 'locations.name'])
        .where('places.id', 'in', places)
        .execute()
        .then((found) =>
          add(
            'place',
            found.map((p) => ({ id: p.id, name: `${p.label} (${p.name})` })),
          ),
        ),
    locations.length &&
      db
        .selectFrom('locations')
        .select(['id', 'name'])
        .where('id', 'in', locations)
        .execute()
        .then((found) => add('location', found)),
    organisations.length &&
      db
        .selectFrom('organisations')
        .select(['id', 'name'])
        .where('id', 'in', organisations)
        .execute()
        .then((found) => add('organisation', found)),
    users.length &&
      db
        .selectFrom('users')
        .select(['id', 'name'])
        .where('id', 'in', users)
        .execute()
        .then((found) => add('user', found)),
  ]);
  return names;
}
