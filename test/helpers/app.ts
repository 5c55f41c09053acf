import type { Express } from 'express';
import { createApp } from '../../src/app';
import { importBooklets } from '../../src/booklets/importer';
import { composeServices, ComposeOptions } from '../../src/compose';
import { openDatabase } from '../../src/storage/db';

export type TestServices = ReturnType<typeof composeServices>;

/** A fresh in-memory database with the given booklets folder imported, and the app around it. */
export function createTestApp(bookletsDir: string, options: ComposeOptions = {}): { app: Express; deps: TestServices } {
  const db = openDatabase(':memory:');
  const deps = composeServices(db, options);
  importBooklets(deps.repo, bookletsDir);
  return { app: createApp({ ...deps, onServerError: () => undefined }), deps };
}
