// The directory module's only public door: the local network (services by commune, helplines),
// kept by the coordinator, read by everyone signed in; followup shows it to families and records
// the worker's introductions through intake.
import type { AppModule } from '../../kernel/module.js';
import { directoryApi } from './directory.api.js';
import { directoryPages } from './directory.pages.js';
import { DirectoryService } from './directory.service.js';

export interface DirectoryModule extends AppModule {
  directory: DirectoryService;
}

export function createDirectoryModule(): DirectoryModule {
  const directory = new DirectoryService();
  return { name: 'directory', api: directoryApi(directory), pages: directoryPages(directory), directory };
}

export { DirectoryService } from './directory.service.js';
export { DIRECTORY_KINDS, type DirectoryEntry, type DirectoryKind } from './directory.model.js';
export { presentEntry, type PresentedEntry } from './directory.presenters.js';
export type { EntryInput } from './directory.schemas.js';
