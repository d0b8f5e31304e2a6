/**
 * A validator for OCSF events that reads the OCSF schema's own format (as extract.py takes it
 * from github.com/ocsf/ocsf-schema): every attribute must be one the class or object defines,
 * of the dictionary's type (arrays where `is_array`), inside its enum where it has one (the
 * object's or class's enum overriding the dictionary's), with every `required` attribute present
 * and the `at_least_one` / `just_one` constraints met. Problems come back as `path: what`.
 */
import { readFileSync } from 'node:fs';

interface AttributeRule {
  readonly requirement?: 'required' | 'recommended' | 'optional';
  readonly enum?: Readonly<Record<string, unknown>>;
}
interface ObjectRule {
  readonly attributes: Readonly<Record<string, AttributeRule>>;
  readonly constraints?: { readonly at_least_one?: readonly string[]; readonly just_one?: readonly string[] };
}
export interface OcsfSchemaSubset {
  readonly ocsf_version: string;
  readonly source: string;
  readonly class: ObjectRule & { readonly uid: number; readonly category_uid: number; readonly name: string };
  readonly objects: Readonly<Record<string, ObjectRule>>;
  readonly dictionary: Readonly<
    Record<string, { readonly type: string; readonly is_array?: boolean; readonly enum?: Record<string, unknown> }>
  >;
  readonly types: Readonly<Record<string, { readonly type?: string; readonly regex?: string }>>;
}

export const COMPLIANCE_FINDING_SCHEMA: OcsfSchemaSubset = JSON.parse(
  readFileSync(new URL('./compliance-finding-1.7.0.json', import.meta.url), 'utf8'),
);

const BASE_TYPES = new Set(['string_t', 'integer_t', 'long_t', 'float_t', 'boolean_t', 'json_t']);
/**
 * The schema server computes these enums from the category and class files at compile time (the
 * sources hold placeholders), so they are checked against the class itself below instead.
 */
const COMPUTED_ENUMS = new Set(['class_uid', 'category_uid', 'type_uid']);

/** A scalar type down to its base (timestamp_t → long_t, uuid_t → string_t …). */
const baseOf = (schema: OcsfSchemaSubset, type: string): string => {
  let current = type;
  for (let depth = 0; depth < 8 && !BASE_TYPES.has(current); depth++) current = schema.types[current]?.type ?? current;
  return current;
};

const scalarProblem = (schema: OcsfSchemaSubset, type: string, value: unknown): string | undefined => {
  const base = baseOf(schema, type);
  const ok =
    base === 'json_t' ||
    (base === 'string_t' && typeof value === 'string') ||
    ((base === 'integer_t' || base === 'long_t') && Number.isInteger(value)) ||
    (base === 'float_t' && typeof value === 'number') ||
    (base === 'boolean_t' && typeof value === 'boolean');
  return ok ? undefined : `is ${JSON.stringify(value)?.slice(0, 40)}, not a ${type}`;
};

const validateObject = (schema: OcsfSchemaSubset, value: unknown, rule: ObjectRule, path: string): string[] => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: is not an object`];
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const [name, attribute] of Object.entries(rule.attributes)) {
    if (attribute.requirement === 'required' && record[name] === undefined) problems.push(`${path}.${name}: is required`);
  }
  const { at_least_one: atLeastOne, just_one: justOne } = rule.constraints ?? {};
  if (atLeastOne && !atLeastOne.some((name) => record[name] !== undefined))
    problems.push(`${path}: needs at least one of ${atLeastOne.join(', ')}`);
  if (justOne && justOne.filter((name) => record[name] !== undefined).length !== 1)
    problems.push(`${path}: needs exactly one of ${justOne.join(', ')}`);
  for (const [name, attributeValue] of Object.entries(record)) {
    const where = `${path}.${name}`;
    const attribute = rule.attributes[name];
    const entry = schema.dictionary[name];
    if (!attribute || !entry) {
      problems.push(`${where}: is not an attribute of this class or object`);
      continue;
    }
    const items = entry.is_array ? attributeValue : [attributeValue];
    if (!Array.isArray(items)) {
      problems.push(`${where}: must be an array`);
      continue;
    }
    const allowed = COMPUTED_ENUMS.has(name) ? undefined : (attribute.enum ?? entry.enum);
    items.forEach((item, index) => {
      const at = entry.is_array ? `${where}[${index}]` : where;
      if (entry.type === 'object') {
        if (typeof item !== 'object' || item === null) problems.push(`${at}: is not an object`);
      } else if (entry.type.endsWith('_t')) {
        const problem = scalarProblem(schema, entry.type, item);
        if (problem) problems.push(`${at}: ${problem}`);
        else if (allowed && !(String(item) in allowed)) problems.push(`${at}: ${String(item)} is not in its enum`);
      } else {
        const object = schema.objects[entry.type];
        if (!object) problems.push(`${at}: object ${entry.type} is not in the extracted subset (add it to extract.py's list)`);
        else problems.push(...validateObject(schema, item, object, at));
      }
    });
  }
  return problems;
};

/** Every problem of one event as a Compliance Finding; empty when it validates. */
export const validateComplianceFinding = (event: unknown, schema = COMPLIANCE_FINDING_SCHEMA): string[] => {
  const problems = validateObject(schema, event, schema.class, '$');
  const record = event as Record<string, unknown>;
  if (record.class_uid !== schema.class.uid) problems.push(`$.class_uid: must be ${schema.class.uid}`);
  if (record.category_uid !== schema.class.category_uid) problems.push(`$.category_uid: must be ${schema.class.category_uid}`);
  const activity = record.activity_id;
  if (Number.isInteger(activity) && record.type_uid !== schema.class.uid * 100 + (activity as number))
    problems.push('$.type_uid: must be class_uid × 100 + activity_id');
  return problems;
};
