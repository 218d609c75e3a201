// The demo service: every Sightline feature on a realistic small Hono app.
import { Hono } from 'hono';
import { ValidationError, createLogger, dependency, memoryStore, redisStore } from 'sightline';
import {
  errorCatalog,
  health,
  idempotency,
  notFoundHandler,
  observability,
  problemHandler,
  traced,
} from 'sightline/hono';
import { DuplicateEmailError, InvalidEmailFormatError, UserNotFoundError } from './errors.mjs';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Builds the demo app. `upstreamUrl` is the inventory dependency; `store` the idempotency store.
 */
export function createApp({ upstreamUrl, logger = createLogger(), store = memoryStore() } = {}) {
  const users = new Map([['1', { id: '1', name: 'Ada Lovelace', email: 'ada@example.com' }]]);
  const inventory = dependency('inventory', {
    timeoutMs: 1_000,
    retry: { maxAttempts: 2, initialDelayMs: 50 },
    breaker: { kind: 'consecutive', threshold: 5, halfOpenAfterMs: 10_000 },
    logger,
  });

  const app = new Hono();
  app.use(observability({ logger, identify: (c) => c.req.header('x-demo-user') }));
  app.onError(problemHandler());
  app.notFound(notFoundHandler());
  app.route('/', health());
  // Each problem's `type` (/problems/<code>) resolves to its public page.
  app.route('/', errorCatalog());

  app.get(
    '/users/:id',
    traced(async function loadUser(c) {
      const user = users.get(c.req.param('id'));
      if (!user) throw new UserNotFoundError('user', c.req.param('id'));
      c.var.logger.info('user loaded', { user_id: user.id });
      return c.json(publicUser(user));
    }),
  );

  app.post('/users', async (c) => {
    const body = await c.req.json();
    const violations = [];
    if (typeof body?.name !== 'string' || body.name.trim() === '')
      violations.push({ field: 'name', message: 'is required' });
    if (typeof body?.email !== 'string')
      violations.push({ field: 'email', message: 'is required' });
    if (violations.length > 0) throw new ValidationError('Invalid user payload', { violations });
    if (!EMAIL.test(body.email)) {
      throw new InvalidEmailFormatError('Invalid email format', {
        field: 'email',
        violations: [{ field: 'email', message: 'is not a valid email address' }],
      });
    }
    if ([...users.values()].some((user) => user.email === body.email)) {
      throw new DuplicateEmailError(`Email already registered: ${body.email}`, {
        rule: 'unique-email',
      });
    }
    const user = {
      id: String(users.size + 1),
      name: body.name,
      email: body.email,
      password: body.password,
    };
    users.set(user.id, user);
    c.var.logger.info('user created', { user });
    return c.json(publicUser(user), 201);
  });

  app.get('/boom', () => {
    throw new Error('connection to postgres://app:hunter2@db:5432/app refused');
  });

  app.get('/upstream', async (c) => {
    const mode = c.req.query('mode') ?? 'fail';
    const response = await inventory.fetch(`${upstreamUrl}/stock?mode=${encodeURIComponent(mode)}`);
    return c.json(await response.json());
  });

  app.post('/payments', idempotency({ store, required: true }), async (c) => {
    const body = await c.req.json();
    if (typeof body?.amount !== 'number' || body.amount <= 0) {
      throw new ValidationError('Invalid payment', {
        violations: [{ field: 'amount', message: 'must be a positive number' }],
      });
    }
    const payment = {
      id: `pay_${Math.random().toString(36).slice(2, 10)}`,
      amount: body.amount,
      status: 'captured',
    };
    c.var.logger.info('payment captured', { payment_id: payment.id, amount: payment.amount });
    return c.json(payment, 201);
  });

  return { app, inventory };
}

/** The idempotency store: Redis when REDIS_URL is set (many instances), else in memory. */
export async function createStore(redisUrl = process.env.REDIS_URL) {
  if (!redisUrl) return memoryStore();
  const { Redis } = await import('ioredis');
  return redisStore(new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false }));
}

/** A stored user as clients may see it: never the password. */
function publicUser({ password: _password, ...visible }) {
  return visible;
}
