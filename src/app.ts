// createApp(deps): middleware, module routers, 404, one error handler. Needs an open database
// connection (the session store uses it).
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { join } from 'node:path';
import type { Config } from './kernel/config.js';
import { keyring } from './kernel/crypto/keyring.js';
import { createPrivacyModule, type PrivacyModule } from './modules/privacy/index.js';
import type { Logger } from './kernel/logger.js';
import { auditRoutes } from './kernel/audit/audit.pages.js';
import { usePasswordCost } from './kernel/auth/passwords.js';
import { accountsApi } from './kernel/auth/accounts.api.js';
import { accountsPages } from './kernel/auth/accounts.pages.js';
import { AccountsService } from './kernel/auth/accounts.service.js';
import { LoginThrottle } from './kernel/auth/login-throttle.js';
import { removeOldActions } from './kernel/auth/action-limit.js';
import { configurePassport } from './kernel/auth/passport.js';
import { assertEveryRouteHasPolicy } from './kernel/auth/policy.js';
import { engineIsUp } from './kernel/db/connection.js';
import { ServiceUnavailableError } from './kernel/errors.js';
import { EventBus } from './kernel/events.js';
import { csrfProtection } from './kernel/http/csrf.js';
import { errorHandler, notFound } from './kernel/http/error-handler.js';
import { formStateMiddleware } from './kernel/http/forms.js';
import { formatTime } from './kernel/i18n/format.js';
import { reportMissingKeys } from './kernel/i18n/index.js';
import { idempotency, removeExpiredIdempotencyKeys } from './kernel/http/idempotency.js';
import { removeOldCaseReads } from './kernel/audit/unusual-access.js';
import { languageMiddleware } from './kernel/http/language.js';
import { absoluteTimeout, saveSessionBeforeRedirect, sessionMiddleware } from './kernel/http/session.js';
import { healthRoutes, siteRoutes } from './kernel/http/site.routes.js';
import { configureViews } from './kernel/http/views.js';
import { outboxPages } from './kernel/mail/outbox.pages.js';
import { bodyLimits } from './kernel/http/body-limits.js';
import { Outbox } from './kernel/mail/outbox.service.js';
import { createSmsProvider } from './kernel/mail/sms-provider.js';
import { createTransport } from './kernel/mail/transport.js';
import type { AppModule } from './kernel/module.js';
import type { Scheduler } from './kernel/scheduler.js';
import { createConformityModule, type ConformityModule } from './modules/conformity/index.js';
import { createDirectoryModule, type DirectoryModule } from './modules/directory/index.js';
import { createFollowupModule, type FollowupModule } from './modules/followup/index.js';
import { createIntakeModule, type IntakeModule } from './modules/intake/index.js';
import { createMatchingModule, type MatchingModule } from './modules/matching/index.js';

/** Each role's home page after signing in or registering. */
const LANDING = { parent: '/my/application', host: '/my/offer', partner: '/referrals', worker: '/work/dashboard', coordinator: '/work/dashboard' } as const;

export interface AppDeps {
  config: Readonly<Config>;
  logger: Logger;
  /** Defaults to an outbox on the configured SMTP transport. */
  outbox?: Outbox;
}

export interface NamedModules {
  intake: IntakeModule;
  matching: MatchingModule;
  conformity: ConformityModule;
  directory: DirectoryModule;
  followup: FollowupModule;
  privacy: PrivacyModule;
}

export interface App {
  express: Express;
  outbox: Outbox;
  accounts: AccountsService;
  throttle: LoginThrottle;
  events: EventBus;
  modules: AppModule[];
  /** The same modules by name, each with its own services (the demo seeders and tests call them). */
  named: NamedModules;
  /** Registers the recurring jobs (mail delivery, clean-ups, modules' jobs). */
  schedule(scheduler: Scheduler): void;
  close(): Promise<void>;
}

export function createApp(deps: AppDeps): App {
  const { config, logger } = deps;
  keyring.configure(Buffer.from(config.masterKey, 'base64'));
  // A key missing from every catalogue shows on the page as the key: loud outside production, logged in it.
  // Password hashing at the configured cost (OWASP's in production, checked by loadConfig; low in tests).
  usePasswordCost(config.passwordHashing);
  reportMissingKeys(config.env === 'production' ? (key, lang) => logger.warn({ key, lang }, 'i18n: missing catalogue key') : 'stderr');
  const outbox =
    deps.outbox ??
    new Outbox(
      { ...config.mail, publicUrl: config.publicUrl, contact: config.contact },
      createTransport(config.smtpUrl),
      logger,
      createSmsProvider(config.smsProviderUrl),
    );
  const throttle = new LoginThrottle(config.login);
  const accounts = new AccountsService(config, outbox, throttle);
  const events = new EventBus(logger);
  const pp = configurePassport(accounts);
  const moduleDeps = { config, logger, outbox, events };
  // Dependencies point towards intake: the others are given intake's public services.
  const intake = createIntakeModule(moduleDeps);
  const matching = createMatchingModule(moduleDeps, intake);
  const directory = createDirectoryModule();
  const followup = createFollowupModule(moduleDeps, intake, matching, directory);
  const named: NamedModules = {
    intake,
    matching,
    conformity: createConformityModule(moduleDeps, intake),
    directory,
    followup,
    privacy: createPrivacyModule(moduleDeps, accounts, intake, matching, followup),
  };
  const modules: AppModule[] = [intake, matching, named.conformity, directory, followup, named.privacy];

  const app = express();
  app.disable('x-powered-by');
  // Off unless configured: otherwise any client could choose its address (rate limits, audit).
  app.set('trust proxy', config.trustProxy ?? false);
  app.set('query parser', 'simple');
  // Every page (the error pages too) may say how to reach the service: views/partials/contact.njk.
  configureViews(app, config.rootDir, { watch: config.env === 'development' }).addGlobal('serviceContact', config.contact);

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        // Fonts, scripts and styles are the app's own: nothing is fetched from elsewhere.
        directives: {
          'script-src': ["'self'"],
          'style-src': ["'self'"],
          'font-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
        },
      },
      strictTransportSecurity: config.env === 'production',
    }),
  );
  app.use('/static', express.static(join(config.rootDir, 'public'), { maxAge: config.env === 'production' ? '7d' : 0, index: false }));
  app.use(healthRoutes());
  // While the embedded engine restarts, every request answers 503 at once (no session is touched).
  app.use((_req: Request, _res: Response, next: NextFunction) => next(engineIsUp() ? undefined : new ServiceUnavailableError()));

  const { middleware: session, store } = sessionMiddleware(config);
  app.use(session);
  app.use(saveSessionBeforeRedirect);
  app.use(pp.initialize());
  app.use(pp.session());
  app.use(absoluteTimeout(config));
  app.use(languageMiddleware({ secureCookies: config.env === 'production', saveUserLanguage: (id, lang) => accounts.updateProfile(id, { language: lang }) }));
  app.use(express.json({ limit: '200kb', strict: true }));
  app.use(express.urlencoded({ extended: true, limit: '200kb', parameterLimit: 500 }));
  app.use(bodyLimits);
  app.use(csrfProtection);
  app.use(formStateMiddleware);
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.locals.currentUser = req.user ?? null;
    res.locals.currentPath = req.path;
    res.locals.showOutbox = config.env !== 'production' && req.user?.role === 'coordinator';
    // Until when a signed-in page stays usable without sending anything (the idle timeout), for forms to say so.
    if (req.user) {
      const until = new Date(Date.now() + config.session.idleMinutes * 60_000);
      res.locals.sessionUntil = { iso: until.toISOString(), time: formatTime(until, req.lang) };
    }
    // Pages of a signed-in person, every API answer (the login's carries a CSRF token) and the
    // account forms are private: never kept by a browser or a proxy.
    if (req.user || req.path.startsWith('/api/') || /^\/(login|register|password|verify-email|account)/.test(req.path))
      res.setHeader('Cache-Control', 'no-store');
    next();
  });

  app.use('/api/v1', idempotency());
  app.use(siteRoutes());
  app.use(accountsPages(accounts, pp, (role) => LANDING[role]));
  app.use('/api/v1', accountsApi(accounts, pp));
  for (const module of modules) {
    app.use('/api/v1', module.api);
    app.use(module.pages);
  }
  app.use(auditRoutes(config, outbox, logger));
  if (config.env !== 'production') app.use(outboxPages(outbox));

  app.use(notFound);
  app.use(errorHandler(config, logger));
  assertEveryRouteHasPolicy(app);

  return {
    express: app,
    outbox,
    accounts,
    throttle,
    events,
    modules,
    named,
    schedule(scheduler) {
      scheduler.every('mail.deliver', config.mail.pollSeconds, () => outbox.deliverDue());
      scheduler.every('mail.claims.cleanup', 3600, () => outbox.removeOldClaims());
      scheduler.every('login.cleanup', 15 * 60, () => throttle.removeExpired());
      scheduler.every('actions.cleanup', 3600, () => removeOldActions());
      scheduler.every('sessions.cleanup', config.session.cleanupIntervalMinutes * 60, () => store.removeExpired());
      scheduler.every('idempotency.cleanup', 3600, () => removeExpiredIdempotencyKeys());
      scheduler.every('audit.caseReads.cleanup', 3600, () => removeOldCaseReads());
      for (const module of modules) module.schedule?.(scheduler);
    },
    async close() {
      // nothing of its own to release: the database connection belongs to the caller
    },
  };
}
