export { toJsonPointer } from './json-pointer.js';
export { DEFAULT_PROBLEM_TYPE_BASE, kebabCase, problemTypeUri } from './problem-type.js';
export { PROBLEM_CONTENT_TYPE, problemResponseInit, toProblemResponse } from './response.js';
export type { ProblemResponseInit } from './response.js';
export { problemForStatus, toProblem } from './to-problem.js';
export type { ProblemDocument, ProblemFieldError, ProblemOptions } from './types.js';
export { problemTypePage, renderProblemTypeHtml } from './type-page.js';
export type { ProblemTypePage } from './type-page.js';
