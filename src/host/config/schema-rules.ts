/**
 * Building blocks of the config schema (schema.ts). Each rule is a zod schema
 * paired with one phrase that says what it allows ("an integer from 1 to 64");
 * every issue the rule raises carries exactly that phrase, so an error line
 * reads `shards.count: 0 is not allowed (an integer from 1 to 64)` whatever
 * check failed. The phrase is also the "Allowed" column of docs/config.md.
 *
 * `setting` makes a key (rule + default + doc), `section` a mapping of keys
 * (strict: an unknown key is an error, never a silent default).
 */
import { z } from 'zod';

export interface Rule<T extends z.ZodTypeAny> {
  readonly schema: T;
  readonly allowed: string;
}

/** Allowed phrase of every setting, read by describe-issues.ts and config-docs.ts. */
const kAllowedPhrases = new WeakMap<z.ZodTypeAny, string>();

export function allowedPhraseOf(schema: z.ZodTypeAny): string | undefined {
  return kAllowedPhrases.get(schema);
}

/** A key: its rule, its default (a file names only what it changes) and its doc line. */
export function setting<T extends z.ZodTypeAny>(rule: Rule<T>, defaultValue: Exclude<z.input<T>, undefined>, doc: string): z.ZodDefault<T> {
  const schema = rule.schema.default(defaultValue as never).describe(doc);
  kAllowedPhrases.set(schema, rule.allowed);
  return schema;
}

/**
 * A mapping of keys. Every key inside has a default, so the section defaults
 * to `{}`. `refine` adds rules across keys; it reports on the key to change.
 */
export function section<S extends z.ZodRawShape>(
  shape: S,
  doc: string,
  refine?: (value: z.output<z.ZodObject<S, 'strict'>>, ctx: z.RefinementCtx) => void,
) {
  const allowed = `a mapping with keys ${Object.keys(shape).join(', ')}`;
  const object = z.object(shape, { errorMap: phrase(allowed) }).strict();
  const checked = refine === undefined ? object : object.superRefine(refine);
  const schema = checked.default({} as never).describe(doc);
  kAllowedPhrases.set(schema, allowed);
  return schema;
}

export function boolean(): Rule<z.ZodBoolean> {
  return rule((errorMap) => z.boolean({ errorMap }), 'true or false');
}

export function integer(min: number, max = Number.MAX_SAFE_INTEGER): Rule<z.ZodNumber> {
  const allowed = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
  return rule((errorMap) => z.number({ errorMap }).int().min(min).max(max), allowed);
}

/** A real number in [min, max]; `max` Infinity means no upper bound. */
export function number(min: number, max = Number.POSITIVE_INFINITY): Rule<z.ZodNumber> {
  const allowed = max === Number.POSITIVE_INFINITY ? `a number >= ${min}` : `a number from ${min} to ${max}`;
  return rule((errorMap) => z.number({ errorMap }).finite().min(min).max(max), allowed);
}

export function powerOfTwo(min: number, max: number): Rule<z.ZodEffects<z.ZodNumber>> {
  const allowed = `a power of 2 from ${min} to ${max}`;
  return rule(
    (errorMap) => z.number({ errorMap }).int().min(min).max(max).refine((v) => (v & (v - 1)) === 0, { message: allowed }),
    allowed,
  );
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T, why = ''): Rule<z.ZodEnum<z.Writeable<T>>> {
  return rule((errorMap) => z.enum(values as z.Writeable<T>, { errorMap }), `one of ${values.join(', ')}${why}`);
}

/** A string matching `pattern`; `allowed` says so in words. */
export function text(pattern: RegExp, allowed: string): Rule<z.ZodString> {
  return rule((errorMap) => z.string({ errorMap }).regex(pattern), allowed);
}

export function webSocketUrl(): Rule<z.ZodEffects<z.ZodString>> {
  const allowed = 'a ws:// or wss:// URL';
  return rule((errorMap) => z.string({ errorMap }).refine(isWebSocketUrl, { message: allowed }), allowed);
}

/** The rule or null; its phrase must already say that null is allowed. */
export function orNull<T extends z.ZodTypeAny>(inner: Rule<T>): Rule<z.ZodNullable<T>> {
  return { schema: inner.schema.nullable(), allowed: inner.allowed };
}

/** A list of distinct items; a repeated item is reported at its own index. */
export function uniqueList<T extends z.ZodTypeAny>(item: Rule<T>, minItems: number, allowed: string) {
  const schema = z
    .array(item.schema, { errorMap: phrase(allowed) })
    .min(minItems)
    .superRefine((items, ctx) => {
      const first = new Map<unknown, number>();
      items.forEach((value, i) => {
        const earlier = first.get(value);
        if (earlier === undefined) first.set(value, i);
        else ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i], message: `each item at most once; also at [${earlier}]` });
      });
    });
  return { schema, allowed };
}

/** Marks a custom issue whose message is a whole sentence, not an allowed phrase. */
export const kSentenceParam = 'sentence';

/** A rule across keys: the value at `path` (relative to the refined mapping) is not allowed; `allowed` says what is. */
export function reject(ctx: z.RefinementCtx, path: readonly (string | number)[], allowed: string): void {
  ctx.addIssue({ code: z.ZodIssueCode.custom, path: [...path], message: allowed });
}

/** A problem of the refined mapping as a whole, said in one sentence. */
export function rejectSentence(ctx: z.RefinementCtx, sentence: string): void {
  ctx.addIssue({ code: z.ZodIssueCode.custom, path: [], message: sentence, params: { [kSentenceParam]: true } });
}

function rule<T extends z.ZodTypeAny>(build: (errorMap: z.ZodErrorMap) => T, allowed: string): Rule<T> {
  return { schema: build(phrase(allowed)), allowed };
}

function phrase(allowed: string): z.ZodErrorMap {
  return () => ({ message: allowed });
}

function isWebSocketUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'ws:' || url.protocol === 'wss:') && url.hostname !== '';
  } catch {
    return false;
  }
}
