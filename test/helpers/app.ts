import type { Express } from 'express';
import { createApp } from '../../src/app';
import { importCatalog } from '../../src/booklets/importer';
import { composeServices, ComposeOptions } from '../../src/compose';
import { openDatabase } from '../../src/storage/db';

export type TestServices = ReturnType<typeof composeServices>;

/** A fresh in-memory database with the given booklets folder imported, and the app around it. */
export function createTestApp(bookletsDir: string, options: ComposeOptions = {}): { app: Express; deps: TestServices } {
  const db = openDatabase(':memory:');
  const deps = composeServices(db, options);
  importCatalog(deps.repo, deps.languageAdmin, bookletsDir);
  return { app: createApp({ ...deps, onServerError: () => undefined }), deps };
}
