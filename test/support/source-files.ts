import * as fs from 'fs';
import * as path from 'path';

/**
 * The source files at `file`: itself, or every file below it when it is a folder (node_modules aside), whose name ends
 * in one of `extensions`, declaration files aside. Nothing when it does not exist.
 */
export function sourceFilesAt(file: string, extensions: string[] = ['.ts']): string[] {
  if (!fs.existsSync(file)) {
    return [];
  }
  if (fs.statSync(file).isDirectory()) {
    return fs.readdirSync(file).filter((name) => name !== 'node_modules').flatMap((name) => sourceFilesAt(path.join(file, name), extensions));
  }
  return extensions.some((ext) => file.endsWith(ext)) && !file.endsWith('.d.ts') ? [file] : [];
}
