import { sql, type Kysely, type Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * A waiting-list number is the person's place in the queue. Before this, a number kept its gap when
 * someone ahead left the list, so the second person waiting could read "number 3". The enrolment service
 * now moves those behind up (`moveUpBehind`); this renumbers the lists already held, in their order.
 * Nothing to undo: the order is unchanged, and the old numbers carried no meaning of their own.
 */
export const waitingListsWithoutGaps: Migration = {
  async up(db: AnyDb) {
    await sql`update enrolments set waitlist_position = ranked.place
      from (select id, row_number() over (partition by cohort_id order by waitlist_position, id) as place
            from enrolments where status = 'waitlisted') as ranked
      where enrolments.id = ranked.id and enrolments.waitlist_position is distinct from ranked.place`.execute(db);
  },
  async down() {},
};
