/**
 * The one configuration source of the core: typed environment getters (empty = unset, invalid =
 * one warning naming the variable and the fallback) and the settings the core reads.
 * @module
 */
export {
  getBoolean,
  getEnum,
  getKeyValues,
  getList,
  getNumber,
  getString,
  rejectedVariables,
  rejectVariable,
  warnInvalid,
  type Environment,
} from './env.js';
export { coreEnvironment, coreSetting, type CoreSettingName } from './settings.js';
