import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { isKubeObject } from './inventory';
import { Manifest } from './types';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** One output to check as a whole, e.g. the manifests of one environment. */
export interface ManifestSet {
  /** Folder (or file) the set was read from. */
  readonly name: string;
  readonly manifests: Manifest[];
}

/**
 * Reads every *.yaml, *.yml and *.json file under `dir` (recursively, in sorted order), splitting multi-document
 * files and `kind: List` documents. Documents that are not Kubernetes objects (no apiVersion or kind, e.g.
 * construct-metadata.json) are skipped. Throws on a file that is not valid YAML/JSON, naming the file.
 */
export function loadManifestDir(dir: string): Manifest[] {
  return loadManifestFiles(manifestFiles(dir));
}

/** Reads the given manifest files; see loadManifestDir. */
export function loadManifestFiles(files: readonly string[]): Manifest[] {
  const manifests: Manifest[] = [];
  for (const source of files) {
    const docs = parseAllDocuments(fs.readFileSync(source, 'utf-8'));
    docs.forEach((doc, index) => {
      if (doc.errors.length > 0) throw new Error(`${source}: document ${index}: ${doc.errors[0].message}`);
      for (const object of expandLists(doc.toJS())) {
        if (isKubeObject(object)) manifests.push({ object, source, index });
      }
    });
  }
  return manifests;
}

/**
 * Splits a path into the outputs to check independently. A file, or a folder holding manifest files directly,
 * is one output. A folder holding only sub-folders (like dist/, with one folder per environment) gives one
 * output per sub-folder, so dev and prod objects never satisfy each other's references.
 */
export function loadManifestSets(target: string): ManifestSet[] {
  if (fs.statSync(target).isFile()) return [{ name: target, manifests: loadManifestFiles([target]) }];
  const entries = fs.readdirSync(target, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  if (entries.some(e => e.isFile() && MANIFEST_FILE.test(e.name))) {
    return [{ name: target, manifests: loadManifestDir(target) }];
  }
  return entries
    .filter(e => e.isDirectory())
    .map(e => path.join(target, e.name))
    .map(name => ({ name, manifests: loadManifestDir(name) }))
    .filter(set => set.manifests.length > 0);
}

/** Manifest files under `dir`, recursively, sorted for a stable report order. */
export function manifestFiles(dir: string): string[] {
  const files: string[] = [];
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) files.push(...manifestFiles(p));
    else if (e.isFile() && MANIFEST_FILE.test(e.name)) files.push(p);
  }
  return files;
}

function expandLists(object: any): any[] {
  if (isKubeObject(object) && /List$/.test(object.kind) && Array.isArray(object.items)) return object.items;
  return [object];
}
