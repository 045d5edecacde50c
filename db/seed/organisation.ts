// Builds the demo organisation (DEMO.md) and the larger ones used for measurement, level by level, so
// every person's line manager already exists when they are inserted.
import type { Kysely } from "kysely";
import type { Database, NewPerson } from "../schema";
import { londonToday } from "../../app/utils/london-time";
import { personSearchText } from "../search-text";
import { FAMILY_NAMES, GIVEN_NAMES, seededRandom } from "./random";

export type Scale = "demo" | "city" | "national";

interface Shape {
  localities: string[];
  teamsPerLocality: number;
  staffPerTeam: number;
}

const DEMO_LOCALITIES = ["North", "Central", "South"];
const TEAM_KINDS = ["Assessment", "Child Protection", "Children in Care", "Disabled Children", "Early Help", "Court and Permanence", "Family Support", "Edge of Care", "Adolescents", "Hospital", "Youth Justice", "Private Fostering", "Duty"];
const CITY_WIDE_TEAMS = [
  { code: "FOSTERING", name: "Fostering" },
  { code: "LEAVING-CARE", name: "Leaving Care" },
  { code: "IRO", name: "Independent Reviewing Officer Service" },
  { code: "WORKFORCE", name: "Workforce Development" },
];

export const SHAPES: Record<Scale, Shape> = {
  demo: { localities: DEMO_LOCALITIES, teamsPerLocality: 3, staffPerTeam: 29 },
  city: { localities: [...DEMO_LOCALITIES, ...Array.from({ length: 7 }, (_, i) => `District ${i + 1}`)], teamsPerLocality: 10, staffPerTeam: 29 },
  national: { localities: [...DEMO_LOCALITIES, ...Array.from({ length: 147 }, (_, i) => `Authority ${i + 1}`)], teamsPerLocality: 13, staffPerTeam: 30 },
};

/** Staff roles in a team after its manager, in proportion: mostly social workers, a few of each other kind. */
const TEAM_MIX: { category: string; title: string; share: number; qualified: [number, number] | null }[] = [
  { category: "senior_practitioner", title: "Senior Practitioner", share: 0.14, qualified: [5, 15] },
  { category: "practice_supervisor", title: "Practice Supervisor", share: 0.06, qualified: [6, 18] },
  { category: "social_worker", title: "Social Worker", share: 0.44, qualified: [1, 12] },
  { category: "asye_social_worker", title: "Social Worker (ASYE)", share: 0.12, qualified: [0, 0] },
  { category: "personal_adviser", title: "Personal Adviser", share: 0.06, qualified: null },
  { category: "social_care_officer", title: "Social Care Officer", share: 0.12, qualified: null },
  { category: "business_support", title: "Business Support Officer", share: 0.06, qualified: null },
];

export interface SeededPerson {
  id: number;
  employeeNumber: string;
  roleCategory: string;
  teamId: number;
}

export interface OrganisationResult {
  people: SeededPerson[];
  /** Employee numbers of the people behind the demo accounts. */
  demo: Record<"practitioner" | "asye" | "manager" | "serviceManager" | "ld" | "admin", number>;
}

type Progress = (label: string, done: number, total: number) => void;

const iso = (d: Date) => d.toISOString().slice(0, 10);

/**
 * London's date at `now` as year, month (0 to 11) and day: the demo's dates count from the council's day.
 * From midnight to 1am in summer, UTC's date is still yesterday, and a seed then dated everything a day early.
 */
function londonDay(now: Date) {
  const [year, month, day] = londonToday(now).split("-").map(Number);
  return { year, month: month - 1, day };
}
const yearsAgo = (now: Date, years: number, days = 0) => {
  const today = londonDay(now);
  return iso(new Date(Date.UTC(today.year - years, today.month, today.day - days)));
};
const monthsAgo = (now: Date, months: number) => {
  const today = londonDay(now);
  return iso(new Date(Date.UTC(today.year, today.month - months, today.day)));
};

export async function seedOrganisation(db: Kysely<Database>, scale: Scale, now: Date, progress: Progress): Promise<OrganisationResult> {
  const shape = SHAPES[scale];
  const random = seededRandom(scale === "demo" ? 7 : scale === "city" ? 11 : 13);
  let employeeSeq = 100000;
  const stamp = now.toISOString();
  const all: SeededPerson[] = [];
  const perTeam = TEAM_MIX.reduce((sum, mix) => sum + Math.max(1, Math.round(mix.share * shape.staffPerTeam)), 0);
  const teamCount = shape.localities.length * shape.teamsPerLocality;
  const total = 1 + (shape.localities.length + 1) + (teamCount + CITY_WIDE_TEAMS.length) + teamCount * perTeam + 3 * 7 + 2;

  const person = (p: { given?: string; family?: string; email?: string; title: string; category: string; teamId: number; managerId: number | null; qualifiedYears?: number | null; qualifiedOn?: string }): NewPerson => {
    employeeSeq += 1;
    const given = p.given ?? random.pick(GIVEN_NAMES);
    const family = p.family ?? random.pick(FAMILY_NAMES);
    const employeeNumber = `E${employeeSeq}`;
    const email = p.email ?? `${given}.${family}.${employeeSeq}@council.example`.toLowerCase().replace(/[^a-z0-9.@-]/g, "");
    const qualification = p.qualifiedOn ?? (p.qualifiedYears === null || p.qualifiedYears === undefined ? null : yearsAgo(now, p.qualifiedYears, random.int(0, 300)));
    const registered = qualification !== null;
    // Registration runs 1 December to 30 November, renewed from 1 September. Most have renewed by the
    // window's end; some are due and a few have lapsed, so the demo shows each state.
    const today = londonDay(now);
    const currentYearEnds = today.month === 11 ? today.year + 1 : today.year;
    const inRenewalWindow = today.month >= 8 && today.month <= 10;
    const roll = random.next();
    const expiryYear = roll < 0.03 ? currentYearEnds - 1 : inRenewalWindow && roll < 0.85 ? currentYearEnds + 1 : currentYearEnds;
    const expiry = registered ? `${expiryYear}-11-30` : null;
    return {
      employee_number: employeeNumber,
      given_name: given,
      family_name: family,
      email,
      job_title: p.title,
      role_category: p.category,
      team_id: p.teamId,
      line_manager_id: p.managerId,
      fte: random.next() < 0.2 ? 0.8 : 1,
      employment_start: qualification ?? yearsAgo(now, random.int(1, 15)),
      qualification_date: qualification,
      registration_number: registered ? `SW${100000 + employeeSeq}` : null,
      registration_expiry: expiry,
      employment_status: "active",
      search_text: personSearchText({ given_name: given, family_name: family, email, employee_number: employeeNumber }),
      created_at: stamp,
      updated_at: stamp,
    };
  };

  const insertPeople = async (rows: NewPerson[]) => {
    const inserted: SeededPerson[] = [];
    for (let i = 0; i < rows.length; i += 400) {
      const batch = rows.slice(i, i + 400);
      const ids = await db.insertInto("people").values(batch).returning(["id", "employee_number", "role_category", "team_id"]).execute();
      for (const r of ids) inserted.push({ id: r.id, employeeNumber: r.employee_number, roleCategory: r.role_category, teamId: r.team_id });
      all.push(...inserted.slice(-ids.length));
      progress("people", all.length, total);
    }
    return inserted;
  };

  // Organisation tree: each locality with its teams, then the city-wide services.
  const localityIds: number[] = [];
  const teamIdsByLocality: number[][] = [];
  for (const [index, name] of shape.localities.entries()) {
    const [locality] = await db.insertInto("org_units").values({ parent_id: null, kind: "locality", code: `LOC-${index + 1}`, name }).returning("id").execute();
    localityIds.push(locality.id);
    const teams = await db
      .insertInto("org_units")
      .values(Array.from({ length: shape.teamsPerLocality }, (_, t) => ({ parent_id: locality.id, kind: "team" as const, code: `T-${index + 1}-${t + 1}`, name: `${TEAM_KINDS[t % TEAM_KINDS.length]} ${name}` })))
      .returning("id")
      .execute();
    teamIdsByLocality.push(teams.map((t) => t.id));
  }
  const [cityWide] = await db.insertInto("org_units").values({ parent_id: null, kind: "service", code: "CITY-WIDE", name: "City-wide services" }).returning("id").execute();
  const cityTeams = await db.insertInto("org_units").values(CITY_WIDE_TEAMS.map((t) => ({ parent_id: cityWide.id, kind: "team" as const, code: t.code, name: t.name }))).returning("id").execute();
  const workforceTeam = cityTeams[3].id;

  // Level 1: the head of service, who manages the service managers.
  const [head] = await insertPeople([person({ title: "Head of Service", category: "head_of_service", teamId: workforceTeam, managerId: null, qualifiedYears: 20 })]);

  // Level 2: one service manager per locality and one for the city-wide services. North's is a demo account.
  const serviceManagers = await insertPeople([
    ...shape.localities.map((_, i) =>
      person({ ...(i === 0 ? { given: "Sam", family: "Okafor", email: "service.manager@demo.test" } : {}), title: "Service Manager", category: "service_manager", teamId: teamIdsByLocality[i][0], managerId: head.id, qualifiedYears: random.int(12, 22) }),
    ),
    person({ title: "Service Manager", category: "service_manager", teamId: workforceTeam, managerId: head.id, qualifiedYears: 15 }),
  ]);

  // Level 3: a team manager for every team. The first team in North is the demo manager's.
  const teamManagerRows: NewPerson[] = [];
  teamIdsByLocality.forEach((teams, l) =>
    teams.forEach((teamId, t) =>
      teamManagerRows.push(person({ ...(l === 0 && t === 0 ? { given: "Morgan", family: "Pritchard", email: "manager@demo.test" } : {}), title: "Team Manager", category: "team_manager", teamId, managerId: serviceManagers[l].id, qualifiedYears: random.int(7, 18) })),
    ),
  );
  const cityServiceManager = serviceManagers[serviceManagers.length - 1];
  cityTeams.forEach((team, i) =>
    teamManagerRows.push(person({ title: i === 3 ? "Learning and Development Manager" : "Team Manager", category: i === 3 ? "learning_development" : "team_manager", teamId: team.id, managerId: cityServiceManager.id, qualifiedYears: i === 3 ? null : random.int(7, 18) })),
  );
  const teamManagers = await insertPeople(teamManagerRows);

  // Level 4: everyone else, team by team, in the mix above. Demo accounts sit in the first North team.
  const staffRows: NewPerson[] = [];
  let managerIndex = 0;
  for (const teams of teamIdsByLocality) {
    for (const teamId of teams) {
      const managerId = teamManagers[managerIndex++].id;
      const first = staffRows.length === 0;
      if (first) {
        staffRows.push(person({ given: "Alex", family: "Morgan", email: "practitioner@demo.test", title: "Social Worker", category: "social_worker", teamId, managerId, qualifiedOn: yearsAgo(now, 3, 20) }));
        staffRows.push(person({ given: "Jordan", family: "Evans", email: "asye@demo.test", title: "Social Worker (ASYE)", category: "asye_social_worker", teamId, managerId, qualifiedOn: monthsAgo(now, 4) }));
      }
      for (const mix of TEAM_MIX) {
        const count = Math.max(1, Math.round(mix.share * shape.staffPerTeam)) - (first && mix.category === "social_worker" ? 1 : 0) - (first && mix.category === "asye_social_worker" ? 1 : 0);
        for (let i = 0; i < count; i += 1) {
          staffRows.push(person({ title: mix.title, category: mix.category, teamId, managerId, qualifiedYears: mix.qualified ? random.int(mix.qualified[0], mix.qualified[1]) : null }));
        }
      }
    }
  }
  cityTeams.forEach((team, i) => {
    const managerId = teamManagers[managerIndex++].id;
    if (i === 3) {
      staffRows.push(person({ given: "Rhian", family: "Davies", email: "ld@demo.test", title: "Learning and Development Officer", category: "learning_development", teamId: team.id, managerId }));
      staffRows.push(person({ given: "Chris", family: "Hall", email: "admin@demo.test", title: "Systems Administrator", category: "business_support", teamId: team.id, managerId }));
      return;
    }
    const category = i === 1 ? "personal_adviser" : i === 2 ? "independent_reviewing_officer" : "social_worker";
    const title = i === 1 ? "Personal Adviser" : i === 2 ? "Independent Reviewing Officer" : "Supervising Social Worker";
    for (let n = 0; n < 7; n += 1) staffRows.push(person({ title, category, teamId: team.id, managerId, qualifiedYears: category === "personal_adviser" ? null : random.int(3, 20) }));
  });
  await insertPeople(staffRows);

  const byEmail = async (email: string) => (await db.selectFrom("people").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  return {
    people: all,
    demo: {
      practitioner: await byEmail("practitioner@demo.test"),
      asye: await byEmail("asye@demo.test"),
      manager: await byEmail("manager@demo.test"),
      serviceManager: await byEmail("service.manager@demo.test"),
      ld: await byEmail("ld@demo.test"),
      admin: await byEmail("admin@demo.test"),
    },
  };
}
