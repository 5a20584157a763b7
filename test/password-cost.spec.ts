// The argon2id cost comes from config.passwordHashing: OWASP's in production (a weaker production
// config stops the start), a low one in tests; hashes made at one cost verify at another.
import { expect } from 'chai';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hashPassword, usePasswordCost, verifyPassword } from '../src/kernel/auth/passwords.js';
import { ConfigError, loadConfig } from '../src/kernel/config.js';

const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  MONGODB_URI: 'mongodb://db.test.example',
  SESSION_SECRET: 'x'.repeat(32),
  MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
};

describe('password hashing cost', () => {
  let configDir: string;
  beforeEach(() => {
    configDir = mkdtempSync(join(tmpdir(), 'password-cost-'));
    copyFileSync(resolve('config/default.json'), join(configDir, 'default.json'));
  });
  afterEach(() => {
    rmSync(configDir, { recursive: true, force: true });
    usePasswordCost(loadConfig({ NODE_ENV: 'test' }).passwordHashing);
  });

  function withFile(name: string, content: object): string {
    writeFileSync(join(configDir, name), JSON.stringify(content));
    return configDir;
  }

  it('is OWASP’s in production and development, low in tests', () => {
    const dataDir = join(configDir, 'data');
    expect(loadConfig({ ...PRODUCTION_ENV, DATA_DIR: dataDir }).passwordHashing).to.deep.equal({ memoryCost: 19_456, timeCost: 2 });
    expect(loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir }).passwordHashing).to.deep.equal({ memoryCost: 19_456, timeCost: 2 });
    expect(loadConfig({ NODE_ENV: 'test' }).passwordHashing).to.deep.equal({ memoryCost: 1024, timeCost: 1 });
  });

  it('stops a production start whose cost is below OWASP’s minimum, naming the settings', () => {
    const dir = withFile('production.json', { passwordHashing: { memoryCost: 1024, timeCost: 1 } });
    expect(() => loadConfig(PRODUCTION_ENV, dir))
      .to.throw(ConfigError, /too weak for production/)
      .with.property('message')
      .that.matches(/passwordHashing\.memoryCost must be >= 19456/)
      .and.matches(/passwordHashing\.timeCost must be >= 2/);
  });

  it('lets production be costlier than the minimum', () => {
    const dir = withFile('production.json', { passwordHashing: { memoryCost: 47_104, timeCost: 3 } });
    expect(loadConfig(PRODUCTION_ENV, dir).passwordHashing).to.deep.equal({ memoryCost: 47_104, timeCost: 3 });
  });

  it('refuses, in any environment, a cost argon2 cannot take, an unknown setting or a missing one', () => {
    const invalid = (passwordHashing: object) => () => loadConfig({ NODE_ENV: 'test' }, withFile('test.json', { passwordHashing }));
    expect(invalid({ memoryCost: 512, timeCost: 1 })).to.throw(ConfigError, /\/passwordHashing\/memoryCost must be >= 1024/);
    expect(invalid({ memoryCost: 1024, timeCost: 0 })).to.throw(ConfigError, /\/passwordHashing\/timeCost must be >= 1/);
    expect(invalid({ memoryCost: 1024, timeCost: 1, parallelism: 4 })).to.throw(ConfigError, /\/passwordHashing must NOT have additional properties/);
    expect(invalid({ memoryCost: 1024.5, timeCost: 1 })).to.throw(ConfigError, /\/passwordHashing\/memoryCost must be integer/);
    // default.json holds both settings (test.json only overrides), so drop one there to see it required.
    rmSync(join(configDir, 'test.json'));
    writeFileSync(join(configDir, 'default.json'), JSON.stringify({ ...loadDefault(), passwordHashing: { memoryCost: 19_456 } }));
    expect(() => loadConfig({ NODE_ENV: 'test' }, configDir)).to.throw(ConfigError, /\/passwordHashing must have required property 'timeCost'/);
  });

  it('hashes at the configured cost, and verifies hashes made at another cost', async () => {
    usePasswordCost({ memoryCost: 1024, timeCost: 1 });
    const cheap = await hashPassword('correct horse battery staple');
    expect(cheap).to.match(/^\$argon2id\$v=19\$m=1024,p=1,t=1\$/);

    usePasswordCost({ memoryCost: 19_456, timeCost: 2 });
    const owasp = await hashPassword('correct horse battery staple');
    expect(owasp).to.match(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await verifyPassword(cheap, 'correct horse battery staple')).to.equal(true);
    expect(await verifyPassword(cheap, 'correct horse battery stapler')).to.equal(false);

    usePasswordCost({ memoryCost: 1024, timeCost: 1 });
    expect(await verifyPassword(owasp, 'correct horse battery staple')).to.equal(true);
    expect(await verifyPassword(owasp, 'wrong horse battery staple')).to.equal(false);
    expect(await verifyPassword(null, 'correct horse battery staple')).to.equal(false);
  });
});

function loadDefault(): Record<string, unknown> {
  return JSON.parse(readFileSync(resolve('config/default.json'), 'utf8')) as Record<string, unknown>;
}
