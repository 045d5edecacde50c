// Sign-in sessions. The only file that knows about lucia (v3, no longer maintained upstream): routes
// and services use the functions exported here, so lucia can be swapped for our own session code
// without touching them. See docs/decisions/0002-lucia-behind-a-seam.md.
import { hash, verify } from "@node-rs/argon2";
import { Lucia, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import type { Role } from "../../plugins/sdk";
import { db } from "./db.server";
import { env } from "./env.server";
import { readOncePerRequest } from "./request-memo.server";

// OWASP's minimum for Argon2id: 19 MiB of memory, 2 iterations, 1 degree of parallelism.
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export const hashPassword = (password: string) => hash(password, ARGON2_OPTIONS);
export const verifyPassword = (passwordHash: string, password: string) => verify(passwordHash, password);

class KyselyAdapter implements Adapter {
  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const row = await db()
      .selectFrom("auth_sessions")
      .innerJoin("users", "users.id", "auth_sessions.user_id")
      .select(["auth_sessions.id", "auth_sessions.user_id", "auth_sessions.expires_at", "users.person_id", "users.disabled"])
      .where("auth_sessions.id", "=", sessionId)
      .executeTakeFirst();
    if (!row || row.disabled) return [null, null];
    const roles = await db().selectFrom("user_roles").select("role").where("user_id", "=", row.user_id).execute();
    return [
      { id: row.id, userId: row.user_id, expiresAt: new Date(row.expires_at), attributes: {} },
      { id: row.user_id, attributes: { personId: row.person_id, roles: roles.map((r) => r.role as Role) } },
    ];
  }
  async getUserSessions(userId: number): Promise<DatabaseSession[]> {
    const rows = await db().selectFrom("auth_sessions").selectAll().where("user_id", "=", userId).execute();
    return rows.map((r) => ({ id: r.id, userId: r.user_id, expiresAt: new Date(r.expires_at), attributes: {} }));
  }
  async setSession(session: DatabaseSession): Promise<void> {
    await db()
      .insertInto("auth_sessions")
      .values({ id: session.id, user_id: session.userId as number, expires_at: session.expiresAt.toISOString() })
      .execute();
  }
  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    await db().updateTable("auth_sessions").set({ expires_at: expiresAt.toISOString() }).where("id", "=", sessionId).execute();
  }
  async deleteSession(sessionId: string): Promise<void> {
    await db().deleteFrom("auth_sessions").where("id", "=", sessionId).execute();
  }
  async deleteUserSessions(userId: number): Promise<void> {
    await db().deleteFrom("auth_sessions").where("user_id", "=", userId).execute();
  }
  async deleteExpiredSessions(): Promise<void> {
    await db().deleteFrom("auth_sessions").where("expires_at", "<=", new Date().toISOString()).execute();
  }
}

const lucia = new Lucia(new KyselyAdapter(), {
  sessionCookie: {
    name: "pathways_session",
    attributes: { secure: env.secureCookies, sameSite: "lax" },
  },
  getUserAttributes: (attributes) => ({ personId: attributes.personId, roles: attributes.roles }),
});

declare module "lucia" {
  interface Register {
    Lucia: typeof lucia;
    UserId: number;
    DatabaseUserAttributes: { personId: number; roles: Role[] };
  }
}

export interface SignedInUser {
  userId: number;
  personId: number;
  roles: Role[];
}

export interface CurrentSession {
  user: SignedInUser;
  /** A Set-Cookie value to send back when lucia refreshed or cleared the cookie. */
  setCookie?: string;
}

// Lucia's ids are lower-case base32; anything else (a NUL, which PostgreSQL refuses in text) names no session.
const SESSION_ID = /^[a-z0-9]{1,128}$/;

/** The session id the request's cookie names; a cookie that does not decode (say "%E0%A4%A") names none. */
function sessionIdOf(request: Request): string | null {
  let sessionId: string | null;
  try {
    sessionId = lucia.readSessionCookie(request.headers.get("Cookie") ?? "");
  } catch {
    return null;
  }
  return sessionId && SESSION_ID.test(sessionId) ? sessionId : null;
}

export async function readSession(request: Request): Promise<CurrentSession | null> {
  const sessionId = sessionIdOf(request);
  if (!sessionId) return null;
  // The layout and the page both ask; within one GET the answer cannot change.
  return readOncePerRequest(`session:${sessionId}`, () => validate(sessionId));
}

async function validate(sessionId: string): Promise<CurrentSession | null> {
  const { session, user } = await lucia.validateSession(sessionId);
  if (!session || !user) return null;
  return {
    user: { userId: user.id, personId: user.personId, roles: user.roles },
    setCookie: session.fresh ? lucia.createSessionCookie(session.id).serialize() : undefined,
  };
}

/** Starts a session and answers the Set-Cookie header that carries it. */
export async function startSession(userId: number): Promise<string> {
  const session = await lucia.createSession(userId, {});
  return lucia.createSessionCookie(session.id).serialize();
}

/** Ends the request's session, if any, and answers the Set-Cookie header that clears it. */
export async function endSession(request: Request): Promise<string> {
  const sessionId = sessionIdOf(request);
  if (sessionId) await lucia.invalidateSession(sessionId);
  return lucia.createBlankSessionCookie().serialize();
}

export const sessionCookieName = () => lucia.sessionCookieName;
