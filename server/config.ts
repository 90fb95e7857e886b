import { z } from 'zod';

import { type TrustedProxies, trustedProxies } from './http/client-address.ts';
import { normaliseOrigin } from './http/origin.ts';

// Parsed once at start-up. A bad value stops the program with a message naming the variable.
const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    DATABASE_URL: z.string().url().optional(),
    DATA_DIR: z.string().default('.data/postgres'),
    FRESHNESS_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 14)
      .default(24),
    // Demo accounts have a published password: by default only on the embedded database.
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(120),
    SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
    LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
    // The load balancers' addresses (comma list, CIDR ranges allowed): only from them is X-Forwarded-For believed.
    TRUST_PROXY: z
      .string()
      .default('')
      .transform((value, ctx) => {
        if (/^\s*(true|false)\s*$/i.test(value)) {
          ctx.addIssue({ code: 'custom', message: 'takes the addresses of the proxies in front (e.g. 10.0.0.5,10.0.1.0/24), not true or false' });
          return z.NEVER;
        }
        try {
          return trustedProxies(value);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      }),
    // Extra origins allowed to make state-changing requests, besides the server's own (comma-separated).
    ALLOWED_ORIGINS: z
      .string()
      .default('')
      .transform((value, ctx) => {
        const origins = value
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean);
        for (const origin of origins) {
          if (normaliseOrigin(origin) === null) ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin such as https://partner.example` });
        }
        return origins.map((origin) => normaliseOrigin(origin) ?? origin);
      }),
    HOLD_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(60),
    HOLD_EXTEND_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(60),
    MAX_ACTIVE_HOLDS: z.coerce.number().int().min(1).max(100).default(3),
    SEED_DEMO: z.enum(['auto', 'always', 'never']).default('auto'),
    // Live updates: analysts' "figures changed" tick, open sockets per session, sync:resume calls per session.
    LIVE_FIGURES_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    LIVE_MAX_SOCKETS_PER_SESSION: z.coerce.number().int().min(1).max(100_000).default(10),
    LIVE_RESUME_BURST: z.coerce.number().int().min(1).max(100).default(5),
    LIVE_RESUME_REFILL_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
    // The open data (no login): per address, this many answers at once, then this many a second.
    OPEN_DATA_BURST: z.coerce.number().int().min(1).max(1_000_000).default(60),
    OPEN_DATA_PER_SECOND: z.coerce.number().min(0.01).max(100_000).default(1),
    // Abuse limits on holds: each hold shows a shelter's intake phone to the worker who made it.
    HOLDS_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(30),
    HOLD_RELEASES_FLAGGED: z.coerce.number().int().min(2).max(1_000).default(5),
    HOLD_RELEASES_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    INTAKE_PHONE_HOURS: z.coerce
      .number()
      .min(0)
      .max(24 * 14)
      .default(4),
    STATISTICS_THRESHOLD: z.coerce.number().int().min(2).max(100).default(5),
    STATISTICS_DEMAND_LAG_DAYS: z.coerce.number().int().min(1).max(60).default(1),
    // After the free failures, an account or address waits this long, doubling with every failure.
    LOGIN_DELAY_SECONDS: z.coerce.number().int().min(1).max(900).default(30),
    // Web Push (issue 14): VAPID keys from the environment, or made at the first start and kept in the database.
    VAPID_PUBLIC_KEY: z
      .string()
      .regex(/^[A-Za-z0-9_-]{87}$/, 'a P-256 public key, base64url (87 characters)')
      .optional(),
    VAPID_PRIVATE_KEY: z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/, 'a P-256 private key, base64url (43 characters)')
      .optional(),
    VAPID_SUBJECT: z
      .string()
      .regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, 'a mailto: address or an https: URL')
      .default('mailto:beheer@noodbed.nl'),
    // Tests only: accept push endpoints on http://127.0.0.1 (a receiver of the test's own).
    PUSH_ALLOW_HTTP_LOOPBACK: z.enum(['true', 'false']).default('false'),
    ALERT_UNANSWERED_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
    ALERT_EXPIRING_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(10),
    ALERT_STALE_WARNING_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 14)
      .default(2),
    ALERT_UNCONFIRMED_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 60)
      .default(48),
    ALERT_TICK_SECONDS: z.coerce.number().min(0.05).max(600).default(5),
    ALERT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  })
  .superRefine((e, ctx) => {
    if ((e.VAPID_PUBLIC_KEY === undefined) !== (e.VAPID_PRIVATE_KEY === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['VAPID_PRIVATE_KEY'], message: 'set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither' });
    }
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
  /** Proxies whose X-Forwarded-For is believed (TRUST_PROXY); none by default. */
  trustProxy: TrustedProxies;
  /** Holds last this long, can be extended once, and a crisis worker has at most `maxActive` at once. */
  holds: { minutes: number; extendMinutes: number; maxActive: number };
  allowedOrigins: string[];
  /**
   * Live updates: analysts get "figures changed" at most once per `figuresSeconds`; a session has at
   * most `maxSocketsPerSession` sockets on a node; sync:resume takes a token from a bucket of `resumeBurst`
   * per session, refilled one per `resumeRefillSeconds` (each call may replay up to REPLAY_LIMIT changes).
   */
  live: { figuresSeconds: number; maxSocketsPerSession: number; resumeBurst: number; resumeRefillSeconds: number };
  /**
   * A crisis worker makes at most `perHour` holds an hour (429 after); `flagReleases` releases within
   * `flagMinutes` are audited as abuse.suspected; the intake phone of an accepted hold is shown for
   * `phoneHours` after acceptance (of an active hold, while it lasts).
   */
  holdLimits: { perHour: number; flagReleases: number; flagMinutes: number; phoneHours: number };
  /** Open data: per address `burst` answers at once, then `perSecond` (429 after), counted across nodes. */
  openData: { burst: number; perSecond: number };
  /** Household counts under `threshold` are hidden; a week's demand is published `demandLagDays` after it ends. */
  statistics: { threshold: number; demandLagDays: number };
  /** Wait after the free login failures; it doubles per further failure (capped at 15 minutes). */
  loginDelaySeconds: number;
  /** Demo mode (demo accounts with a public password and TOTP secret): the embedded database, or SEED_DEMO=always. */
  demo: boolean;
  /**
   * Alerts by Web Push: `vapid` keys from the environment (null: kept in the database); a hold unanswered
   * for `unansweredMinutes` alerts all the organisation's staff; a hold `expiringMinutes` before its end and
   * statuses `staleWarningHours` before they go stale alert; admins hear of a location unconfirmed for
   * `unconfirmedHours`. The job runs every `tickSeconds` on every node.
   */
  alerts: {
    vapid: { publicKey: string; privateKey: string } | null;
    subject: string;
    allowHttpLoopback: boolean;
    unansweredMinutes: number;
    expiringMinutes: number;
    staleWarningHours: number;
    unconfirmedHours: number;
    tickSeconds: number;
    /** Alerts and the push log are kept this long, except an alert that still holds (server/alerts/retention.ts). */
    retentionDays: number;
  };
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
    trustProxy: e.TRUST_PROXY,
    holds: { minutes: e.HOLD_MINUTES, extendMinutes: e.HOLD_EXTEND_MINUTES, maxActive: e.MAX_ACTIVE_HOLDS },
    allowedOrigins: e.ALLOWED_ORIGINS,
    live: {
      figuresSeconds: e.LIVE_FIGURES_SECONDS,
      maxSocketsPerSession: e.LIVE_MAX_SOCKETS_PER_SESSION,
      resumeBurst: e.LIVE_RESUME_BURST,
      resumeRefillSeconds: e.LIVE_RESUME_REFILL_SECONDS,
    },
    loginDelaySeconds: e.LOGIN_DELAY_SECONDS,
    demo: e.SEED_DEMO === 'always' || (e.SEED_DEMO === 'auto' && !e.DATABASE_URL),
    statistics: { threshold: e.STATISTICS_THRESHOLD, demandLagDays: e.STATISTICS_DEMAND_LAG_DAYS },
    openData: { burst: e.OPEN_DATA_BURST, perSecond: e.OPEN_DATA_PER_SECOND },
    holdLimits: { perHour: e.HOLDS_PER_HOUR, flagReleases: e.HOLD_RELEASES_FLAGGED, flagMinutes: e.HOLD_RELEASES_MINUTES, phoneHours: e.INTAKE_PHONE_HOURS },
    alerts: {
      vapid: e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY ? { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY } : null,
      subject: e.VAPID_SUBJECT,
      allowHttpLoopback: e.PUSH_ALLOW_HTTP_LOOPBACK === 'true',
      unansweredMinutes: e.ALERT_UNANSWERED_MINUTES,
      expiringMinutes: e.ALERT_EXPIRING_MINUTES,
      staleWarningHours: e.ALERT_STALE_WARNING_HOURS,
      unconfirmedHours: e.ALERT_UNCONFIRMED_HOURS,
      tickSeconds: e.ALERT_TICK_SECONDS,
      retentionDays: e.ALERT_RETENTION_DAYS,
    },
  };
}

/** Defaults for tests and tools that build an app without reading the environment. */
export const defaultConfig: Config = loadConfig({});
