// The demo's domain errors: one line each on top of the taxonomy.
import {
  BusinessRuleViolationError,
  ResourceNotFoundError,
  ValidationError,
  defineError,
} from 'sightline';

export const UserNotFoundError = defineError(ResourceNotFoundError, {
  name: 'UserNotFoundError',
  code: 'USER_NOT_FOUND',
  userMessage: 'No user exists with this id.',
});
export const DuplicateEmailError = defineError(BusinessRuleViolationError, {
  name: 'DuplicateEmailError',
  code: 'DUPLICATE_EMAIL',
  userMessage: 'A user with this email address already exists.',
});
export const InvalidEmailFormatError = defineError(ValidationError, {
  name: 'InvalidEmailFormatError',
  code: 'INVALID_EMAIL_FORMAT',
  userMessage: 'The email address is not valid.',
});
