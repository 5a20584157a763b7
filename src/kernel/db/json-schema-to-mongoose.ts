// The Mongoose schema of a value described by an ajv JSON schema, so that what is stored cannot
// drift from what is validated. Validation stays with ajv, which runs before every write; here:
// - nothing is required and nothing has a default (a draft is partial; an absent array stays absent);
// - nothing is converted (`cast: false`): a value of another type is a bug, and fails the write
//   instead of being stored as something else;
// - every object is closed (`additionalProperties: false`), so the stored schema's `strict` only
//   drops what ajv refuses anyway; empty objects are kept (`minimize: false`).
// A keyword not handled below throws at module load: it needs a decision here before it is used.
import { Schema } from 'mongoose';

/** Keywords that only constrain a value ajv has already checked: nothing to store differently. */
const VALIDATION_ONLY = [
  'required',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'uniqueItems',
];

const LEAVES = { string: String, number: Number, integer: Number, boolean: Boolean } as const;
const NESTED = { _id: false, minimize: false } as const;

export interface MongooseSchemaOptions {
  /**
   * Paths stored as strings whatever their JSON type: sealed values (kernel/crypto/sealed-fields.ts),
   * relative to the root, "*" for the items of an array.
   */
  asString?: readonly string[];
}

type JsonNode = Record<string, unknown>;

class Converter {
  readonly found = new Set<string>();

  constructor(private readonly asString: ReadonlySet<string>) {}

  node(node: JsonNode, path: string): unknown {
    if (this.asString.has(path)) {
      this.found.add(path);
      return { type: String, cast: false };
    }
    switch (node.type) {
      case 'object':
        return { type: this.object(node, path) };
      case 'array': {
        only(node, path, ['type', 'nullable', 'items']);
        if (!isNode(node.items)) fail(path, '"items" must be one schema');
        return { type: [this.node(node.items, join(path, '*'))], default: undefined };
      }
      case 'string':
      case 'number':
      case 'integer':
      case 'boolean': {
        only(node, path, ['type', 'nullable', 'enum']);
        if (node.enum === undefined) return { type: LEAVES[node.type], cast: false };
        if (node.type === 'boolean' || !Array.isArray(node.enum)) fail(path, `"enum" is not supported here`);
        return { type: LEAVES[node.type], cast: false, enum: node.enum };
      }
      default:
        return fail(path, `unsupported type ${JSON.stringify(node.type)}`);
    }
  }

  object(node: JsonNode, path: string): Schema {
    only(node, path, ['type', 'nullable', 'properties', 'additionalProperties']);
    if (node.additionalProperties !== false) fail(path, 'objects must set "additionalProperties": false');
    const properties = (node.properties ?? {}) as Record<string, unknown>;
    const definition: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(properties)) {
      if (!isNode(child)) fail(join(path, key), 'not a schema');
      definition[key] = this.node(child, join(path, key));
    }
    return new Schema(definition, NESTED);
  }
}

function only(node: JsonNode, path: string, allowed: string[]): void {
  for (const key of Object.keys(node)) if (!allowed.includes(key) && !VALIDATION_ONLY.includes(key)) fail(path, `unsupported keyword "${key}"`);
}

function isNode(value: unknown): value is JsonNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function fail(path: string, message: string): never {
  throw new Error(`json-schema-to-mongoose: ${path || '(root)'}: ${message}`);
}

/** The sub-schema (no `_id`) of an object described by `jsonSchema`. */
export function mongooseSchemaOf(jsonSchema: object, options: MongooseSchemaOptions = {}): Schema {
  const asString = new Set(options.asString ?? []);
  const converter = new Converter(asString);
  if (!isNode(jsonSchema) || jsonSchema.type !== 'object') fail('', 'the root must be an object schema');
  const schema = converter.object(jsonSchema, '');
  const unknown = [...asString].filter((path) => !converter.found.has(path));
  if (unknown.length) fail('', `no such path to store as a string: ${unknown.join(', ')}`);
  return schema;
}
