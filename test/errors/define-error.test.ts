import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  AppError,
  ConflictError,
  ResourceNotFoundError,
  ValidationError,
  defineError,
  listErrorDefinitions,
} from '../../src/core/errors/index.js';

// The demo's domain errors: one line each.
const UserNotFoundError = defineError(ResourceNotFoundError, {
  name: 'UserNotFoundError',
  code: 'USER_NOT_FOUND',
});
const DuplicateEmailError = defineError(ConflictError, {
  name: 'DuplicateEmailError',
  code: 'DUPLICATE_EMAIL',
  userMessage: 'An account with this email address already exists.',
});
const InvalidEmailFormatError = defineError(ValidationError, {
  name: 'InvalidEmailFormatError',
  code: 'INVALID_EMAIL_FORMAT',
  userMessage: 'The email address is not valid.',
});

describe('defineError', () => {
  it('creates a named subclass that is instanceof its base', () => {
    const error = new UserNotFoundError('User', 'u-1');
    expect(error).toBeInstanceOf(UserNotFoundError);
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect(error).toBeInstanceOf(AppError);
    expect(error.name).toBe('UserNotFoundError');
    expect(UserNotFoundError.name).toBe('UserNotFoundError');
    expect(error.stack?.startsWith('UserNotFoundError: User u-1 not found')).toBe(true);
    expect(new ResourceNotFoundError('User', 1)).not.toBeInstanceOf(UserNotFoundError);
  });

  it('overrides code and user message, inherits status and severity', () => {
    const error = new UserNotFoundError('User', 'u-1');
    expect(error).toMatchObject({ code: 'USER_NOT_FOUND', status: 404, severity: 'low' });
    expect(error.title).toBe('User not found');
    const duplicate = new DuplicateEmailError('email taken');
    expect(duplicate).toMatchObject({
      code: 'DUPLICATE_EMAIL',
      status: 409,
      userMessage: 'An account with this email address already exists.',
    });
  });

  it('keeps the constructor parameters of the base', () => {
    expectTypeOf(UserNotFoundError).constructorParameters.toEqualTypeOf<
      ConstructorParameters<typeof ResourceNotFoundError>
    >();
    const error = new InvalidEmailFormatError('bad email', { field: 'email', value: 'x@' });
    expect(error.field).toBe('email');
    expect(error.violations).toEqual([]);
    expect(error.status).toBe(400);
  });

  it('accepts status and severity overrides', () => {
    const PaymentRequiredError = defineError(AppError, {
      name: 'PaymentRequiredError',
      code: 'PAYMENT_REQUIRED',
      status: 402,
      severity: 'medium',
      title: 'Payment required',
    });
    const error = new PaymentRequiredError('plan expired');
    expect(error).toMatchObject({ status: 402, severity: 'medium', title: 'Payment required' });
  });

  it('registers defined errors in the catalog as non-built-in', () => {
    const entry = listErrorDefinitions().find((d) => d.code === 'USER_NOT_FOUND');
    expect(entry).toMatchObject({
      name: 'UserNotFoundError',
      status: 404,
      severity: 'low',
      extends: 'ResourceNotFoundError',
      builtIn: false,
    });
  });

  it('rejects invalid definitions with a clear TypeError', () => {
    expect(() => defineError(AppError, { name: 'X', code: 'not-snake' })).toThrow(/UPPER_SNAKE/);
    expect(() => defineError(AppError, { name: 'has space', code: 'X' })).toThrow(/identifier/);
    expect(() => defineError(AppError, { name: 'X', code: 'X', status: 302 })).toThrow(/400–599/);
    expect(() =>
      defineError(AppError, { name: 'X', code: 'X', severity: 'urgent' as 'low' }),
    ).toThrow(/severity/);
  });
});
