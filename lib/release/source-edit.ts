import * as ts from 'typescript';
import { ZodTypeAny } from 'zod';
import { environmentSchema } from '../config/schema';
import { shapeOf, unionOption } from '../config/schema-walk';

/**
 * Edits one value of an environment file (`lib/config/environments/<env>.ts`) in place, keeping every other
 * character: the file's exported object literal, or for a derived environment the overrides passed to
 * `inherit(base, overrides, ...)`. A value the file inherits gets an override inserted, down to the first
 * value that replaces as a whole under the inheritance rules (a list, a union such as `delivery`, a scalar).
 */
export class SourceEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceEditError';
  }
}

/**
 * `text` with the value at `path` set. `resolved` is the environment as it is now with defaults applied
 * (what `inherit` produced), from which an inserted override takes the siblings it must repeat.
 */
export function setEnvironmentValue(text: string, file: string, path: readonly (string | number)[], value: unknown, resolved: unknown): string {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const { literal, derived } = rootLiteral(source, file);
  let node: ts.Expression = literal;
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth];
    const child = childOf(node, segment);
    if (child) {
      node = child;
      continue;
    }
    if (!derived || !ts.isObjectLiteralExpression(node)) {
      throw new SourceEditError(`${file}: ${describe(path.slice(0, depth + 1))} is not written as a literal here; edit it by hand`);
    }
    return insert(text, node, path, depth, value, resolved);
  }
  return replaceNode(text, node, toLiteral(value));
}

function rootLiteral(source: ts.SourceFile, file: string): { literal: ts.ObjectLiteralExpression; derived: boolean } {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement) || !statement.modifiers?.some(m => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const init = declaration.initializer;
      if (init && ts.isObjectLiteralExpression(init)) return { literal: init, derived: false };
      if (init && ts.isCallExpression(init) && init.expression.getText() === 'inherit' && init.arguments[1] && ts.isObjectLiteralExpression(init.arguments[1])) {
        return { literal: init.arguments[1], derived: true };
      }
    }
  }
  throw new SourceEditError(`${file}: no exported environment object (or inherit(base, { ... }, ...) call) found`);
}

function childOf(node: ts.Expression, segment: string | number): ts.Expression | undefined {
  if (typeof segment === 'number') return ts.isArrayLiteralExpression(node) ? node.elements[segment] : undefined;
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  for (const property of node.properties) {
    if (ts.isPropertyAssignment(property) && propertyName(property.name) === segment) return property.initializer;
  }
  return undefined;
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

/** Inserts `key: <override>` into `parent`, the literal at `path[0..depth)`, for a value the file inherits. */
function insert(text: string, parent: ts.ObjectLiteralExpression, path: readonly (string | number)[], depth: number, value: unknown, resolved: unknown): string {
  // The first value below the insertion point that replaces as a whole (inherit.ts) is written out completely.
  let schema: ZodTypeAny | undefined = environmentSchema;
  let whole = path.length;
  for (let i = 0; i < path.length && schema; i++) {
    const shape = shapeOf(schema);
    if (i > depth && shape.kind !== 'object' && shape.kind !== 'record') {
      whole = i;
      break;
    }
    const here = path.slice(0, i).reduce<any>((n, k) => n?.[k], resolved);
    schema = shape.kind === 'object' ? shape.fields[path[i] as string]
      : shape.kind === 'record' ? shape.values
        : shape.kind === 'array' ? shape.element
          : shape.kind === 'union' ? unionOption(shape, here) : undefined;
  }
  const current = structuredClone(path.slice(0, whole).reduce<any>((n, k) => n?.[k], resolved));
  let override: unknown = value;
  if (whole < path.length) {
    let cursor = current;
    for (const step of path.slice(whole, -1)) cursor = cursor[step];
    cursor[path[path.length - 1]] = value;
    override = current;
  }
  for (const step of [...path.slice(depth + 1, whole)].reverse()) override = { [step]: override };
  const entry = `${key(path[depth] as string)}: ${toLiteral(override)}`;
  const at = parent.properties.end;
  const comma = parent.properties.length > 0 && !parent.properties.hasTrailingComma ? ',' : '';
  const source = parent.getSourceFile();
  const oneLine = source.getLineAndCharacterOfPosition(parent.getStart()).line === source.getLineAndCharacterOfPosition(parent.getEnd()).line;
  const insertion = oneLine
    ? `${comma}${parent.properties.length > 0 ? ' ' : ''}${entry}${parent.properties.length > 0 ? '' : ' '}`
    : `${comma}\n${indentOf(text, parent)}  ${entry},`;
  return text.slice(0, at) + insertion + text.slice(at);
}

function indentOf(text: string, node: ts.Node): string {
  const lineStart = text.lastIndexOf('\n', node.getStart()) + 1;
  return /^\s*/.exec(text.slice(lineStart))![0];
}

function replaceNode(text: string, node: ts.Node, replacement: string): string {
  return text.slice(0, node.getStart()) + replacement + text.slice(node.getEnd());
}

function key(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`;
}

/** A value as TypeScript source on one line: single-quoted strings, unquoted identifier keys. */
export function toLiteral(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(toLiteral).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${key(k)}: ${toLiteral(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

function describe(path: readonly (string | number)[]): string {
  return path.map((p, i) => typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`).join('');
}
