// The org units a form offers: teams, and the localities and city-wide services above them. Briefings
// and rollouts target them; audits sample them.
import type { FieldErrors } from "../forms";
import { SHOW_TEAMS } from "../programme";
import { pdDb } from "./db.server";

/**
 * Up to this many teams, a form lists every one, as it always did. Past it (a city has about a hundred, a
 * national service about 2,000) a list of every team is too long to render or to go through by keyboard
 * or screen reader, so the form lists the teams of one locality the person opens, and those already chosen.
 */
export const EVERY_TEAM_UP_TO = 50;

/** The most teams a save takes (the `idList` rule in forms.ts, which the audit forms use too). */
export const MOST_TEAMS = 500;

export interface OrgPick {
  /** The locality or service whose teams the person asked to see (`showTeamsIn`), if any. */
  shown: number | null;
  /** Teams already chosen (ticked on the form, or saved): always listed, so a form never drops one it did not show. */
  chosen: number[];
}

/** The locality or service a form's `showTeamsIn` names, or null where it names none (blank, or a unit that is not one). */
async function shownLocality(asked: string | string[] | undefined): Promise<number | null> {
  if (typeof asked !== "string" || !/^\d{1,9}$/.test(asked)) return null;
  const unit = await pdDb().selectFrom("org_units").select("id").where("id", "=", Number(asked)).where("kind", "in", ["locality", "service"]).executeTakeFirst();
  return unit?.id ?? null;
}

const teams = () => pdDb().selectFrom("org_units").select(["id", "name", "kind"]).where("kind", "=", "team");

/**
 * The localities and services (always every one: a few dozen even nationally), and the teams to list:
 * every team in a small organisation, otherwise the shown locality's and the chosen ones. `everyTeam`
 * says which, so the page offers the "show the teams in" step only where it is needed.
 */
export async function orgChoices(pick: OrgPick = { shown: null, chosen: [] }) {
  const localities = await pdDb().selectFrom("org_units").select(["id", "name", "kind"]).where("kind", "in", ["locality", "service"]).orderBy("name").orderBy("id").execute();
  const teamCount = Number((await teams().clearSelect().select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const everyTeam = teamCount <= EVERY_TEAM_UP_TO;
  const listed = everyTeam ? await teams().orderBy("name").orderBy("id").execute() : await shownAndChosen(pick);
  return { localities, teams: listed, everyTeam, shown: pick.shown };
}

/** The shown locality's teams and the chosen ones, by name. */
async function shownAndChosen({ shown, chosen }: OrgPick) {
  if (shown === null && !chosen.length) return [];
  if (chosen.length > MOST_TEAMS) return shownAndChosenAmongAll({ shown, chosen });
  return teams()
    .where((eb) => eb.or([...(shown === null ? [] : [eb("parent_id", "=", shown)]), ...(chosen.length ? [eb("id", "in", chosen)] : [])]))
    .orderBy("name")
    .orderBy("id")
    .execute();
}

/**
 * The same, picked out of every team rather than looked up by id: past the save's limit the ids come from
 * a post, and a tampered 4 MB one could carry hundreds of thousands, more than either database takes as the
 * parameters of one query. Every team is a few thousand rows even nationally.
 */
async function shownAndChosenAmongAll({ shown, chosen }: OrgPick) {
  const wanted = new Set(chosen);
  const all = await teams().select("parent_id").orderBy("name").orderBy("id").execute();
  return all.filter((team) => wanted.has(team.id) || (shown !== null && team.parent_id === shown)).map(({ id, name, kind }) => ({ id, name, kind }));
}

type Posted = Record<string, string | string[]>;

/** Whether a post is a form's "Show teams" step rather than its save. */
export const isShowTeamsStep = (values: Posted) => values.intent === SHOW_TEAMS;

/**
 * The units to list when a posted form is shown again (after its "Show teams" step or a refused save): the
 * locality its picker shows, and the teams it ticked, so no ticked team drops off the list (and out of the
 * next save) because the page first showed another locality or none. `saved`: the teams saved on what is
 * being edited, listed too, so one unticked by mistake can be ticked again.
 */
export async function postedOrg(values: Posted, saved: number[] = []) {
  return orgChoices({ shown: await shownLocality(values.showTeamsIn), chosen: [...new Set([...teamIds(values.teams), ...saved])] });
}

/**
 * A form's "Show teams" step. It is a POST of the whole form, not a GET: what was typed (a summary may be
 * thousands of characters) would otherwise travel in the address, past the server's header limit, and into
 * history and logs. It saves nothing: the page is shown again from the values as typed and these units,
 * as after a refused save. It answers 400 where it names no locality (beside the picker) or more teams are
 * ticked than a save takes (beside the teams, so the person unticks some before saving, not after).
 */
export async function showTeamsStep(values: Posted, saved: number[] = []) {
  const org = await postedOrg(values, saved);
  const found: FieldErrors = { ...(org.shown === null ? { showTeamsIn: "org.errors.showTeamsIn" } : {}), ...tooManyTeams(values) };
  const errors = Object.keys(found).length ? found : undefined;
  return { org, errors, status: errors ? 400 : 200 };
}

/**
 * A refused save's errors, with the teams field's saying there are too many where more were ticked than a
 * save takes: the save's own message ("choose teams from the list") would not say what to change.
 */
export function withTeamsLimit(errors: FieldErrors, values: Posted): FieldErrors {
  return { ...errors, ...tooManyTeams(values) };
}

/**
 * The teams field's error where more teams are ticked than a save takes (several localities opened and
 * ticked through, say). Every one ticked is still listed (postedOrg), not cut at the limit: a team past
 * the cut would have no checkbox, and the next save would quietly store fewer teams than were chosen.
 * Listed as checkboxes, not carried as hidden fields, because the way out is to untick some.
 */
function tooManyTeams(values: Posted): FieldErrors {
  return teamIds(values.teams).length > MOST_TEAMS ? { teams: "org.errors.tooManyTeams" } : {};
}

/** The team ids in a form's `teams`, leaving out anything that is not an id (the save refuses those, beside the field). */
export function teamIds(teams: string | string[] | undefined): number[] {
  return [...new Set([teams ?? []].flat().filter((id) => /^\d{1,9}$/.test(id)).map(Number))];
}
