import { z } from "zod";

/**
 * Every variable is optional for local use. In production (NODE_ENV=production)
 * the ones marked below must be set; a missing or malformed value stops start-up
 * with a message that names the variable.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql:// (PostgreSQL)")
    .default("file:./data/coursework.db"),
  APP_URL: z.url("must be a full URL such as https://courses.example.org").default("http://localhost:3000"),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "must start with smtp:// or smtps://").optional(),
  MAIL_FROM: z.string().default("Coursework <no-reply@coursework.local>"),
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  JOBS_WORKER: z.enum(["on", "off"]).default("on"),
  STORAGE_DIR: z.string().default("./data/uploads"),
  // Stripe payments: all optional; without STRIPE_SECRET_KEY paid courses cannot be bought.
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_/, "must be a Stripe secret key (sk_… or rk_…)").optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_/, "must be a webhook signing secret (whsec_…)").optional(),
  /** Another Stripe API host, e.g. http://127.0.0.1:12111 for tests/fakes/stripe-server.ts. */
  STRIPE_API_BASE: z.url("must be a full URL such as http://127.0.0.1:12111").optional(),
  // Mux video hosting: all optional; without the token pair videos are stored locally.
  MUX_TOKEN_ID: z.string().optional(),
  MUX_TOKEN_SECRET: z.string().optional(),
  MUX_WEBHOOK_SECRET: z.string().optional(),
  MUX_SIGNING_KEY_ID: z.string().optional(),
  /** PEM (or base64 of the PEM) of the signing key's RSA private key; "\n" escapes are accepted. */
  MUX_SIGNING_PRIVATE_KEY: z.string().optional(),
  MUX_API_BASE: z.url("must be a full URL such as https://api.mux.com").optional(),
});

export type Env = z.infer<typeof schema> & { SESSION_SECRET: string };

const DEV_SECRET = "coursework-development-secret-not-for-production";

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const env = result.data;
  if (env.NODE_ENV === "production") {
    const missing: string[] = [];
    if (!env.SESSION_SECRET) missing.push("  SESSION_SECRET: required in production (at least 32 random characters)");
    if (!source.APP_URL) missing.push("  APP_URL: required in production (the public URL used in mailed links)");
    if (missing.length) throw new Error(`Invalid environment configuration:\n${missing.join("\n")}`);
  }
  return { ...env, SESSION_SECRET: env.SESSION_SECRET ?? DEV_SECRET };
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Values the browser may see. Keep this list short. */
export function publicEnv() {
  return { NODE_ENV: getEnv().NODE_ENV };
}
