import * as fs from 'fs';
import * as path from 'path';
import { readYamlDocuments } from '../core/read-yaml';
import { isKubeObject, looksLikeKubeObject } from './inventory';
import { Manifest } from './types';
import { compareStrings } from '../core/compare';

/** The files `kubectl apply -f <folder>` reads; anything else (README.md, TRAFFIC.md) is not a manifest. */
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** Whether a file name is one of a manifest: `*.yaml`, `*.yml` or `*.json`. */
export function isManifestFile(name: string): boolean {
  return MANIFEST_FILE.test(name);
}

/** One output to check as a whole, e.g. the manifests of one environment. */
export interface ManifestSet {
  /** Folder (or file) the set was read from. */
  readonly name: string;
  readonly manifests: Manifest[];
}

/**
 * Reads every *.yaml, *.yml and *.json file under `dir` (recursively, in sorted order), splitting multi-document
 * files and `kind: List` documents. Documents that are not Kubernetes objects (no apiVersion or kind, e.g.
 * construct-metadata.json) are skipped, unless they look like a broken one (see looksLikeKubeObject). Throws on a file that is not valid YAML/JSON, naming the file.
 */
export function loadManifestDir(dir: string): Manifest[] {
  return loadManifestFiles(manifestFiles(dir));
}

/** Reads the given manifest files; see loadManifestDir. */
export function loadManifestFiles(files: readonly string[]): Manifest[] {
  return files.flatMap(source => parseManifestText(fs.readFileSync(source, 'utf-8'), source).filter(m => isKubeObject(m.object) || looksLikeKubeObject(m.object)));
}

/**
 * Parses the text of one manifest file (multi-document YAML, or JSON): every non-empty document, with Lists
 * (`kind: List`, `ConfigMapList`, ...) flattened into their items as kubectl does. Documents are returned whether
 * they are Kubernetes objects or not; each caller decides what to do with the others. `source` names the file in
 * the result and in the error thrown for invalid YAML/JSON. Read as kubectl reads it (YAML 1.1, see readYamlDocuments).
 */
export function parseManifestText(text: string, source: string): Manifest[] {
  const manifests: Manifest[] = [];
  readYamlDocuments(text, source).forEach((value, index) => {
    if (value === null || value === undefined) return;
    for (const object of expandLists(value)) manifests.push({ object, source, index });
  });
  return manifests;
}

/**
 * Splits a path into the outputs to check independently. A manifest file, or a folder holding manifest files
 * directly, is one output. A folder holding only sub-folders (like dist/, with one folder per environment) gives
 * one output per sub-folder, so dev and prod objects never satisfy each other's references. Outputs without a
 * Kubernetes object are left out: an empty result means nothing readable (a file that is not `*.yaml`, `*.yml` or
 * `*.json` included). Throws, naming the path, when it does not exist.
 */
export function loadManifestSets(target: string): ManifestSet[] {
  if (!fs.existsSync(target)) throw new Error(`${target}: no such file or folder`);
  let sets: ManifestSet[];
  if (fs.statSync(target).isFile()) {
    sets = isManifestFile(target) ? [{ name: target, manifests: loadManifestFiles([target]) }] : [];
  } else {
    const entries = fs.readdirSync(target, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name));
    sets = entries.some(e => e.isFile() && isManifestFile(e.name))
      ? [{ name: target, manifests: loadManifestDir(target) }]
      : entries.filter(e => e.isDirectory()).map(e => path.join(target, e.name)).map(name => ({ name, manifests: loadManifestDir(name) }));
  }
  return sets.filter(set => set.manifests.length > 0);
}

/**
 * Manifest files in `dir`, sorted for a stable report order; with `recursive` (the default) also those of
 * every sub-folder, as `kubectl apply -R -f` reads them.
 */
export function manifestFiles(dir: string, options: { readonly recursive?: boolean } = {}): string[] {
  const recursive = options.recursive ?? true;
  const files: string[] = [];
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && recursive) files.push(...manifestFiles(p, options));
    else if (e.isFile() && isManifestFile(e.name)) files.push(p);
  }
  return files;
}

function expandLists(object: any): any[] {
  if (isKubeObject(object) && /List$/.test(object.kind) && Array.isArray(object.items)) return object.items;
  return [object];
}
