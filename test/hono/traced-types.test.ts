import { Hono, type Handler } from 'hono';
import { validator } from 'hono/validator';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { traced, type ObservabilityEnv } from '../../src/adapters/hono/index.js';

type UpdateUserInput = { in: { json: { name: string } }; out: { json: { name: string } } };

describe('traced() keeps Hono type inference', () => {
  it('wraps an inline handler (Hono cannot infer a path through a wrapper call: params are string | undefined)', async () => {
    const app = new Hono<ObservabilityEnv>();
    app.get(
      '/users/:id',
      traced(async function getUser(c) {
        expectTypeOf(c.req.param('id')).toEqualTypeOf<string | undefined>();
        return c.json({ id: c.req.param('id') });
      }),
    );
    const response = await app.request('/users/7');
    expect(await response.json()).toEqual({ id: '7' });
  });

  it('keeps a typed handler exactly: context variables, params and validated input flow through', async () => {
    // Hono's way to type a handler declared outside the route (its Env, path and input).
    const updateUser: Handler<ObservabilityEnv, '/users/:id', UpdateUserInput> = async (c) => {
      expectTypeOf(c.req.valid('json')).toEqualTypeOf<{ name: string }>();
      expectTypeOf(c.var.requestId).toEqualTypeOf<string>();
      return c.json({ id: c.req.param('id'), name: c.req.valid('json').name });
    };
    const wrapped = traced(updateUser);
    expectTypeOf(wrapped).toEqualTypeOf(updateUser);

    const app = new Hono<ObservabilityEnv>();
    app.use(async (c, next) => {
      c.set('requestId', 'r-1');
      await next();
    });
    app.post(
      '/users/:id',
      validator('json', (value) => value as { name: string }),
      wrapped,
    );
    const response = await app.request('/users/7', {
      method: 'POST',
      body: JSON.stringify({ name: 'Ada' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(await response.json()).toEqual({ id: '7', name: 'Ada' });
  });

  it('keeps any other function type exactly', () => {
    const handler = (c: { req: { param(name: 'id'): string } }) => c.req.param('id');
    expectTypeOf(traced(handler)).toEqualTypeOf(handler);
  });
});
