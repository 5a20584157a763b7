// loadConfig(env): defaults, environment overrides, production requirements, admin bootstrap
// settings, refused values, deep freezing. DATA_DIR always points at a temp dir: nothing is
// written in the repository (development keeps its generated session secret there).
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/kernel/config.js';

const LONG_SECRET = 'x'.repeat(32);
const MASTER_KEY = Buffer.alloc(32, 9).toString('base64');

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('loadConfig should have thrown a ConfigError');
}

describe('loadConfig(env)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'config-spec-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('defaults and overrides', () => {
    it('has the development defaults', () => {
      const config = loadConfig({ DATA_DIR: dataDir });
      expect(config.env).to.equal('development');
      expect(config.port).to.equal(3000);
      expect(config.demoData).to.equal(true);
      expect(config.dataDir).to.equal(dataDir);
      expect(config.mongodbUri).to.equal(null);
      expect(config.smtpUrl).to.equal(null);
      expect(config.adminEmail).to.equal(null);
      expect(config.defaultLanguage).to.equal('fr');
    });

    it('generates a development session secret once, in DATA_DIR, and keeps it', () => {
      const first = loadConfig({ DATA_DIR: dataDir });
      const file = join(dataDir, 'session-secret');
      expect(existsSync(file)).to.equal(true);
      expect(first.sessionSecret).to.have.length.of.at.least(32);
      expect(readFileSync(file, 'utf8').trim()).to.equal(first.sessionSecret);
      expect(loadConfig({ DATA_DIR: dataDir }).sessionSecret).to.equal(first.sessionSecret);
    });

    it('takes PORT, DATA_DIR, DEMO_DATA, MONGODB_URI and SMTP_URL from the environment', () => {
      const config = loadConfig({
        DATA_DIR: dataDir,
        PORT: '4123',
        DEMO_DATA: 'false',
        MONGODB_URI: 'mongodb://db.test.example:27017/app',
        SMTP_URL: 'smtp://mail.test.example:587',
      });
      expect(config.port).to.equal(4123);
      expect(config.dataDir).to.equal(dataDir);
      expect(config.demoData).to.equal(false);
      expect(config.mongodbUri).to.equal('mongodb://db.test.example:27017/app');
      expect(config.smtpUrl).to.equal('smtp://mail.test.example:587');
    });

    it('uses SESSION_SECRET when given, without writing a file', () => {
      const config = loadConfig({ DATA_DIR: dataDir, SESSION_SECRET: 'given-secret' });
      expect(config.sessionSecret).to.equal('given-secret');
      expect(existsSync(join(dataDir, 'session-secret'))).to.equal(false);
    });

    it('requires MASTER_KEY, 32 bytes in base64', () => {
      const production = { NODE_ENV: 'production', DATA_DIR: dataDir, MONGODB_URI: 'mongodb://db.test.example', SESSION_SECRET: LONG_SECRET };
      expect(configError(() => loadConfig(production)).message).to.include('MASTER_KEY');
      expect(configError(() => loadConfig({ ...production, MASTER_KEY: Buffer.alloc(16, 1).toString('base64') })).message).to.include('32 random bytes');
      expect(configError(() => loadConfig({ ...production, MASTER_KEY: 'not base64 at all!' })).message).to.include('MASTER_KEY');
    });
  });

  describe('production', () => {
    it('requires SESSION_SECRET', () => {
      const error = configError(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, MONGODB_URI: 'mongodb://db.test.example' }));
      expect(error.message).to.include('SESSION_SECRET');
    });

    it('refuses a short SESSION_SECRET', () => {
      const error = configError(() =>
        loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, MONGODB_URI: 'mongodb://db.test.example', SESSION_SECRET: 'x'.repeat(31) }),
      );
      expect(error.message).to.include('SESSION_SECRET');
    });

    it('requires MONGODB_URI', () => {
      const error = configError(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, SESSION_SECRET: LONG_SECRET }));
      expect(error.message).to.include('MONGODB_URI');
    });

    it('starts with a 32-character secret and MONGODB_URI, without demo data', () => {
      const config = loadConfig({
        NODE_ENV: 'production',
        DATA_DIR: dataDir,
        MONGODB_URI: 'mongodb://db.test.example',
        SESSION_SECRET: LONG_SECRET,
        MASTER_KEY,
      });
      expect(config.env).to.equal('production');
      expect(config.masterKey).to.equal(MASTER_KEY);
      expect(existsSync(join(dataDir, 'master-key'))).to.equal(false);
      expect(config.sessionSecret).to.equal(LONG_SECRET);
      expect(config.mongodbUri).to.equal('mongodb://db.test.example');
      expect(config.demoData).to.equal(false);
      expect(existsSync(join(dataDir, 'session-secret'))).to.equal(false);
    });
  });

  describe('refused settings', () => {
    it('refuses ADMIN_EMAIL without ADMIN_PASSWORD, and the reverse', () => {
      expect(configError(() => loadConfig({ DATA_DIR: dataDir, ADMIN_EMAIL: 'admin@test.example' })).message).to.include('ADMIN_PASSWORD');
      expect(configError(() => loadConfig({ DATA_DIR: dataDir, ADMIN_PASSWORD: 'a long enough password' })).message).to.include('ADMIN_EMAIL');
    });

    it('refuses an ADMIN_PASSWORD shorter than 12 characters, accepts 12', () => {
      const error = configError(() => loadConfig({ DATA_DIR: dataDir, ADMIN_EMAIL: 'admin@test.example', ADMIN_PASSWORD: 'x'.repeat(11) }));
      expect(error.message).to.include('ADMIN_PASSWORD');
      const config = loadConfig({ DATA_DIR: dataDir, ADMIN_EMAIL: 'admin@test.example', ADMIN_PASSWORD: 'x'.repeat(12) });
      expect(config.adminEmail).to.equal('admin@test.example');
      expect(config.adminPassword).to.equal('x'.repeat(12));
    });

    it('refuses DEMO_DATA that is not a boolean, naming it', () => {
      const error = configError(() => loadConfig({ DATA_DIR: dataDir, DEMO_DATA: 'maybe' }));
      expect(error.message).to.include('DEMO_DATA');
    });

    it('takes MAIL_POLL_SECONDS, the outbox poll, and refuses one that is not a number of seconds', () => {
      expect(loadConfig({ DATA_DIR: dataDir, MAIL_POLL_SECONDS: '1' }).mail.pollSeconds).to.equal(1);
      expect(loadConfig({ DATA_DIR: dataDir }).mail.pollSeconds).to.equal(5);
      expect(configError(() => loadConfig({ DATA_DIR: dataDir, MAIL_POLL_SECONDS: 'often' })).message).to.include('/mail/pollSeconds');
      expect(configError(() => loadConfig({ DATA_DIR: dataDir, MAIL_POLL_SECONDS: '-1' })).message).to.include('/mail/pollSeconds');
    });

    it('refuses an unknown NODE_ENV', () => {
      const error = configError(() => loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'staging' }));
      expect(error.message).to.include('NODE_ENV');
    });

    it('refuses a PORT that is not a port number', () => {
      expect(configError(() => loadConfig({ DATA_DIR: dataDir, PORT: 'abc' })).message).to.include('/port');
      expect(configError(() => loadConfig({ DATA_DIR: dataDir, PORT: '70000' })).message).to.include('/port');
    });
  });

  it('returns a deeply frozen object', () => {
    const config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test' });
    expect(Object.isFrozen(config)).to.equal(true);
    expect(Object.isFrozen(config.mail)).to.equal(true);
    expect(Object.isFrozen(config.session)).to.equal(true);
    expect(Object.isFrozen(config.languages)).to.equal(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).to.throw(TypeError);
    expect(() => {
      (config.mail as { maxAttempts: number }).maxAttempts = 1;
    }).to.throw(TypeError);
    expect(config.mail.maxAttempts).to.not.equal(1);
  });
});
