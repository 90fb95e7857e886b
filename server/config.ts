import { z } from 'zod';

// Parsed once at start-up. A bad value stops the program with a message naming the variable.
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('.data/postgres'),
  FRESHNESS_HOURS: z.coerce.number().positive().max(24 * 14).default(24),
  // Demo accounts have a published password: by default only on the embedded database.
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(120),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
  // Behind one load balancer: take the client address from the last X-Forwarded-For entry.
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  // Extra origins allowed to make state-changing requests, besides the server's own (comma-separated).
  ALLOWED_ORIGINS: z.string().default(''),
  HOLD_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  HOLD_EXTEND_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  MAX_ACTIVE_HOLDS: z.coerce.number().int().min(1).max(100).default(3),
  SEED_DEMO: z.enum(['auto', 'always', 'never']).default('auto'),
  // After the free failures, an account or address waits this long, doubling with every failure.
  LOGIN_DELAY_SECONDS: z.coerce.number().int().min(1).max(900).default(30),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** A place whose status is not confirmed within this window is stale (definition rule 4). */
  freshnessHours: number;
  seedDemo: 'auto' | 'always' | 'never';
  session: { idleMinutes: number; absoluteHours: number };
  /** Failed logins allowed per account and per IP address in a 15-minute window. */
  loginLimits: { perAccount: number; perIp: number };
  trustProxy: boolean;
  /** Holds last this long, can be extended once, and a crisis worker has at most `maxActive` at once. */
  holds: { minutes: number; extendMinutes: number; maxActive: number };
  allowedOrigins: string[];
  /** Wait after the free login failures; it doubles per further failure (capped at 15 minutes). */
  loginDelaySeconds: number;
  /** Demo mode (demo accounts with a public password and TOTP secret): the embedded database, or SEED_DEMO=always. */
  demo: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    freshnessHours: e.FRESHNESS_HOURS,
    seedDemo: e.SEED_DEMO,
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, absoluteHours: e.SESSION_ABSOLUTE_HOURS },
    loginLimits: { perAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT, perIp: e.LOGIN_MAX_FAILURES_PER_IP },
    trustProxy: e.TRUST_PROXY === 'true',
    holds: { minutes: e.HOLD_MINUTES, extendMinutes: e.HOLD_EXTEND_MINUTES, maxActive: e.MAX_ACTIVE_HOLDS },
    allowedOrigins: e.ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
    loginDelaySeconds: e.LOGIN_DELAY_SECONDS,
    demo: e.SEED_DEMO === 'always' || (e.SEED_DEMO === 'auto' && !e.DATABASE_URL),
  };
}

/** Defaults for tests and tools that build an app without reading the environment. */
export const defaultConfig: Config = loadConfig({});
