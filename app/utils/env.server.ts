// Configuration read from the environment, in one place.
import { DEFAULT_DATABASE_URL } from "../../db/connection";

const MAX_WORKERS = 64;

/** A setting the server cannot start with; its message is all the operator needs, without a stack. */
export class ConfigurationError extends Error {}

export const env = {
  get databaseUrl() {
    return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  },
  get isProduction() {
    return process.env.NODE_ENV === "production";
  },
  /** Demo mode shows the demo accounts on the sign-in page; only `npm run demo` turns it on. */
  get isDemo() {
    return process.env.PATHWAYS_DEMO === "1";
  },
  /** Secure cookies in production; not for the demo, which a newcomer may open over plain http. */
  get secureCookies() {
    if (process.env.PATHWAYS_SECURE_COOKIES) return process.env.PATHWAYS_SECURE_COOKIES === "1";
    return this.isProduction && !this.isDemo;
  },
  get port() {
    return Number(process.env.PORT || 3000);
  },
  /**
   * Express's "trust proxy": a hop count ("1"), true/false, or addresses ("loopback, 10.0.0.0/8"), so
   * the client address used for sign-in throttling is the real one behind a load balancer.
   */
  get trustProxy(): boolean | number | string | undefined {
    const value = process.env.TRUST_PROXY?.trim();
    if (!value) return undefined;
    if (value === "true" || value === "false") return value === "true";
    return /^\d+$/.test(value) ? Number(value) : value;
  },
  /**
   * How many app processes `npm start` runs on its port (scripts/lib/workers.ts): 1 by default, or one
   * a core. Anything but a whole number from 1 to 64 stops the server with a message saying so.
   */
  get workers() {
    const value = process.env.PATHWAYS_WORKERS?.trim();
    if (!value) return 1;
    const count = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!(count >= 1 && count <= MAX_WORKERS)) throw new ConfigurationError(`PATHWAYS_WORKERS must be a whole number from 1 to ${MAX_WORKERS}, not "${value}".`);
    return count;
  },
  /** The origins a state-changing request may come from, besides the request's own host. */
  get trustedOrigins() {
    return (process.env.TRUSTED_ORIGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  },
};
