import { sql, type Kysely, type Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The personal adviser stage sat at the social worker's position (40), so a personal adviser's next stage
 * was senior practitioner, asking for years since qualifying as a social worker. Personal advisers support
 * care leavers and are not a social work grade (REFERENCE.md section 9); most are not qualified, and
 * their way into social work is the apprenticeship. Placed between social care officer (10) and
 * apprentice (20), their next stage is the apprenticeship. A position an administrator has already
 * changed is left as they set it.
 */
export const personalAdvisersTowardsTheApprenticeship: Migration = {
  async up(db: AnyDb) {
    await sql`update career_stages set position = 15, updated_at = ${new Date().toISOString()} where code = 'personal_adviser' and position = 40`.execute(db);
  },
  async down(db: AnyDb) {
    await sql`update career_stages set position = 40 where code = 'personal_adviser' and position = 15`.execute(db);
  },
};
