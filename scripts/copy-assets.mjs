// After `tsc -p tsconfig.build.json`: copy the JSON catalogues next to the compiled code
// (src/kernel/<part>/locales and src/modules/<module>/locales), where the i18n loader looks for them.
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

for (const parent of ['kernel', 'modules']) {
  for (const part of readdirSync(join('src', parent))) {
    const from = join('src', parent, part, 'locales');
    if (existsSync(from)) cpSync(from, join('dist', parent, part, 'locales'), { recursive: true });
  }
}
