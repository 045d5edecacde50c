// Finding people by an employee number typed (or written in a file) in any case. The staff import stores
// numbers in capitals (staff-import-checks.server.ts), but migration 0013 left numbers that differ only in
// case ("old-3" and "Old-3") as they were, so someone may be held as "old-3". Every lookup here reads the
// numbers' own index: upper(employee_number) has none, and comparing it reads every person (62,579 at
// national scale).
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { chunks } from "./readiness.server";

/** What a lookup answers with: the few columns its callers need, read from the row the index finds. */
const COLUMNS = ["id", "employee_number", "email", "given_name", "family_name", "career_stage"] as const;

export type HeldPerson = { id: number; employee_number: string; email: string; given_name: string; family_name: string; career_stage: string | null };

/**
 * Whom a number names: the person holding it exactly as typed, else the one person holding it in other
 * capitals. Several in other capitals and none as typed: which is meant is not ours to guess, so `ambiguous`
 * names the numbers held, sorted here whatever the engine's collation, and `among` the people holding them.
 * Neither: nobody holds it.
 */
export type Found = { person?: HeldPerson; ambiguous?: string[]; among?: HeldPerson[] };

/** Past this many letters, a number's spellings are too many to look up one by one (2 to the power of it). */
const MOST_LETTERS_SPELLED = 10;

/** At most this many spellings looked up for one file; a file's numbers past it are compared in capitals. */
const MOST_SPELLINGS = 20_000;

/** Spellings sent in one statement: within SQLite's and PostgreSQL's parameter limits, a handful a file. */
const SPELLINGS_PER_STATEMENT = 5_000;

/** What every number held looks like (the import has always checked it); nothing else is held in another case. */
const HELD_SHAPE = /^[A-Za-z0-9-]+$/;

const people = (executor: Kysely<Database>) => executor.selectFrom("people").select(COLUMNS);

/**
 * Every way to write `typed` in small letters and capitals, or undefined past MOST_LETTERS_SPELLED letters.
 * Every number held is letters A to Z, digits and hyphens, so those whose capitals are `typed`'s are among
 * these spellings; anything else typed ("ß", whose capitals are "SS") can only be held as typed.
 */
function spellingsInAnyCase(typed: string) {
  if (!HELD_SHAPE.test(typed)) return [typed];
  const capitals = [...typed.toUpperCase()];
  const isLetter = (c: string) => c >= "A" && c <= "Z";
  if (capitals.filter(isLetter).length > MOST_LETTERS_SPELLED) return undefined;
  let spellings = [""];
  for (const c of capitals) spellings = isLetter(c) ? spellings.flatMap((s) => [s + c, s + c.toLowerCase()]) : spellings.map((s) => s + c);
  return spellings;
}

/**
 * The people an employee number names in any case, spelling by spelling through the index. Only a number
 * of more letters than are spelled out is compared in capitals, and such numbers are rare.
 */
export async function heldInAnyCase(executor: Kysely<Database>, typed: string): Promise<HeldPerson[]> {
  const spellings = spellingsInAnyCase(typed);
  if (!spellings) return people(executor).where(sql<string>`upper(employee_number)`, "=", typed.toUpperCase()).execute();
  return people(executor).where("employee_number", "in", spellings).execute();
}

/**
 * The people each of a file's numbers names in any case, by the number's capitals (a number nobody holds
 * has no entry). A handful of statements whatever the file's size: its numbers' spellings go together, up
 * to MOST_SPELLINGS; numbers past that, or of too many letters, are compared in capitals in one more.
 */
export async function heldInAnyCaseByCapitals(executor: Kysely<Database>, numbers: string[]): Promise<Map<string, HeldPerson[]>> {
  const spelled: string[] = [];
  const compared: string[] = [];
  for (const capitals of new Set(numbers.filter((n) => HELD_SHAPE.test(n)).map((n) => n.toUpperCase()))) {
    const spellings = spellingsInAnyCase(capitals);
    if (spellings && spelled.length + spellings.length <= MOST_SPELLINGS) spelled.push(...spellings);
    else compared.push(capitals);
  }
  const held: HeldPerson[] = [];
  for (const batch of chunks(spelled, SPELLINGS_PER_STATEMENT)) held.push(...(await people(executor).where("employee_number", "in", batch).execute()));
  for (const batch of chunks(compared, SPELLINGS_PER_STATEMENT)) held.push(...(await people(executor).where(sql<string>`upper(employee_number)`, "in", batch).execute()));
  const byCapitals = new Map<string, HeldPerson[]>();
  for (const person of held) {
    const capitals = person.employee_number.toUpperCase();
    byCapitals.set(capitals, [...(byCapitals.get(capitals) ?? []), person]);
  }
  return byCapitals;
}

/** `Found` from the people holding a number in other capitals than typed. */
function foundAmong(inAnyCase: HeldPerson[]): Found {
  if (inAnyCase.length > 1) return { ambiguous: inAnyCase.map((p) => p.employee_number).sort((a, b) => (a < b ? -1 : 1)), among: inAnyCase };
  return { person: inAnyCase[0] };
}

/** Whom one typed number names (see `Found`): held as typed, else in other capitals. */
export async function personByEmployeeNumber(executor: Kysely<Database>, typed: string): Promise<Found> {
  const exact = await people(executor).where("employee_number", "=", typed).executeTakeFirst();
  if (exact) return { person: exact };
  return foundAmong(await heldInAnyCase(executor, typed));
}

/**
 * Whom each of a file's numbers names (see `Found`), by the number as written; an empty number names
 * nobody. Numbers held as written (most of a file) are found first, the rest looked up in any case.
 */
export async function peopleByEmployeeNumbers(executor: Kysely<Database>, numbers: string[]): Promise<Map<string, Found>> {
  const written = [...new Set(numbers.filter((n) => n !== ""))];
  const exact = new Map<string, HeldPerson>();
  for (const batch of chunks(written)) for (const person of await people(executor).where("employee_number", "in", batch).execute()) exact.set(person.employee_number, person);
  const otherwise = written.filter((n) => !exact.has(n));
  const inAnyCase = otherwise.length ? await heldInAnyCaseByCapitals(executor, otherwise) : new Map<string, HeldPerson[]>();
  const found = new Map<string, Found>();
  for (const number of written) {
    const person = exact.get(number);
    const held = HELD_SHAPE.test(number) ? inAnyCase.get(number.toUpperCase()) : undefined;
    found.set(number, person ? { person } : foundAmong(held ?? []));
  }
  return found;
}
