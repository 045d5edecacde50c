import { sql, type Kysely, type Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Before the staff import changed an account's email with its person's (`account.email_changed` in
 * app/services/staff-import.server.ts), an import that gave someone a new email left their account signing
 * in with the old one: they could not sign in with the address HR gave them, and nobody else could be given
 * the old one. This gives each such account its person's email as sign-in reads an address (trimmed, in
 * lower case), audited as the import audits it, by nobody (the system). An account sign-in finds by its
 * person's email already (the person's written in capitals by an older import, say) is left alone.
 *
 * An account is left as it is when another account keeps signing in with its person's email (the other
 * person's own email is that address in other capitals, or the two accounts would each take the other's),
 * or when two people's emails differ only in capitals: which account HR means is not ours to guess, as
 * migration 0013 said of employee numbers. Each is named on the console with why; the import and
 * `npm run user:create` give the address to nobody else meanwhile. The audit writing and the sign-in rule
 * are repeated here because a migration runs as it was written, whatever the services later say.
 */
export const signInEmailsFollowPeople: Migration = {
  async up(db: AnyDb) {
    const outOfStep = await accountsOutOfStep(db);
    if (outOfStep.length === 0) return;
    const { waves, left } = planMoves(outOfStep, await signInHolders(db, outOfStep.map((a) => a.after)));
    const now = new Date().toISOString();
    // Wave by wave: an account takes an address only once the account that held it has moved off it.
    for (const wave of waves) {
      for (const batch of chunks(wave, BATCH)) await moveAccounts(db, batch, now);
    }
    for (const { employee, why } of left) console.warn(`Migration 0026 left employee ${employee}'s account signing in with an address other than their email: ${why}.`);
  },
  async down() {
    // The accounts keep their people's emails: signing in with an address HR has given up is not restored.
  },
};

const PAGE = 1000;
const BATCH = 500;

type Account = { userId: number; personId: number; employee: string; before: string; after: string };
type Holder = { userId: number; employee: string };

/** An address as sign-in reads what is typed (app/services/sign-in.server.ts). */
const asSignInReads = (email: string) => email.trim().toLowerCase();

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Every account whose email is not its person's as sign-in reads it, a page of accounts at a time. Compared
 * here rather than by the database, whose lower() on SQLite folds only the letters A to Z.
 */
async function accountsOutOfStep(db: AnyDb): Promise<Account[]> {
  const out: Account[] = [];
  for (let lastId = 0; ; ) {
    const page = await db
      .selectFrom("users")
      .innerJoin("people", "people.id", "users.person_id")
      .select(["users.id", "users.person_id", "users.email as account_email", "people.email as person_email", "people.employee_number"])
      .where("users.id", ">", lastId)
      .orderBy("users.id")
      .limit(PAGE)
      .execute();
    for (const row of page) {
      const after = asSignInReads(row.person_email);
      if (row.account_email !== after) out.push({ userId: row.id, personId: row.person_id, employee: row.employee_number, before: row.account_email, after });
    }
    if (page.length < PAGE) return out;
    lastId = page[page.length - 1].id;
  }
}

/** The accounts signing in with any of `emails` now, by email. */
async function signInHolders(db: AnyDb, emails: string[]): Promise<Map<string, Holder>> {
  const holders = new Map<string, Holder>();
  for (const batch of chunks([...new Set(emails)], BATCH)) {
    const rows = await db
      .selectFrom("users")
      .innerJoin("people", "people.id", "users.person_id")
      .select(["users.id", "users.email", "people.employee_number"])
      .where("users.email", "in", batch)
      .execute();
    for (const r of rows) holders.set(r.email, { userId: r.id, employee: r.employee_number });
  }
  return holders;
}

/**
 * Which accounts move, in waves, and which stay, with why. An address nobody signs in with is taken in the
 * first wave; one held by an account that moves is taken in the wave after that account's, so no update
 * meets the unique email. An address two accounts want, or one held by an account that stays (or that
 * waits on this one), is taken by nobody.
 */
function planMoves(outOfStep: Account[], holders: Map<string, Holder>) {
  const wanting = new Map<string, Account[]>();
  for (const a of outOfStep) wanting.set(a.after, [...(wanting.get(a.after) ?? []), a]);
  const moving = new Set(outOfStep.filter((a) => wanting.get(a.after)!.length === 1).map((a) => a.userId));
  const waitingOn = new Map<number, Account[]>();
  let wave: Account[] = [];
  for (const a of outOfStep.filter((a) => moving.has(a.userId))) {
    const holder = holders.get(a.after);
    if (!holder) wave.push(a);
    else if (moving.has(holder.userId)) waitingOn.set(holder.userId, [...(waitingOn.get(holder.userId) ?? []), a]);
  }
  const waves: Account[][] = [];
  const moved = new Set<number>();
  while (wave.length > 0) {
    waves.push(wave);
    for (const a of wave) moved.add(a.userId);
    wave = wave.flatMap((a) => waitingOn.get(a.userId) ?? []);
  }
  const left = outOfStep
    .filter((a) => !moved.has(a.userId))
    .map((a) => {
      const others = wanting.get(a.after)!.filter((o) => o.userId !== a.userId);
      const why = others.length > 0
        ? `${others.length > 1 ? "employees" : "employee"} ${others.map((o) => o.employee).join(", ")} ${others.length > 1 ? "have" : "has"} the same email in other capitals`
        : `employee ${holders.get(a.after)!.employee}'s account signs in with their email`;
      return { employee: a.employee, why };
    });
  return { waves, left };
}

/**
 * Gives a batch of accounts their people's emails, each audited as the staff import audits it: `source` says
 * where the address came from (an import gave it to the person), the missing actor that the system wrote it.
 */
async function moveAccounts(db: AnyDb, batch: Account[], now: string) {
  const rows = sql.join(batch.map((a) => sql`(cast(${a.userId} as integer), cast(${a.after} as text))`));
  await sql`update users set email = v.column2 from (values ${rows}) as v where users.id = v.column1`.execute(db);
  await db
    .insertInto("audit_events")
    .values(
      batch.map((a) => ({
        occurred_at: now,
        actor_user_id: null,
        actor_person_id: null,
        action: "account.email_changed",
        subject_type: "user",
        subject_id: String(a.userId),
        person_id: a.personId,
        before_json: JSON.stringify({ email: a.before }),
        after_json: JSON.stringify({ email: a.after, source: "import" }),
      })),
    )
    .execute();
}
