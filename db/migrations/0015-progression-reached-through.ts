import type { Kysely, Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * A person can reach the stage they asked to progress to another way (an ASYE pass makes them a social
 * worker). Their request is then closed as approved with `reached_through` naming what moved them, so
 * the panel's list of decisions does not show it as one the panel made.
 */
export const progressionReachedThrough: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable("progression_requests").addColumn("reached_through", "text").execute();
  },
  async down(db: AnyDb) {
    await db.schema.alterTable("progression_requests").dropColumn("reached_through").execute();
  },
};
