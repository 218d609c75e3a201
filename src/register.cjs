'use strict';
// The CommonJS preload: `node --require sightline/register app.cjs`.
// CommonJS apps need no loader hook (require-in-the-middle patches require), so this only
// starts the SDK, synchronously, before the app's first require. It loads the ESM build through
// require(esm), available without a flag from Node 20.19 / 22.12.
require('./sdk/preload.js').startFromEnvironment();
