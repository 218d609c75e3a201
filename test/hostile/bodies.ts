// Hostile request bodies shared by the in-process and the child-process properties.
import fc from 'fast-check';
import type { Secrets } from './helpers.js';

const ONE_MB = 1 << 20;
const PADDING = 'p'.repeat(ONE_MB);

/** A body as a function of the run's secrets (so every body kind can carry them). */
export type BodyFn = (secrets: Secrets) => string | undefined;

// Right-ish shape with hostile field values and the secrets a client sends.
const canaryFieldsArb: fc.Arbitrary<BodyFn> = fc
  .record(
    {
      name: fc.oneof(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.constant('  '),
        fc.jsonValue({ maxDepth: 2 }),
      ),
      email: fc.constantFrom('secret', 'invalid', 'none'),
      amount: fc.oneof(
        fc.integer(),
        fc.double(),
        fc.string(),
        fc.constant(null),
        fc.constant(-1),
        fc.constant(0),
      ),
      password: fc.boolean(),
      token: fc.boolean(),
      api_key: fc.boolean(),
      note: fc.constantFrom('card', 'aws', 'github', 'jwt', 'password'),
      extra: fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 3 }), {
        maxKeys: 5,
      }),
    },
    { requiredKeys: [] },
  )
  .map((fields) => (secrets: Secrets) => {
    const body: Record<string, unknown> = { ...fields.extra };
    if ('name' in fields) body['name'] = fields.name;
    if (fields.email === 'secret') body['email'] = secrets.email;
    if (fields.email === 'invalid') body['email'] = secrets.email.replace('@', ' at ');
    if ('amount' in fields) body['amount'] = fields.amount;
    if (fields.password) body['password'] = secrets.password;
    if (fields.token) body['token'] = secrets.token;
    if (fields.api_key) body['api_key'] = secrets.apiKey;
    if (fields.note === 'card') body['card_number'] = secrets.card;
    if (fields.note === 'aws') body['aws_access_key_id'] = secrets.aws;
    if (fields.note === 'github') body['github_token'] = secrets.github;
    if (fields.note === 'jwt') body['session'] = secrets.jwt;
    if (fields.note === 'password') body['comment'] = `my password=${secrets.password}`;
    return JSON.stringify(body);
  });

/** JSON values of the right and the wrong shape, some carrying secrets in their natural fields. */
export const jsonBodyArb: fc.Arbitrary<BodyFn> = fc.oneof(
  // Wrong shapes: arrays, null, numbers, strings, nested objects (bounded depth).
  {
    weight: 5,
    arbitrary: fc.jsonValue({ maxDepth: 6 }).map((value) => () => JSON.stringify(value)),
  },
  { weight: 8, arbitrary: canaryFieldsArb },
  // 1 MiB bodies: valid JSON with secrets, and 1 MiB of not-JSON.
  {
    weight: 1,
    arbitrary: fc.constant((secrets: Secrets) =>
      JSON.stringify({
        name: 'Big',
        email: secrets.email,
        password: secrets.password,
        padding: PADDING,
      }),
    ),
  },
  { weight: 1, arbitrary: fc.constant(() => `{"name": "${PADDING}`) },
);

/** Text that is not JSON (or not quite), plus empty and absent bodies. */
export const notJsonBodyArb: fc.Arbitrary<BodyFn> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }).map((text) => () => text),
  fc.string({ unit: 'binary', maxLength: 80 }).map((text) => () => text),
  fc.jsonValue({ maxDepth: 3 }).chain((value) => {
    const text = JSON.stringify(value);
    return fc
      .integer({ min: 0, max: Math.max(0, text.length - 1) })
      .map((cut) => () => text.slice(0, cut));
  }),
  fc.constantFrom<BodyFn>(
    () => '',
    () => undefined,
    () => '{',
    () => '{"name":"x",}',
    () => "{'name':'x'}",
    () => 'NaN',
    () => '\uFEFF{}',
    () => '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}',
  ),
  fc.constant((secrets: Secrets) => `password=${secrets.password}&token=${secrets.token}`),
);

export const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  'application/merge-patch+json',
];
export const OTHER_TYPES = [
  undefined,
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'application/xml',
  'application/octet-stream',
  '*/*',
  'garbage',
];
