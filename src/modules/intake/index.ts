// The intake module's only public door. Its features arrive with their issue; the routers are
// mounted now so the layout, the access-policy walk and the error handling already cover them.
import { Router } from 'express';
import type { AppModule, ModuleDeps } from '../../kernel/module.js';

export function createIntakeModule(_deps: ModuleDeps): AppModule {
  return { name: 'intake', api: Router(), pages: Router() };
}
