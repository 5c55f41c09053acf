import fs from 'node:fs';
import { openDatabase } from '../../src/storage/db';

/** A database file with enough rows for several b-tree pages, closed and checkpointed. */
export function databaseWithRows(file: string, rows = 2000): void {
  const db = openDatabase(file);
  db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL); CREATE INDEX filler_body ON filler (body)');
  const insert = db.prepare('INSERT INTO filler (body) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(`row ${i} ${'x'.repeat(100)}`);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** Overwrites the start (header and first cells) of four pages in the middle of the file, as a failing disk or a stray write would. */
export function damagePages(file: string): void {
  const bytes = fs.readFileSync(file);
  const pageSize = bytes.readUInt16BE(16);
  const pages = bytes.length / pageSize;
  for (let p = Math.floor(pages / 2); p < Math.floor(pages / 2) + 4; p++) bytes.fill(0x55, p * pageSize, p * pageSize + 400);
  fs.writeFileSync(file, bytes);
}
