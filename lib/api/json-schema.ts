/** The JSON Schema keywords the reference reads; anything else in a schema is ignored. */
export interface JsonSchema {
  $ref?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  example?: unknown;
  examples?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  deprecated?: boolean;
}

/** Looks up `#/components/schemas/…`; the caller decides what an unknown reference means. */
export type SchemaResolver = (ref: string) => JsonSchema | undefined;

export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  return schema.type ? [schema.type] : [];
}

function isNullOnly(schema: JsonSchema): boolean {
  const types = typesOf(schema);
  return types.length === 1 && types[0] === 'null';
}

/** The variants of an `anyOf`/`oneOf`, without a `null` one (shown as "nullable" instead). */
export function unionVariants(schema: JsonSchema): { variants: JsonSchema[]; nullable: boolean } | null {
  const union = schema.oneOf ?? schema.anyOf;
  if (!union) return null;
  const variants = union.filter((v) => !isNullOnly(v));
  return { variants, nullable: variants.length < union.length };
}

export function isNullable(schema: JsonSchema): boolean {
  return typesOf(schema).includes('null') || (unionVariants(schema)?.nullable ?? false);
}

/** A short type for a table cell: `string`, `array of string`, `Problem`, `one of 2 types`. */
export function typeLabel(schema: JsonSchema): string {
  if (schema.$ref) return refName(schema.$ref);
  const union = unionVariants(schema);
  if (union) {
    if (union.variants.length === 1) return typeLabel(union.variants[0]!);
    return `one of ${union.variants.length} types`;
  }
  if (schema.allOf?.length === 1) return typeLabel(schema.allOf[0]!);
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const types = typesOf(schema).filter((t) => t !== 'null');
  const main = types.length > 1 ? types.join(' | ') : types[0];
  if (main === 'array') return schema.items ? `array of ${typeLabel(schema.items)}` : 'array';
  if (main === 'object' && !schema.properties && typeof schema.additionalProperties === 'object') {
    return `map of ${typeLabel(schema.additionalProperties)}`;
  }
  if (main) return schema.format ? `${main} (${schema.format})` : main;
  if (schema.enum) return 'enum';
  if (schema.properties) return 'object';
  return 'any';
}

// zod writes JavaScript's safe-integer bounds on every `.int()`: they say nothing to a reader.
const isNoiseBound = (n: number | undefined) => n !== undefined && Math.abs(n) >= Number.MAX_SAFE_INTEGER;

const numberFormat = new Intl.NumberFormat('en-US');

/** Validation rules in words: `1 to 100`, `at most 80 characters`, `default: 25`. */
export function constraintsOf(schema: JsonSchema): string[] {
  const out: string[] = [];
  const min = isNoiseBound(schema.minimum) ? undefined : schema.minimum;
  const max = isNoiseBound(schema.maximum) ? undefined : schema.maximum;
  if (min !== undefined && max !== undefined) out.push(`${numberFormat.format(min)} to ${numberFormat.format(max)}`);
  else if (min !== undefined) out.push(`at least ${numberFormat.format(min)}`);
  else if (max !== undefined) out.push(`at most ${numberFormat.format(max)}`);
  if (schema.exclusiveMinimum !== undefined) out.push(`more than ${numberFormat.format(schema.exclusiveMinimum)}`);
  if (schema.exclusiveMaximum !== undefined) out.push(`less than ${numberFormat.format(schema.exclusiveMaximum)}`);
  if (schema.minLength !== undefined && schema.maxLength !== undefined) out.push(`${schema.minLength} to ${schema.maxLength} characters`);
  else if (schema.minLength !== undefined) out.push(`at least ${schema.minLength} characters`);
  else if (schema.maxLength !== undefined) out.push(`at most ${schema.maxLength} characters`);
  if (schema.minItems !== undefined) out.push(`at least ${schema.minItems} items`);
  if (schema.maxItems !== undefined) out.push(`at most ${schema.maxItems} items`);
  // A format (`date-time`) already says what its generated pattern spells out unreadably.
  if (schema.pattern && !schema.format) out.push(`pattern ${schema.pattern}`);
  if (schema.default !== undefined) out.push(`default: ${JSON.stringify(schema.default)}`);
  return out;
}

/** The enum values of a schema, or of an array's items (`scopes: ["catalog:read", …]`). */
export function enumValues(schema: JsonSchema): unknown[] | null {
  if (schema.enum) return schema.enum;
  const items = schema.items;
  if (typesOf(schema).includes('array') && items?.enum) return items.enum;
  return null;
}

const MAX_DEPTH = 8;

/**
 * A request body to start from: the required properties and those with a default, each with a value
 * that has the right shape. Optional properties are left out so that the skeleton passes validation
 * more often than a "fill everything" example would.
 */
export function exampleFor(schema: JsonSchema, resolve: SchemaResolver, depth = 0): unknown {
  if (depth > MAX_DEPTH) return null;
  if (schema.$ref) {
    const target = resolve(schema.$ref);
    return target ? exampleFor(target, resolve, depth + 1) : null;
  }
  if (schema.example !== undefined) return schema.example;
  if (schema.examples?.length) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const union = unionVariants(schema);
  if (union) return union.variants[0] ? exampleFor(union.variants[0], resolve, depth + 1) : null;
  if (schema.allOf?.length) {
    return Object.assign({}, ...schema.allOf.map((part) => exampleFor(part, resolve, depth + 1)).filter((v) => typeof v === 'object' && v !== null));
  }
  const type = typesOf(schema).find((t) => t !== 'null') ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'object': {
      const required = new Set(schema.required ?? []);
      const out: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        if (required.has(name) || property.default !== undefined) out[name] = exampleFor(property, resolve, depth + 1);
      }
      return out;
    }
    case 'array':
      return (schema.minItems ?? 0) > 0 && schema.items ? [exampleFor(schema.items, resolve, depth + 1)] : [];
    case 'string':
      return schema.format === 'date-time' ? new Date(0).toISOString() : 'string';
    case 'integer':
    case 'number':
      return isNoiseBound(schema.minimum) ? 0 : (schema.minimum ?? 0);
    case 'boolean':
      return false;
    default:
      return null;
  }
}
