// The only reader of process.env and config/*.json. Merged as default ← <NODE_ENV>.json ← environment,
// validated once, frozen. A bad or missing production setting stops the start with a clear message.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type JSONSchemaType } from 'ajv';
import { serviceContactSchema, type ServiceContact } from './contact/service-contact.js';
import { deepMerge } from './deep-merge.js';

export type Environment = 'development' | 'test' | 'production';
export type Language = 'fr' | 'nl' | 'en';

export interface Config {
  env: Environment;
  rootDir: string;
  port: number;
  publicUrl: string;
  /** The service's phone, e-mail, address and opening hours: what every "contact us" and every e-mail gives. */
  contact: ServiceContact;
  dataDir: string;
  mongodbUri: string | null;
  demoData: boolean;
  smtpUrl: string | null;
  /** SMS_PROVIDER_URL (kernel/mail/sms-provider.ts): without it, text messages stay in the outbox. */
  smsProviderUrl: string | null;
  adminEmail: string | null;
  adminPassword: string | null;
  sessionSecret: string;
  /**
   * Express's `trust proxy` (TRUST_PROXY): which proxies may say who the client is (X-Forwarded-For,
   * -Proto). Null: none — a client-chosen header then changes nothing (rate limits, audit addresses).
   * A number of hops ("1"), or addresses/subnets ("loopback", "10.0.0.0/8"), as Express takes them.
   */
  trustProxy: number | string | null;
  /** 32 bytes, base64: wraps every person's data key (kernel/crypto). Losing it loses the sealed fields. */
  masterKey: string;
  privacy: { retentionMonths: number; retentionRunHours: number };
  /** Distinct cases one account may open in a rolling hour before the coordinators are alerted. */
  audit: { unusualCasesPerHour: number };
  mail: { from: string; pollSeconds: number; retryBaseSeconds: number; retryMaxSeconds: number; maxAttempts: number };
  session: { idleMinutes: number; absoluteHours: number; cleanupIntervalMinutes: number };
  login: {
    windowMinutes: number;
    maxFailuresPerAccount: number;
    maxFailuresPerAccountAnywhere: number;
    maxDelaySeconds: number;
    maxFailuresPerAddress: number;
  };
  accounts: { verificationHours: number; resetMinutes: number; invitationHours: number };
  engine: { jar: string; startTimeoutSeconds: number; cacheMb: number; fsync: boolean; quickJit: boolean };
  /** argon2id cost (kernel/auth/passwords.ts): memory in KiB, passes. Hashes keep their own cost, so a change needs no migration. */
  passwordHashing: PasswordCost;
  languages: Language[];
  defaultLanguage: Language;
}

export interface PasswordCost {
  memoryCost: number;
  timeCost: number;
}

type FileConfig = Omit<
  Config,
  'env' | 'rootDir' | 'mongodbUri' | 'smtpUrl' | 'smsProviderUrl' | 'adminEmail' | 'adminPassword' | 'sessionSecret' | 'masterKey' | 'trustProxy'
>;

const positive = { type: 'number', minimum: 0 } as const;
const fileSchema: JSONSchemaType<FileConfig> = {
  type: 'object',
  additionalProperties: false,
  required: [
    'port',
    'publicUrl',
    'contact',
    'dataDir',
    'demoData',
    'privacy',
    'audit',
    'mail',
    'session',
    'login',
    'accounts',
    'engine',
    'passwordHashing',
    'languages',
    'defaultLanguage',
  ],
  properties: {
    port: { type: 'integer', minimum: 0, maximum: 65535 },
    publicUrl: { type: 'string', pattern: '^https?://' },
    contact: serviceContactSchema,
    dataDir: { type: 'string', minLength: 1 },
    demoData: { type: 'boolean' },
    privacy: {
      type: 'object',
      additionalProperties: false,
      required: ['retentionMonths', 'retentionRunHours'],
      properties: { retentionMonths: { type: 'integer', minimum: 1 }, retentionRunHours: { type: 'number', exclusiveMinimum: 0 } },
    },
    audit: {
      type: 'object',
      additionalProperties: false,
      required: ['unusualCasesPerHour'],
      properties: { unusualCasesPerHour: { type: 'integer', minimum: 1 } },
    },
    mail: {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'pollSeconds', 'retryBaseSeconds', 'retryMaxSeconds', 'maxAttempts'],
      properties: {
        from: { type: 'string', minLength: 3 },
        pollSeconds: positive,
        retryBaseSeconds: { type: 'number', exclusiveMinimum: 0 },
        retryMaxSeconds: positive,
        maxAttempts: { type: 'integer', minimum: 1 },
      },
    },
    session: {
      type: 'object',
      additionalProperties: false,
      required: ['idleMinutes', 'absoluteHours', 'cleanupIntervalMinutes'],
      properties: { idleMinutes: positive, absoluteHours: positive, cleanupIntervalMinutes: positive },
    },
    login: {
      type: 'object',
      additionalProperties: false,
      required: ['windowMinutes', 'maxFailuresPerAccount', 'maxFailuresPerAccountAnywhere', 'maxDelaySeconds', 'maxFailuresPerAddress'],
      properties: {
        windowMinutes: positive,
        maxFailuresPerAccount: { type: 'integer', minimum: 1 },
        maxFailuresPerAccountAnywhere: { type: 'integer', minimum: 1 },
        maxDelaySeconds: { type: 'integer', minimum: 1, maximum: 3600 },
        maxFailuresPerAddress: { type: 'integer', minimum: 1 },
      },
    },
    accounts: {
      type: 'object',
      additionalProperties: false,
      required: ['verificationHours', 'resetMinutes', 'invitationHours'],
      properties: { verificationHours: positive, resetMinutes: positive, invitationHours: positive },
    },
    engine: {
      type: 'object',
      additionalProperties: false,
      required: ['jar', 'startTimeoutSeconds', 'cacheMb', 'fsync', 'quickJit'],
      properties: {
        jar: { type: 'string', minLength: 1 },
        startTimeoutSeconds: positive,
        cacheMb: positive,
        fsync: { type: 'boolean' },
        quickJit: { type: 'boolean' },
      },
    },
    passwordHashing: {
      type: 'object',
      additionalProperties: false,
      required: ['memoryCost', 'timeCost'],
      // argon2's own floor; the ceilings keep one login from exhausting the server's memory or CPU.
      properties: { memoryCost: { type: 'integer', minimum: 1024, maximum: 262_144 }, timeCost: { type: 'integer', minimum: 1, maximum: 10 } },
    },
    languages: { type: 'array', items: { type: 'string', enum: ['fr', 'nl', 'en'] }, minItems: 1 },
    defaultLanguage: { type: 'string', enum: ['fr', 'nl', 'en'] },
  },
};

// OWASP's argon2id minimum (19 MiB, 2 passes): production may be slower, never weaker. Only tests go below.
const productionPasswordCostSchema: JSONSchemaType<PasswordCost> = {
  type: 'object',
  required: ['memoryCost', 'timeCost'],
  properties: { memoryCost: { type: 'integer', minimum: 19_456 }, timeCost: { type: 'integer', minimum: 2 } },
};

export class ConfigError extends Error {}

/** Security floor, not a setting. */
export const PASSWORD_MIN_LENGTH = 12;

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readJson(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** TRUST_PROXY: unset or "false" → null; a whole number → hops; else the list Express understands. */
function parseTrustProxy(value: string | undefined): number | string | null {
  const v = value?.trim();
  if (!v || /^(0|false|no|off)$/i.test(v)) return null;
  if (/^[1-9][0-9]?$/.test(v)) return Number(v);
  if (/^(true|yes|on)$/i.test(v))
    throw new ConfigError(
      'TRUST_PROXY must name the proxies (a number of hops such as 1, or addresses such as "loopback, 10.0.0.0/8"), not "true": trusting every hop lets any client forge its address',
    );
  if (!/^[0-9A-Za-z.:/, -]+$/.test(v)) throw new ConfigError(`TRUST_PROXY: "${v}" is not a number of hops nor a list of addresses`);
  return v;
}

function parseBoolean(name: string, value: string): boolean {
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

/**
 * In development, secrets are generated once and kept in DATA_DIR beside the data they protect, so
 * restarts keep people logged in and sealed fields readable.
 */
function developmentSecret(dataDir: string, name: string, encoding: 'hex' | 'base64'): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString(encoding);
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** A fixed key for tests only: test data is synthetic. */
const TEST_MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

function checkMasterKey(value: string): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || Buffer.from(value, 'base64').length !== 32)
    throw new ConfigError('MASTER_KEY must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)');
  return value;
}

/** `configDir` is for tests that need a config file of their own; the service always reads config/. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, configDir = join(rootDir, 'config')): Readonly<Config> {
  const nodeEnv = (env.NODE_ENV || 'development') as Environment;
  if (!['development', 'test', 'production'].includes(nodeEnv)) throw new ConfigError(`NODE_ENV must be development, test or production, got "${nodeEnv}"`);
  const merged = deepMerge(readJson(join(configDir, 'default.json')), readJson(join(configDir, `${nodeEnv}.json`)));
  if (env.PORT) merged.port = Number(env.PORT);
  if (env.DATA_DIR) merged.dataDir = env.DATA_DIR;
  if (env.DEMO_DATA !== undefined) merged.demoData = parseBoolean('DEMO_DATA', env.DEMO_DATA);
  if (env.PUBLIC_URL) merged.publicUrl = env.PUBLIC_URL;
  // How often the outbox is polled (seconds; 0: never). The fault tests run a development app with a short one.
  if (env.MAIL_POLL_SECONDS) merged.mail = { ...(merged.mail as object), pollSeconds: Number(env.MAIL_POLL_SECONDS) };

  const ajv = new Ajv({ allErrors: true });
  const validate = ajv.compile(fileSchema);
  if (!validate(merged)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const file: FileConfig = merged;
  if (nodeEnv === 'production') checkProductionPasswordCost(ajv, file.passwordHashing);
  const dataDir = resolve(rootDir, file.dataDir);

  const adminEmail = env.ADMIN_EMAIL?.trim() || null;
  const adminPassword = env.ADMIN_PASSWORD || null;
  if ((adminEmail === null) !== (adminPassword === null)) throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  if (adminPassword !== null && adminPassword.length < PASSWORD_MIN_LENGTH)
    throw new ConfigError(`ADMIN_PASSWORD must have at least ${PASSWORD_MIN_LENGTH} characters`);

  let sessionSecret = env.SESSION_SECRET || '';
  if (nodeEnv === 'production') {
    if (sessionSecret.length < 32) throw new ConfigError('SESSION_SECRET is required in production (at least 32 random characters)');
    if (!env.MONGODB_URI) throw new ConfigError('MONGODB_URI is required in production (the embedded database is for development and demos)');
  } else if (!sessionSecret) {
    sessionSecret = nodeEnv === 'test' ? 'test-session-secret-not-for-production' : developmentSecret(dataDir, 'session-secret', 'hex');
  }
  let masterKey = env.MASTER_KEY?.trim() || '';
  if (!masterKey && nodeEnv === 'production')
    throw new ConfigError('MASTER_KEY is required in production (32 random bytes in base64); keep it outside the database and its backups');
  if (!masterKey) masterKey = nodeEnv === 'test' ? TEST_MASTER_KEY : developmentSecret(dataDir, 'master-key', 'base64');
  masterKey = checkMasterKey(masterKey);

  const config: Config = {
    ...file,
    env: nodeEnv,
    rootDir,
    dataDir,
    mongodbUri: env.MONGODB_URI || null,
    smtpUrl: env.SMTP_URL || null,
    smsProviderUrl: smsProviderUrl(env.SMS_PROVIDER_URL),
    adminEmail,
    adminPassword,
    sessionSecret,
    masterKey,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
  return deepFreeze(config);
}

function checkProductionPasswordCost(ajv: Ajv, cost: PasswordCost): void {
  const validate = ajv.compile(productionPasswordCostSchema);
  if (validate(cost)) return;
  const problems = (validate.errors ?? []).map((e) => `passwordHashing${e.instancePath.replace(/\//g, '.')} ${e.message}`).join('; ');
  throw new ConfigError(`password hashing too weak for production: ${problems} (OWASP's argon2id minimum: memoryCost 19456 KiB, timeCost 2)`);
}

function smsProviderUrl(value: string | undefined): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('SMS_PROVIDER_URL must be a URL, like https://TOKEN@sms.example.org/v1/messages');
  }
  // Phone numbers and message texts travel in the request: never in clear over the network.
  if (url.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    throw new ConfigError('SMS_PROVIDER_URL must use https (plain http only to this machine)');
  return value;
}

function deepFreeze<T>(value: T): T {
  if (isObject(value) || Array.isArray(value)) {
    for (const v of Object.values(value as object)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
